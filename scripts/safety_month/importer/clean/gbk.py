"""GBK code facts for repairing byte-damaged text: which characters a byte pair can be, which
characters have a given lead or trail byte, and the readings of a character.

Built once on first use from Python's own GBK codec and pypinyin's character table, so no
table of ours is needed. Used by lost_chars.py only (documents detected as pinyin-annotated).
"""

from __future__ import annotations

from functools import lru_cache

# GBK: lead byte 0x81–0xFE, trail byte 0x40–0x7E or 0x80–0xFE.
LEADS = range(0x81, 0xFF)
TRAILS = tuple(range(0x40, 0x7F)) + tuple(range(0x80, 0xFF))
# A full-width ASCII form U+FF01–U+FF5E is GBK A3 A1–A3 FE; a converter that normalizes
# full-width forms turns such a pair into the plain ASCII character 0x21–0x7E.
FULLWIDTH_LEAD = 0xA3


def is_lead(b: int) -> bool:
    return 0x81 <= b <= 0xFE


def is_trail(b: int) -> bool:
    return 0x40 <= b <= 0x7E or 0x80 <= b <= 0xFE


def decode_pair(lead: int, trail: int) -> str | None:
    """The one character GBK bytes (lead, trail) stand for, or None."""
    return _table()[0].get((lead, trail))


def encode(ch: str) -> bytes | None:
    """GBK bytes of one character (None when GBK has no code for it)."""
    try:
        data = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 else None


def with_lead(lead: int) -> tuple[str, ...]:
    return _table()[1].get(lead, ())


def with_trail(trail: int) -> tuple[str, ...]:
    return _table()[2].get(trail, ())


def with_reading(syllable: str) -> tuple[str, ...]:
    """GBK characters pypinyin gives this toned syllable for (any of their readings)."""
    return _by_reading().get(syllable, ())


@lru_cache(maxsize=None)
def readings(ch: str) -> frozenset[str]:
    """pypinyin's toned readings of one character (empty when it has none)."""
    from pypinyin.pinyin_dict import pinyin_dict

    value = pinyin_dict.get(ord(ch))
    return frozenset(value.split(",")) if value else frozenset()


@lru_cache(maxsize=None)
def leads_read_as(prev_trail: int, syllable: str) -> tuple[int, ...]:
    """Lead bytes L such that the pair (prev_trail, L), read one byte out of step, is a
    character with this reading (變 d783 + 為 9ee9: 83 9e = 優 yōu)."""
    out = []
    for lead in LEADS:
        across = decode_pair(prev_trail, lead)
        if across and syllable in readings(across):
            out.append(lead)
    return tuple(out)


@lru_cache(maxsize=1)
def _table() -> tuple[dict, dict, dict]:
    pairs: dict[tuple[int, int], str] = {}
    by_lead: dict[int, list[str]] = {}
    by_trail: dict[int, list[str]] = {}
    for lead in LEADS:
        for trail in TRAILS:
            try:
                ch = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
            if len(ch) != 1 or not ch.isprintable():
                continue
            pairs[(lead, trail)] = ch
            by_lead.setdefault(lead, []).append(ch)
            by_trail.setdefault(trail, []).append(ch)
    return (pairs, {k: tuple(v) for k, v in by_lead.items()},
            {k: tuple(v) for k, v in by_trail.items()})


@lru_cache(maxsize=1)
def _by_reading() -> dict[str, tuple[str, ...]]:
    from pypinyin.pinyin_dict import pinyin_dict

    in_gbk = set(_table()[0].values())
    out: dict[str, list[str]] = {}
    for code, value in pinyin_dict.items():
        ch = chr(code)
        if ch in in_gbk:
            for r in value.split(","):
                out.setdefault(r, []).append(ch)
    return {k: tuple(v) for k, v in out.items()}
