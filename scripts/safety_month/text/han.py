"""What counts as a Han (CJK ideograph) character: one definition for every room.

The blocks are given as regex class ranges (use inside ``[...]``):

- HAN_BMP: CJK Extension A, the Unified Ideographs and the compatibility ideographs, all in
  the Basic Multilingual Plane. The importer's rules scan with this class: a class reaching
  beyond the BMP makes every scan of re several times slower, and such characters are rare
  in a speech (rules that care look for them separately).
- HAN_ASTRAL: the extensions B–H in the supplementary planes.
- HAN: both, for tests of a single character or a short text (the editors' checks, the
  "does it read as Chinese" test).
- HAN_COMMON: the Unified Ideographs block alone, for patterns of names and places, which
  are written in common characters.
"""

from __future__ import annotations

import re

HAN_COMMON = "\u4e00-\u9fff"
HAN_BMP = "\u3400-\u4dbf" + HAN_COMMON + "\uf900-\ufaff"
HAN_ASTRAL = "\U00020000-\U0003134f"
HAN = HAN_BMP + HAN_ASTRAL

HAN_RE = re.compile(f"[{HAN}]")


def is_han(ch: str) -> bool:
    """True when ch is one Han character (any block above)."""
    return bool(ch) and HAN_RE.match(ch) is not None
