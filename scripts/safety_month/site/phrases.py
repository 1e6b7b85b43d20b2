"""Short Chinese texts (campaign themes) as phrases that wrap as units.

A theme such as "人人讲安全、个个会应急——查找身边安全隐患" in a narrow card broke inside a word
("会应|急"): Chinese text may break between any two characters. Each phrase (the text between
spaces, after "、，；" and before "——") becomes an inline block, so a line breaks between
phrases first and inside one only when it is wider than the whole line.
"""

from __future__ import annotations

import html
import re

# A phrase ends after a space or enumeration/clause punctuation, or before a dash pair, which
# opens a subtitle ("——畅通生命通道").
_CUT = re.compile(r"(?<=[ \u3000、，；,;])|(?=——)")


def phrases(text: str) -> list[str]:
    """The wrap units of text, in order; joined they give text back unchanged."""
    return [p for p in _CUT.split(text) if p]


def phrases_html(text: str) -> str:
    """Escaped HTML of text with each phrase in <span class="sm-phrase"> (an inline block).

    A phrase's trailing space stays outside its span: at the end of an inline block the
    browser drops it, and "落实安全责任 推动安全发展" would lose its space."""
    out = []
    for p in phrases(text):
        word = p.rstrip()
        out.append(f'<span class="sm-phrase">{html.escape(word, quote=True)}</span>{p[len(word):]}')
    return "".join(out)
