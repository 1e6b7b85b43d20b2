"""Does a decoded text read as Chinese? The plausibility test behind every encoding choice.

Used by the importer's decoder (which of the candidate encodings gives Chinese) and by the
file-name reader (are a name's non-UTF-8 bytes GBK?): pure, over text only, any room may use it.
"""

from __future__ import annotations

import re
import unicodedata

from .han import HAN as CJK_CHARS  # (every Han block: a decoded text is tested once)

CJK = re.compile(f"[{CJK_CHARS}]")
# Everything a Chinese speech plausibly contains besides CJK ideographs.
PLAUSIBLE_CHARS = (
    r"\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u22ff\u2460-\u24ff\u2500-\u257f"
    r"\u25a0-\u27bf\u3000-\u303f\u3200-\u33ff\ufe30-\ufe4f\ufe10-\ufe1f\uff00-\uffef"
    r"\u0391-\u03c9\u0401-\u0451\u02c7-\u02d9\u0100-\u024f\u3105-\u312f\ufeff"
)
# The characters looks_chinese() must look at one by one: not whitespace (\s is exactly
# str.isspace()), not plausible, not CJK. Usually none or a handful.
_ODD = re.compile(f"[^\\s{PLAUSIBLE_CHARS}{CJK_CHARS}]")
_SPACE = re.compile(r"\s")
# Share of non-CJK characters allowed outside PLAUSIBLE_CHARS (kana, Hangul, odd symbols).
MAX_IMPLAUSIBLE_SHARE = 0.01


def looks_chinese(text: str) -> bool:
    """True when ``text`` reads as Chinese: CJK present, no replacement/private/unassigned
    characters, and (almost) nothing from scripts a misdecode typically produces."""
    if "\ufffd" in text or not CJK.search(text):
        return False
    odd = _ODD.findall(text)
    if any(unicodedata.category(ch) in ("Co", "Cn", "Cs") for ch in odd):
        return False
    total = len(text) - len(_SPACE.findall(text))     # characters that are not whitespace
    return len(odd) <= MAX_IMPLAUSIBLE_SHARE * total
