"""Small text helpers shared by the structure modules (pure functions)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from safety_month import tables


CJK_NUMERALS = "一二三四五六七八九十"
# A sentence is finished by one of these (closing quotes/brackets may follow).
SENTENCE_END = "。！？!?"
CLOSERS = "”’」』）)】"
# Punctuation that ends a clause (used to bound heading searches).
CLAUSE_PUNCT = "，,、；;：:。！？!?…—“”‘’「」『』（）()《》【】"
# Runs of characters that are not str.isalnum(): \W is exactly "not alphanumeric and not
# '_'" in Python's re, so [\W_] is exactly "not isalnum()" (a test checks every code point).
_NOT_ALNUM_RE = re.compile(r"[\W_]+")


def is_finished(text: str) -> bool:
    """True when text ends a sentence (closing quotes after 。！？ count; "…“四个意识”" does not)."""
    t = text.rstrip()
    while t and t[-1] in CLOSERS:
        t = t[:-1]
    return bool(t) and (t[-1] in SENTENCE_END + "…" or t.endswith(("谢谢大家", "谢谢")))


@dataclass(frozen=True)
class Line:
    """One non-empty line of cleaned text with its 1-based line number, and where in the
    cleaned line its text starts (0-based; more than 0 when a stage took a piece off its
    start: blanks, a glued title, a compilation label): carried to the blocks, so a review
    item of the clean stage (line, column) finds its paragraph without a search."""

    no: int
    text: str
    col: int = 0


def piece_of(line: Line, text: str) -> Line:
    """line holding only text, a piece of its text (a label, a glued title or blanks taken off
    an end): the column moves to where the piece starts in the line (0 when it is not a piece
    of the line as it is: then the line's own start)."""
    start = line.text.find(text) if text else 0
    return Line(line.no, text, line.col + max(start, 0))


_DIGITS = {c: i + 1 for i, c in enumerate(CJK_NUMERALS[:9])}


def cn_number(s: str) -> int | None:
    """一..九十九 or 1..99 as an int; None when not a number."""
    if s.isdigit():
        return int(s)
    digits = _DIGITS
    if not s or any(c not in CJK_NUMERALS for c in s):
        return None
    if s == "十":
        return 10
    if len(s) == 1:
        return digits.get(s)
    if len(s) == 2 and s[0] == "十":
        return 10 + digits.get(s[1], 0)
    if len(s) == 2 and s[1] == "十":
        return digits.get(s[0], 0) * 10
    if len(s) == 3 and s[1] == "十":
        return digits.get(s[0], 0) * 10 + digits.get(s[2], 0)
    return None


def cn_numeral(n: int) -> str:
    """1..99 as Chinese numerals (一, 十二, 二十一)."""
    units = "一二三四五六七八九"
    if n < 10:
        return units[n - 1]
    tens, rest = divmod(n, 10)
    return ("" if tens == 1 else units[tens - 1]) + "十" + (units[rest - 1] if rest else "")


def squash(text: str) -> str:
    """Only the CJK characters, letters and digits: for comparing titles across punctuation."""
    return _NOT_ALNUM_RE.sub("", text)


def is_boundary_before(text: str, pos: int) -> bool:
    """True when a new sentence or paragraph can start at pos (start, after 。！？ or space)."""
    if pos == 0:
        return True
    prev = text[pos - 1]
    if prev.isspace() or prev in SENTENCE_END:
        return True
    if prev in CLOSERS:
        j = pos - 1
        while j > 0 and text[j - 1] in CLOSERS:
            j -= 1
        return j > 0 and text[j - 1] in SENTENCE_END
    return False


def first_sentence_end(text: str, start: int = 0) -> int:
    """Index just after the first sentence end (with closing quotes) at or after start; -1 if none."""
    for i in range(start, len(text)):
        if text[i] in SENTENCE_END:
            j = i + 1
            while j < len(text) and text[j] in CLOSERS and text[j] not in "）)" :
                j += 1
            return j
    return -1


@lru_cache(maxsize=None)
def table(name: str) -> dict:
    """data/<name>.yml (read once; read-only)."""
    return tables.load(f"{name}.yml") or {}


def excerpt_around(text: str, start: int, end: int, radius: int = 12) -> str:
    """The text around [start, end) for a review item."""
    return text[max(0, start - radius):min(len(text), end + radius)]


# A cut (a paragraph break, the end of a heading) never falls inside a bracket or quote pair
# whose closer comes at most PAIR_SPAN characters after its opener: the source broke the
# line there (a wrap, a pasted line: "…11日讯（通讯员 严娟娟）为…"), and checks/pairs.py
# flags a pair split across paragraphs. A longer "pair" may be a stray opener matched with
# a far closer, and a cut there is kept.
PAIR_SPAN = 120
_PAIR_OF = {"（": "）", "(": ")", "“": "”", "《": "》", "【": "】", "〔": "〕", "「": "」", "『": "』"}
PAIR_CHARS_RE = re.compile("[" + re.escape("".join(_PAIR_OF) + "".join(_PAIR_OF.values())) + "]")
_OPENER_OF = {close: open_ for open_, close in _PAIR_OF.items()}


def pair_spans(text: str, span: int = PAIR_SPAN) -> list[tuple[int, int]]:
    """Sorted, disjoint (start, end) ranges of text such that a cut at p (text[:p] | text[p:])
    with start < p <= end splits a pair of brackets or quotes at most `span` characters
    long. Each kind is matched on its own (a closer takes the latest opener of its kind);
    linear in the text."""
    open_at: dict[str, list[int]] = {}
    pairs = []
    for m in PAIR_CHARS_RE.finditer(text):
        ch, pos = m.group(), m.start()
        if ch in _PAIR_OF:
            open_at.setdefault(ch, []).append(pos)
        elif (stack := open_at.get(_OPENER_OF[ch])):
            start = stack.pop()
            if pos - start <= span:
                pairs.append((start, pos))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(pairs):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def inside_pair(spans: list[tuple[int, int]], pos: int) -> bool:
    """True when a cut at pos falls inside one of pair_spans' ranges."""
    return pair_end(spans, pos) is not None


def pair_end(spans: list[tuple[int, int]], pos: int) -> int | None:
    """The end (the last closer) of the pair_spans range a cut at pos falls inside, or None."""
    i = bisect_right(spans, (pos, -1)) - 1
    return spans[i][1] if i >= 0 and spans[i][0] < pos <= spans[i][1] else None


def end_keeping_pair(rest: str, e: int) -> tuple[int, int]:
    """(end, skip) of a heading that ends at the sentence end rest[e]: the 。 dropped, or,
    when it stands inside a short bracket or quote pair ("一、“安全第一。”这是…"), the
    heading keeps the pair whole, up to its closer."""
    if PAIR_CHARS_RE.search(rest, 0, e + 1):
        close = pair_end(pair_spans(rest[:e + 1 + PAIR_SPAN]), e)
        if close is not None:
            return close + 1, 0
    return e, 1
