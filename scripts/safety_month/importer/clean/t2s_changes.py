"""Which texts OpenCC's t2s (traditional -> simplified) conversion can change at all.

OpenCC replaces each dictionary key it finds with the key's first value; a text that holds
no key whose value differs from it comes out unchanged. data/clean_t2s.yml lists those keys
for the installed OpenCC: the single characters (traditional forms, compatibility
ideographs) and the phrases none of whose characters is one of them ("反覆" -> "反复").
``may_change(text)`` is False only when the text holds none of them: then the conversion
would return the text itself, and the script rule skips it (a class scan and a phrase scan
instead of converting every simplified speech). The lists are read off the dictionaries by
``table_from_dictionaries`` (tests check the file against the installed OpenCC); with any
other OpenCC version the pre-check is off and every text is converted, as before.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import opencc

from .base import table

# The dictionaries t2s.json uses (normalization, then the conversion group).
T2S_DICTIONARIES = ("CJK_Compatibility_Ideographs", "TSPhrases", "TSCharactersExt", "TSCharacters")
# Characters beyond the BMP make a regex class slow to scan; a text with any of them (rare in
# a speech) is simply converted. They are told by their UTF-16 length (four bytes, not two):
# one encode is several times faster than a regex scan for them.


def _has_astral(text: str) -> bool:
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


def _phrase_around(key: str, value: str) -> tuple[str, str]:
    """(the first character of key that the conversion changes, look-arounds that hold just
    after that character exactly where key is around it)."""
    i = next((k for k, (a, b) in enumerate(zip(key, value)) if a != b), 0)
    return key[i], f"(?<={re.escape(key[:i + 1])})(?={re.escape(key[i + 1:])})"


def _phrase_pattern(key: str, value: str) -> str:
    """A regex finding key, led by its first character that the conversion changes (so re
    skips ahead to that mostly rare character, then checks the rest around it)."""
    lead, around = _phrase_around(key, value)
    return re.escape(lead) + around


@lru_cache(maxsize=1)
def _scanners() -> re.Pattern | None:
    """One regex found in a text exactly when a changing character or phrase is: led by a
    class of the changing characters and the phrases' lead characters (re skips ahead to
    them, mostly absent), then "that character is a changing one, or the phrase is around
    it" (one scan of the text instead of one for the characters and one for the phrases)."""
    data = table("t2s")
    if str(data.get("opencc_version")) != opencc.__version__:
        return None
    chars = "".join(c for c in data["chars"] if ord(c) <= 0xFFFF)
    phrases = data["phrases"]
    if not chars or not phrases:
        return None
    around = [_phrase_around(k, v) for k, v in phrases.items()]
    leads = "".join(dict.fromkeys(chars + "".join(lead for lead, _ in around)))
    changing = f"(?<=[{re.escape(chars)}])"
    return re.compile(f"[{re.escape(leads)}](?:{changing}|{'|'.join(a for _, a in around)})")


def may_change(text: str) -> bool:
    """False only when OpenCC t2s would return text unchanged (see the module docstring)."""
    scanner = _scanners()
    if scanner is None or _has_astral(text):
        return True
    return scanner.search(text) is not None


# The look-alike blocks in the BMP (text.lookalike: radical supplement, Kangxi radicals,
# compatibility ideographs), for the scan below.
LOOKALIKE_BMP = "\u2e80-\u2fdf\uf900-\ufaff"


@lru_cache(maxsize=1)
def _scanner_with_lookalikes() -> re.Pattern | None:
    """_scanners() that is also found at a look-alike character (one scan for both tests)."""
    scanner = _scanners()
    if scanner is None:
        return None
    lead_class, rest = scanner.pattern.split("](?:", 1)
    return re.compile(f"{lead_class}{LOOKALIKE_BMP}](?:(?<=[{LOOKALIKE_BMP}])|{rest}")


def may_change_or_lookalike(text: str) -> bool:
    """False only when may_change(text) is False and text holds no look-alike character of
    the BMP (a text with characters beyond it: True). One scan instead of two."""
    scanner = _scanner_with_lookalikes()
    if scanner is None or _has_astral(text):
        return True
    return scanner.search(text) is not None


def table_from_dictionaries(opencc_dict: Path, share: Path) -> dict:
    """The contents of data/clean_t2s.yml, read off the installed dictionaries with OpenCC's
    opencc_dict tool: every single-character key whose first value differs, and every longer
    such key without one of those characters (a text holding a key of the first kind is
    converted anyway)."""
    chars: dict[str, str] = {}
    phrases: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in T2S_DICTIONARIES:
            out = Path(tmp, f"{name}.txt")
            subprocess.run([str(opencc_dict), "-i", str(share / f"{name}.ocd2"), "-o", str(out),
                            "-f", "ocd2", "-t", "text"], check=True, capture_output=True)
            for line in out.read_text(encoding="utf-8").splitlines():
                if not line:
                    continue
                key, values = line.split("\t")
                value = values.split(" ")[0]
                if key != value:
                    (chars if len(key) == 1 else phrases).setdefault(key, value)
    return {
        "opencc_version": opencc.__version__,
        "chars": "".join(sorted(chars)),
        "phrases": {k: v for k, v in sorted(phrases.items()) if not any(c in chars for c in k)},
    }
