"""Character classes shared by the text checks."""

from __future__ import annotations

from safety_month.text.han import HAN  # one definition of a Han character (text.han)

# Chinese punctuation that sits where a Han character could: 、。〈〉《》「」『』【】〔〕 etc.,
# full-width forms （），：；？！ and curly quotes.
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2026\u2014"
CJK = HAN + CJK_PUNCT
