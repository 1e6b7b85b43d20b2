"""Shared pieces of the clean stage: the rule type, its output and context, data tables,
character classes.

Every rule is a ``Rule``: a name and ``apply(text, context) -> RuleOutput``, so clean() runs
the rule list in a loop. ``RuleOutput`` unpacks like ``(text, report, review)`` plus an
optional ``line_map``: rules that delete or join lines return, for each input line
(0-based), the output line (0-based) it went to (or the nearest surviving line), so review
items and heading indexes can follow the text. The ``Context`` carries what a rule learns
about the document for later rules and for the result (titles, traditional, spun …).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, NamedTuple

from safety_month import tables
from safety_month.text.han import HAN_BMP
from ..model import ReviewItem, RuleReport

# CJK ideographs (Ext A, URO, compatibility). Used inside regex character classes.
CJK = HAN_BMP
# Chinese (full-width) punctuation and brackets that behave like CJK text for spacing rules.
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014"
RE_CJK = re.compile(f"[{CJK}]")
_NEWLINE = re.compile("\n")

# Sentence-final punctuation (a line ending with one of these is a finished sentence).
SENTENCE_END = "。！？；…!?;”’」』"

EXCERPT_RADIUS = 12


class RuleOutput(NamedTuple):
    text: str
    report: RuleReport | None       # None: a rule that only reads (no line in the report)
    review: list[ReviewItem]
    line_map: list[int] | None = None   # None: same lines in and out


@dataclass
class Context:
    """What the rules learn about one document, in the order they run.

    raw_text: the decoded text before any rule; source_url: as read from the file or page;
    titles: title candidates (hints rule; spin reverses them in a spun document); the facts
    the result reports (traditional, spun, truncated, spin_score); ``lines``: 0-based lines
    of the current text a rule names (the tail cut), carried through later rules' line maps
    by clean(); ``counts``: the report count of each rule that ran."""

    raw_text: str = ""
    source_url: str | None = None
    titles: list[str] = field(default_factory=list)
    traditional: bool = False
    spun: bool = False
    truncated: bool = False
    spin_score: int = 0
    lines: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """One clean rule. ``changes`` says what it may change, for the account of which lines
    the editors' checks must read again (clean._changed_lines): "furniture" (it judges whole
    lines: its output lines are the reference), "words", "marks" (punctuation, spacing and
    line joins), or "nothing"."""

    name: str
    apply: Callable[[str, Context], RuleOutput]
    changes: str = "words"


@lru_cache(maxsize=None)
def table(name: str) -> dict:
    """data/clean_<name>.yml (read once; the tables are read-only)."""
    return tables.load(f"clean_{name}.yml") or {}


# The newline positions of the text line_of was last asked about (the text is kept, so the
# "is" test cannot match a new string at a recycled address). Rules list their review items
# in one pass over a text; a count of the newlines before each item would cost the square
# of the text when a long text has many items.
_LINE_INDEX: tuple[str, list[int]] | None = None


def line_of(text: str, pos: int) -> int:
    """1-based line number of character offset pos."""
    global _LINE_INDEX
    if _LINE_INDEX is None or _LINE_INDEX[0] is not text:
        _LINE_INDEX = (text, [m.start() for m in _NEWLINE.finditer(text)])
    return bisect_left(_LINE_INDEX[1], pos) + 1


def col_of(text: str, pos: int) -> int:
    """0-based offset of character offset pos in its line (ReviewItem.col)."""
    return pos - (text.rfind("\n", 0, pos) + 1)


def excerpt(text: str, start: int, end: int | None = None, radius: int = EXCERPT_RADIUS) -> str:
    """The text around [start, end) on its own line, for a review item (only radius
    characters on each side are looked at, however long the line)."""
    end = start if end is None else end
    lo = max(0, start - radius)
    hi = min(len(text), end + radius)
    line_start = text.rfind("\n", lo, start)
    line_end = text.find("\n", end, hi)
    return text[lo if line_start < 0 else line_start + 1:hi if line_end < 0 else line_end]


def keep_lines(lines: list[str], keep: list[bool]) -> tuple[str, list[int]]:
    """Drop the lines whose keep flag is False; return the text and the line map.

    A dropped line maps to the next kept line (or the last kept line at the end).
    """
    out: list[str] = []
    line_map: list[int] = []
    pending: list[int] = []
    for i, (line, k) in enumerate(zip(lines, keep)):
        if k:
            for j in pending:
                line_map[j] = len(out)
            pending = []
            line_map.append(len(out))
            out.append(line)
        else:
            line_map.append(0)
            pending.append(i)
    last = max(len(out) - 1, 0)
    for j in pending:
        line_map[j] = last
    return "\n".join(out), line_map


def compose(first: list[int] | None, second: list[int] | None, n_first_in: int) -> list[int] | None:
    """The line map of applying ``first`` then ``second``."""
    if first is None and second is None:
        return None
    if first is None:
        first = list(range(n_first_in))
    if second is None:
        return first
    top = len(second) - 1
    if top < 0:
        return [0] * len(first)
    if not first or max(first) <= top:        # the usual case: no index to clamp
        return [second[i] for i in first]
    return [second[min(i, top)] for i in first]
