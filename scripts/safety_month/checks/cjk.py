"""Character classes shared by the text checks."""

from __future__ import annotations

# Han ideographs (BMP blocks and the supplementary planes).
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Chinese punctuation that sits where a Han character could: 、。〈〉《》「」『』【】〔〕 etc.,
# full-width forms （），：；？！ and curly quotes.
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2026\u2014"
CJK = HAN + CJK_PUNCT
