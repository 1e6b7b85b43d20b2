"""Lost characters in a pinyin-annotated document: restore them when sure, mark them □ if not.

A run of damage starts at a "?" and takes in what follows it: "?" with half-eaten pinyin
"?yōu)", rare characters that are GBK bytes read one byte out of step (槠髽 = e9c6 f398),
lone ASCII letters (a stray trail byte "I" = 0x49, or a full-width pair ａ3xx normalized to
ASCII: "m" = ｍ a3ed) and annotations. Each reading of the run (hypothesis) is a sequence
of characters, fixed ones (realigned bytes) and unknown ones (slots) constrained by:

- a known lead or trail byte (from realignment, a stray letter, a full-width pair);
- a pinyin syllable: the reading of the slot itself, or of the pair a one-byte-off reader
  saw across the boundary (previous character's trail byte + the slot's lead byte): 變 d783
  then "?yōu)": 優 = 83 9e, so the lost character's lead byte is 9e (為 = 9e e9).

Every combination of candidates (ordinary characters only) is scored with jieba's
dictionary in its context. A slot is restored when the plausible readings (within
min_margin of the best) all agree on it, and, when it rests on a single clue, it forms a
dictionary word with a certain neighbour. Unrestored slots become "□" (U+25A1, the 缺字
mark). Nothing is deleted silently: the caller lists every run for review.

The tokens of a run, its readings, the candidates of a slot and the dictionary score are in
lost_readings.py; this module weighs the readings and repairs the text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from . import gbk
from .lost_readings import (  # (the table data/clean_lost_chars.yml is read there, once)
    ANNOTATION,
    CONTEXT_CHARS,
    DOCUMENT_WEIGHT,
    MAX_RUN_TOKENS,
    MAX_RUNS,
    MIN_MARGIN,
    CJK_CHAR,
    Slot,
    fillings,
    hypotheses,
    is_word,
    rare,
    score,
    simplified,
    tokens as run_tokens,
)
from .t2s import to_simplified

LOST_MARK = "□"

_SAME_RUN = re.compile(r"(.)\1+", re.S)


@dataclass
class Repair:
    """One damaged run: where it was, what it read, what replaced it."""

    start: int
    end: int
    before: str
    after: str
    restored: int          # characters restored (slots filled)
    unknown: int           # □ written


# ---------------------------------------------------------------- deciding one run

def _context(text: str, start: int, end: int) -> tuple[str, str, str | None]:
    left_raw = ANNOTATION.sub("", text[max(0, start - 8 * CONTEXT_CHARS):start])
    right_raw = ANNOTATION.sub("", text[end:end + 8 * CONTEXT_CHARS])
    left_char = left_raw[-1] if left_raw and CJK_CHAR.match(left_raw[-1]) else None

    left = to_simplified(left_raw)[-CONTEXT_CHARS:]
    right = to_simplified(right_raw)[:CONTEXT_CHARS]
    return left, right, left_char


class DocumentCounts:
    """str.count of two-character strings in one document, answered from one pass over it
    (a damaged document asks for many; each str.count would scan the whole document)."""

    def __init__(self, doc: str):
        self.doc = doc
        self._pairs: dict[str, int] | None = None

    def count(self, pair: str) -> int:
        if len(pair) != 2:
            return self.doc.count(pair)
        if self._pairs is None:
            doc = self.doc
            pairs = Counter(map(str.__add__, doc, doc[1:]))      # every position, overlapping
            # "aa" is counted without overlaps, as str.count does: a run of k equal characters
            # holds k - 1 overlapping ones but k // 2 that str.count finds.
            for run in _SAME_RUN.finditer(doc):
                k = len(run.group())
                pairs[run.group(1) * 2] += k // 2 - (k - 1)
            self._pairs = pairs
        return self._pairs.get(pair, 0)


def document_evidence(doc: "str | DocumentCounts", left: str, middle: str, right: str) -> float:
    """How strongly the document itself supports a filling: for each filled character, the
    log count of the two-character strings it forms with its neighbours elsewhere in the
    same (simplified, annotation-free) document. A speech repeats its own phrases
    (交通安全进社区 … 消防安全进学校 … 燃气安全□家庭), which a general dictionary cannot know."""
    if not middle or not (doc.doc if isinstance(doc, DocumentCounts) else doc):
        return 0.0
    joined = left + middle + right
    total = 0.0
    for k in range(len(left), len(left) + len(middle)):
        for a, b in ((k - 1, k + 1), (k, k + 2)):
            if a >= 0 and b <= len(joined):
                total += math.log1p(doc.count(joined[a:b]))
    return DOCUMENT_WEIGHT * total


def resolve(text: str, start: int, end: int, tokens: list[tuple],
            doc: "str | DocumentCounts" = "") -> tuple[str, int, int]:
    """(replacement, characters restored, □ written) for the run text[start:end]; doc is the
    whole document, simplified and without annotations, used as evidence (document_evidence)."""
    if len(tokens) > MAX_RUN_TOKENS:
        return _fallback(tokens)
    left, right, left_char = _context(text, start, end)
    scored: dict[str, tuple[float, tuple, tuple[str, ...]]] = {}
    hyps = hypotheses(tokens)
    for hyp in hyps:
        for chars in fillings(hyp, left_char, left, right):
            middle = "".join(simplified(c) for c in chars)
            value = score(left + middle + right)
            if middle not in scored or value > scored[middle][0]:
                scored[middle] = (value, hyp, chars)
    if not scored:
        return _fallback(tokens)
    ranked = sorted(scored.items(), key=lambda kv: -kv[1][0])
    best_value, best_hyp, best_chars = ranked[0][1]
    plausible = [v for _, v in ranked if v[0] >= best_value - MIN_MARGIN]
    if not all(_shape(v[1]) == _shape(best_hyp) for v in plausible):
        return _fallback(tokens)
    # The document's own phrases may only narrow the choice among readings of the same
    # shape that the dictionary already found plausible; they never add a reading.
    if doc and len(plausible) > 1:
        combined = sorted(
            ((v[0] + document_evidence(doc, left, "".join(map(simplified, v[2])), right), v) for v in plausible),
            key=lambda cv: -cv[0])
        top = combined[0][0]
        plausible = [v for c, v in combined if c >= top - MIN_MARGIN]
        best_value, best_hyp, best_chars = plausible[0]
    out: list[str] = []
    restored = unknown = 0
    for i, e in enumerate(best_hyp):
        ch = simplified(best_chars[i])
        if not isinstance(e, Slot):
            # A character of the run kept as it stands (not realigned): mojibake if rare.
            if rare(e):
                out.append(LOST_MARK)
                unknown += 1
            else:
                out.append(ch)
            continue
        agreed = all(simplified(v[2][i]) == ch for v in plausible)
        if agreed and e.clues == 0:
            agreed = False
        if agreed and e.clues < 2 and not (_own_reading(e, best_chars[i])
                                           and _bonded(i, best_hyp, best_chars, left, right)):
            agreed = False
        if agreed:
            out.append(ch)
            restored += 1
        else:
            out.append(LOST_MARK)
            unknown += 1
    return "".join(out), restored, unknown


def _fallback(tokens: list[tuple]) -> tuple[str, int, int]:
    """No reading is clear: □ for each "?", the characters after it kept as they are unless
    they are mojibake (rare), stray letters and pinyin dropped. Nothing is invented and no
    ordinary character is taken away."""
    out = []
    unknown = 0
    for kind, value in tokens:
        if kind == "lost":
            out.append(LOST_MARK)
            unknown += 1
        elif kind == "seg":
            out.append("".join(simplified(c) for c in value if not rare(c)))
    return "".join(out), 0, unknown


def _shape(hyp: tuple) -> tuple:
    return tuple("?" if isinstance(e, Slot) else e for e in hyp)


def _own_reading(slot: Slot, ch: str) -> bool:
    """A single clue must be a byte or the character's own reading: a reading of the pair
    across the boundary admits too many lead bytes to stand alone."""
    if slot.lead is not None or slot.trail is not None:
        return True
    return any(s in gbk.readings(ch) for s in slot.syllables)


def _bonded(i: int, hyp: tuple, chars: tuple[str, ...], left: str, right: str) -> bool:
    """The slot's character forms a dictionary word with a certain neighbour (context or a
    fixed character), so one clue plus the word is enough."""
    def certain(j: int) -> bool:
        return not isinstance(hyp[j], Slot) or hyp[j].clues >= 2

    ch = simplified(chars[i])
    before = left[-1:] if i == 0 else (simplified(chars[i - 1]) if certain(i - 1) else "")
    after = right[:1] if i == len(hyp) - 1 else (simplified(chars[i + 1]) if certain(i + 1) else "")
    return bool((before and is_word(before + ch)) or (after and is_word(ch + after)))


# ---------------------------------------------------------------- the whole text

def repair(text: str, wrap: tuple[str, str] = ("", "")) -> tuple[str, list[Repair]]:
    """Replace every damaged run (from a "?") with its restoration or □ marks, each put
    between wrap[0] and wrap[1] (so a caller can find them again after later changes).

    Returns the new text and one Repair per run (positions in the input text)."""
    if "?" not in text:
        return text, []

    doc = DocumentCounts(to_simplified(ANNOTATION.sub("", text)))
    out: list[str] = []
    repairs: list[Repair] = []
    last = 0
    pos = text.find("?")
    while pos >= 0:
        tokens, end = run_tokens(text, pos)
        if not tokens:
            pos = text.find("?", pos + 1)
            continue
        if len(repairs) < MAX_RUNS:
            after, restored, unknown = resolve(text, pos, end, tokens, doc)
        else:
            after, restored, unknown = _fallback(tokens)
        out.append(text[last:pos])
        out.append(wrap[0] + after + wrap[1])
        repairs.append(Repair(pos, end, text[pos:end], after, restored, unknown))
        last = end
        pos = text.find("?", end)
    out.append(text[last:])
    return "".join(out), repairs
