"""The only text normalization the read stage does: newlines and control characters.

No Unicode normalization (NFKC would turn full-width ，：（） into ASCII and change the
text); the BOM is removed by the decoder. Line separators that Python's str.splitlines()
honours (\\r, \\x85, \\u2028, \\u2029) become "\\n", so "\\n".split and splitlines agree and
heading line indexes stay valid for every later stage.
"""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple

from ..model import RuleReport

RULE_CONTROL = "read.control_chars"

_NEWLINES = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
# Every match of _NEWLINES holds one of these; a text without any is not scanned.
_NEWLINE_CHARS = "\r\x85\u2028\u2029"
# C0 controls except \t and \n, DEL, C1 controls (NEL is handled as a newline above).
# Written [c][c]* rather than [c]+ (the same matches): a pattern that starts with a class lets
# re skip ahead to a control character instead of trying every position.
_CONTROL_CLASS = r"[\x00-\x08\x0b-\x1f\x7f\x80-\x84\x86-\x9f]"
_CONTROL = re.compile(f"{_CONTROL_CLASS}{_CONTROL_CLASS}*")


class Decoded(NamedTuple):
    """What a reader produces before it becomes a RawDocument."""

    text: str
    encoding: str
    heading_levels: dict[int, int]
    source_url: str | None
    removed_controls: int


def normalize_text(text: str) -> tuple[str, int]:
    """Normalize newlines, drop control characters; return (text, controls removed)."""
    if any(c in text for c in _NEWLINE_CHARS):
        text = _NEWLINES.sub("\n", text)
    removed = 0

    def drop(match: re.Match) -> str:
        nonlocal removed
        removed += len(match.group())
        return ""

    return _CONTROL.sub(drop, text), removed


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
