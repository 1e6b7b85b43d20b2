"""CJK look-alike characters: Kangxi radicals, radical supplement forms and compatibility
ideographs that look like ordinary characters (often from PDF copies) but are different code
points, so search, screen readers and copy-paste treat them as other characters.

The ordinary character comes from Unicode's NFKC normalization (unicodedata); for radical
supplement forms, which Unicode does not map, from data/cjk_radicals.yml.
Shared by the editors' check (checks.lookalike) and the importer (clean.script replaces them).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from safety_month import tables

RANGES = (
    (0x2E80, 0x2EFF, "CJK 部首补充"),
    (0x2F00, 0x2FDF, "康熙部首"),
    (0xF900, 0xFAFF, "CJK 兼容汉字"),
    (0x2F800, 0x2FA1F, "CJK 兼容汉字补充"),
)


@lru_cache(maxsize=1)
def _radical_table() -> dict[str, str]:
    return {str(k): str(v) for k, v in (tables.load("cjk_radicals.yml") or {}).items()}


def block_of(ch: str) -> str | None:
    cp = ord(ch)
    for lo, hi, name in RANGES:
        if lo <= cp <= hi:
            return name
    return None


def normal_form(ch: str) -> str | None:
    """The ordinary character a look-alike stands for, or None when there is no single one."""
    nf = unicodedata.normalize("NFKC", ch)
    if nf != ch:
        return nf
    return _radical_table().get(ch)


# Any character of RANGES: lines without one (nearly all) are skipped at regex speed.
_CANDIDATE_RE = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi, _ in RANGES) + "]")


def find(text: str) -> list[tuple[int, str, str | None, str]]:
    """(0-based index, look-alike, ordinary character or None, block) for each look-alike."""
    out = []
    for m in _CANDIDATE_RE.finditer(text):
        i, ch = m.start(), m.group(0)
        block = block_of(ch)
        if block is None:
            continue
        normal = normal_form(ch)
        if block.startswith("CJK 兼容汉字") and normal is None:
            continue  # the dozen unified ideographs that live in the compatibility block
        out.append((i, ch, normal, block))
    return out
