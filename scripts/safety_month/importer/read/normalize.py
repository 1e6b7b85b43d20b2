"""The only text normalization the read stage does: newlines and control characters.

No Unicode normalization (NFKC would turn full-width ，：（） into ASCII and change the
text); the BOM is removed by the decoder. Line separators that Python's str.splitlines()
honours (\\r, \\x85, \\u2028, \\u2029) become "\\n", so "\\n".split and splitlines agree and
heading line indexes stay valid for every later stage.
"""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple

from ..model import ReviewItem, RuleReport

RULE_CONTROL = "read.control_chars"

_NEWLINES = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
# Every match of _NEWLINES holds one of these; a text without any is not scanned.
_NEWLINE_CHARS = "\r\x85\u2028\u2029"
# C0 controls except \t and \n, DEL, C1 controls (NEL is handled as a newline above), and
# the Unicode noncharacters (U+FDD0-U+FDEF, U+xFFFE and U+xFFFF of every plane): never text,
# and the site's checks refuse all of them in a page (checks/controls.py).
# Written [c][c]* rather than [c]+ (the same matches): a pattern that starts with a class lets
# re skip ahead to a control character instead of trying every position.
# (The noncharacters beyond the BMP are looked for only in a text that has such characters:
# a class holding them makes every scan slower.)
_CONTROL_CLASS = "[\\x00-\\x08\\x0b-\\x1f\\x7f\\x80-\\x84\\x86-\\x9f\ufdd0-\ufdef\ufffe\uffff]"
_CONTROL = re.compile(f"{_CONTROL_CLASS}{_CONTROL_CLASS}*")
_ASTRAL_NONCHARACTERS = re.compile("[" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)) + "]+")


class Decoded(NamedTuple):
    """What a reader produces before it becomes a RawDocument."""

    text: str
    encoding: str
    heading_levels: dict[int, int]
    source_url: str | None
    removed_controls: int
    undecodable: int = 0                  # spots of undecodable bytes, marked □ in text
    review: tuple[ReviewItem, ...] = ()   # one item per line holding such spots
    reports: tuple[RuleReport, ...] = ()  # other changes the reader made (html_attributes)


RULE_UNDECODABLE = "read.undecodable"
SPOT_MARK = "□"      # U+25A1, the 缺字 mark: shown as a placeholder, like a lost character
# Lines listed one by one; a file with more damaged lines gets one more item saying so.
MAX_SPOT_LINES = 20


def mark_spots(text: str, marker: str | None, encoding: str) -> tuple[str, tuple[ReviewItem, ...]]:
    """Replace each marker (an undecodable spot, see encoding.decode_marked) by □ and list
    the lines holding them for review (1-based lines of text)."""
    if not marker or marker not in text:
        return text, ()
    per_line: dict[int, int] = {}
    line = 1
    last = 0
    pos = text.find(marker)
    while pos >= 0:
        line += text.count("\n", last, pos)
        last = pos
        per_line[line] = per_line.get(line, 0) + 1
        pos = text.find(marker, pos + 1)
    name = encoding.upper()
    items = [ReviewItem(RULE_UNDECODABLE, number,
                        f"原文此行有 {count} 处字节无法按 {name} 解码（文件损坏或编码混杂），"
                        f"已标为“{SPOT_MARK}”，请对照原件补全", "")
             for number, count in list(per_line.items())[:MAX_SPOT_LINES]]
    if len(per_line) > MAX_SPOT_LINES:
        items.append(ReviewItem(RULE_UNDECODABLE, 0, f"另有 {len(per_line) - MAX_SPOT_LINES} 行有无法解码的字节，"
                                                     f"已标为“{SPOT_MARK}”，请通读核对", ""))
    return text.replace(marker, SPOT_MARK), tuple(items)


def undecodable_report(spots: int, encoding: str) -> list[RuleReport]:
    if not spots:
        return []
    return [RuleReport(rule=RULE_UNDECODABLE, count=spots,
                       examples=[f"{spots} 处字节无法按 {encoding.upper()} 解码，标为 {SPOT_MARK}"])]


def normalize_text(text: str) -> tuple[str, int]:
    """Normalize newlines, drop control characters; return (text, controls removed)."""
    if any(c in text for c in _NEWLINE_CHARS):
        text = _NEWLINES.sub("\n", text)
    removed = 0

    def drop(match: re.Match) -> str:
        nonlocal removed
        removed += len(match.group())
        return ""

    text = _CONTROL.sub(drop, text)
    if len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text):      # beyond the BMP
        text = _ASTRAL_NONCHARACTERS.sub(drop, text)
    return text, removed


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


def join_pieces(pieces: list[str]) -> str:
    """Join a heading broken over lines: no space between CJK pieces, one between words."""
    out = ""
    for piece in pieces:
        if out and not (_is_cjk(out[-1]) or _is_cjk(piece[0])):
            out += " "
        out += piece
    return out


def assemble(blocks: Iterable[tuple[str, int | None]]) -> tuple[str, dict[int, int], int]:
    """Paragraph blocks (text, heading level or None) -> (text, heading_levels, removed).

    Each block becomes one or more lines (a body block is split at its line breaks, a
    heading is joined into one line); blank blocks are skipped; lines are stripped.
    """
    lines: list[str] = []
    levels: dict[int, int] = {}
    removed_total = 0
    for raw, level in blocks:
        text, removed = normalize_text(raw)
        removed_total += removed
        parts = [part.strip() for part in text.split("\n")]
        parts = [part for part in parts if part]
        if not parts:
            continue
        if level:
            levels[len(lines)] = level
            lines.append(join_pieces(parts))
        else:
            lines.extend(parts)
    return "\n".join(lines), levels, removed_total


def control_report(removed: int) -> list[RuleReport]:
    """A RuleReport for removed control characters (empty list when none)."""
    if not removed:
        return []
    return [RuleReport(rule=RULE_CONTROL, count=removed,
                       examples=[f"删除了 {removed} 个不可见控制字符（NUL 等）"])]
