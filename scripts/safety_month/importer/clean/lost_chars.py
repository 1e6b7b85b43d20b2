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
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from . import gbk
from .base import CJK, table
from .t2s import to_simplified

LOST_MARK = "□"

_T = table("lost_chars")
MIN_CANDIDATE_FREQ = int(_T["min_candidate_freq"])
MIN_MARGIN = float(_T["min_margin"])
BEAM = int(_T["beam"])
BARE_CANDIDATES = int(_T["bare_candidates"])
CONTEXT_CHARS = int(_T["context_chars"])
MAX_SHIFTED = int(_T["max_shifted_chars"])
DOCUMENT_WEIGHT = float(_T["document_weight"])
MAX_RUN_TOKENS = int(_T["max_run_tokens"])
MAX_RUNS = int(_T["max_runs"])
MAX_READINGS = int(_T["max_readings"])
_PY = table("script")["pinyin_letters"]
_RARE_MAX_FREQ = int(table("script")["rare_char_max_freq"])

_LOST = re.compile(f"\\?+(?:([{_PY}]{{1,7}})\\))?")
_ANN = re.compile(f"\\(([{_PY}]{{1,7}})\\)")
# A stray letter: not part of a word, not the placeholder X.
_LETTER = re.compile(f"[A-WYZa-wyz](?![A-Za-z])")
_PUNCT_BETWEEN = re.compile(r"[;:,.](?=\?)")
_CJK_CHAR = re.compile(f"[{CJK}]")
_CJK_RUN = re.compile(f"[{CJK}]{{1,{MAX_SHIFTED}}}")
_ANN_ANY = re.compile(f"\\([{_PY}]{{1,7}}\\)")
_WORD_MAX = 5
_SAME_RUN = re.compile(r"(.)\1+", re.S)


@dataclass(frozen=True)
class Slot:
    lead: int | None = None
    trail: int | None = None
    syllables: tuple[str, ...] = ()

    @property
    def clues(self) -> int:
        return (self.lead is not None) + (self.trail is not None) + len(set(self.syllables))


@dataclass
class Repair:
    """One damaged run: where it was, what it read, what replaced it."""

    start: int
    end: int
    before: str
    after: str
    restored: int          # characters restored (slots filled)
    unknown: int           # □ written


# ---------------------------------------------------------------- frequencies and scoring

@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict, float]:
    from .freq import frequencies

    freq = frequencies()
    import jieba

    return freq, math.log(jieba.dt.total)


@lru_cache(maxsize=1)
def _log_prob() -> dict[str, float]:
    """log P(word) for every dictionary word (computed once: scoring is the hot loop)."""
    freq, log_total = _dictionary()
    return {w: math.log(f) - log_total for w, f in freq.items() if f and f > 0}


@lru_cache(maxsize=None)
def _simplified(ch: str) -> str:

    return to_simplified(ch)


def _ordinary(ch: str) -> bool:
    freq, _ = _dictionary()
    s = _simplified(ch)
    return len(s) == 1 and (freq.get(s) or 0) >= MIN_CANDIDATE_FREQ


@lru_cache(maxsize=65536)
def score(text: str) -> float:
    """Log probability of the best segmentation under jieba's unigram word model (a
    character not in the dictionary counts as frequency 1, as jieba does)."""
    logp = _log_prob()
    unknown = -_dictionary()[1]
    n = len(text)
    best = [0.0] + [-math.inf] * n
    for i in range(n):
        base = best[i]
        for j in range(i + 1, min(n, i + _WORD_MAX) + 1):
            value = logp.get(text[i:j])
            if value is None:
                if j > i + 1:
                    continue
                value = unknown
            if base + value > best[j]:
                best[j] = base + value
    return best[n]


def _is_word(word: str) -> bool:
    freq, _ = _dictionary()
    return (freq.get(word) or 0) > 0


# ---------------------------------------------------------------- parsing a run

def _tokens(text: str, pos: int) -> tuple[list[tuple], int]:
    """The tokens of the damaged run starting at text[pos] == "?", and its end."""
    out: list[tuple] = []
    while pos < len(text):
        m = _LOST.match(text, pos)
        if m:
            out.append(("lost", m.group(1)))
            pos = m.end()
            p = _PUNCT_BETWEEN.match(text, pos)
            if p:
                out.append(("letter", p.group()))
                pos = p.end()
            continue
        m = _CJK_RUN.match(text, pos)
        if m and out and _rare(m.group()[0]):
            out.append(("seg", m.group()))
            pos = m.end()
        elif (m := _LETTER.match(text, pos)) and out:
            out.append(("letter", m.group()))
            pos = m.end()
        else:
            break
        a = _ANN.match(text, pos)
        if a:
            out.append(("ann", a.group(1)))
            pos = a.end()
    return out, pos


def _rare(ch: str) -> bool:
    """Mojibake-rare: its simplified form is below script.yml's rare_char_max_freq (the text
    is still traditional here, and jieba's dictionary is simplified)."""
    freq, _ = _dictionary()
    return (freq.get(_simplified(ch)) or 0) < _RARE_MAX_FREQ and gbk.encode(ch) is not None


def _hypotheses(tokens: list[tuple]) -> list[tuple]:
    """Every reading of the tokens as a tuple of characters (str) and Slots."""
    results: list[tuple] = []
    steps = [0]

    class _TooMany(Exception):
        pass

    def last_slot(elems: tuple) -> Slot | None:
        return elems[-1] if elems and isinstance(elems[-1], Slot) else None

    def set_last(elems: tuple, slot: Slot) -> tuple:
        return elems[:-1] + (slot,)

    def walk(i: int, elems: tuple) -> None:
        steps[0] += 1
        if steps[0] > MAX_READINGS:
            raise _TooMany
        if i == len(tokens):
            if any(isinstance(e, Slot) and e.clues for e in elems):
                results.append(elems)
            return
        kind, value = tokens[i]
        last = last_slot(elems)
        if kind == "lost":
            syl = (value,) if value else ()
            walk(i + 1, elems + (Slot(syllables=syl),))
            if last is not None and (last.lead is None or last.trail is None):
                walk(i + 1, set_last(elems, replace(last, syllables=last.syllables + syl)))
        elif kind == "ann":
            if last is not None:
                walk(i + 1, set_last(elems, replace(last, syllables=last.syllables + (value,))))
            else:
                walk(i + 1, elems)
        elif kind == "letter":
            b = ord(value)
            if gbk.is_trail(b):
                if last is not None and last.lead is not None and last.trail is None \
                        and gbk.decode_pair(last.lead, b):
                    walk(i + 1, set_last(elems, replace(last, trail=b)))
                walk(i + 1, elems + (Slot(trail=b),))
            wide_lead = b | 0x80
            if gbk.is_lead(wide_lead):
                if last is not None and last.trail is None:
                    walk(i + 1, set_last(elems, replace(last, trail=gbk.FULLWIDTH_LEAD))
                         + (Slot(lead=wide_lead),))
                elif elems and not isinstance(elems[-1], Slot):
                    data = gbk.encode(elems[-1])
                    if data and data[1] == gbk.FULLWIDTH_LEAD:
                        walk(i + 1, elems + (Slot(lead=wide_lead),))
        elif kind == "seg":
            walk(i + 1, elems + tuple(value))            # kept as it is
            for k in range(1, len(value) + 1):
                data = b"".join(gbk.encode(c) or b"" for c in value[:k])
                if len(data) != 2 * k:
                    break
                head = elems
                if last is not None and last.trail is None:
                    head = set_last(elems, replace(last, trail=data[0]))
                else:
                    head = elems + (Slot(trail=data[0]),)
                body: list = []
                ok = True
                for j in range(1, len(data) - 1, 2):
                    ch = gbk.decode_pair(data[j], data[j + 1])
                    if ch is None:
                        ok = False
                        break
                    body.append(Slot(lead=data[j], trail=data[j + 1]))
                if not ok or not gbk.is_lead(data[-1]):
                    continue
                walk(i + 1, head + tuple(body) + (Slot(lead=data[-1]),) + tuple(value[k:]))

    try:
        walk(0, ())          # (depth: one call per token, at most MAX_RUN_TOKENS + 1)
    except _TooMany:
        return []            # too many readings to weigh: the caller falls back to □
    # A slot whose two bytes are known is a fixed character.
    out = []
    for h in results:
        fixed = []
        ok = True
        for e in h:
            if isinstance(e, Slot) and e.lead is not None and e.trail is not None:
                ch = gbk.decode_pair(e.lead, e.trail)
                if ch is None:
                    ok = False
                    break
                fixed.append(Slot(lead=e.lead, trail=e.trail, syllables=e.syllables + ("=" + ch,)))
            else:
                fixed.append(e)
        if ok:
            out.append(tuple(fixed))
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------- candidates

@lru_cache(maxsize=4096)
def _candidates(slot: Slot, prev: int | None) -> tuple[str, ...]:
    """Ordinary characters that fit the slot's bytes and syllables (prev: the trail byte of
    the character before it, for the one-byte-off reading)."""
    pinned = [s[1:] for s in slot.syllables if s.startswith("=")]
    syllables = [s for s in slot.syllables if not s.startswith("=")]
    if pinned:
        pool = pinned
    elif slot.lead is not None:
        pool = list(gbk.with_lead(slot.lead))
    elif slot.trail is not None:
        pool = list(gbk.with_trail(slot.trail))
    elif not syllables:
        return ()      # a bare "?": filled by _bare_candidates in context
    else:
        pool = []
        for s in syllables:
            pool.extend(gbk.with_reading(s))
            if prev is not None:
                for lead in gbk.leads_read_as(prev, s):
                    pool.extend(gbk.with_lead(lead))
        pool = list(dict.fromkeys(pool))

    def fits(ch: str) -> bool:
        data = gbk.encode(ch)
        if data is None:
            return False
        if slot.trail is not None and data[1] != slot.trail:
            return False
        for s in syllables:
            if s in gbk.readings(ch):
                continue
            if prev is not None and data[0] in gbk.leads_read_as(prev, s):
                continue
            return False
        return True

    return tuple(c for c in pool if fits(c) and _ordinary(c))


@lru_cache(maxsize=1)
def _pairs() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """From jieba's two-character words: the characters after / before each character."""
    after: dict[str, set[str]] = {}
    before: dict[str, set[str]] = {}
    for w, f in _dictionary()[0].items():
        if len(w) == 2 and f and f >= MIN_CANDIDATE_FREQ:
            after.setdefault(w[0], set()).add(w[1])
            before.setdefault(w[1], set()).add(w[0])
    return after, before


def _bare_candidates(prev: str | None, nxt: str | None) -> tuple[str, ...]:
    """Fillings for a bare "?": the most common characters and those that make a word with
    a neighbour."""
    after, before = _pairs()
    pool = list(_common_chars())
    if prev:
        pool.extend(sorted(after.get(_simplified(prev), ())))
    if nxt:
        pool.extend(sorted(before.get(nxt, ())))
    return tuple(c for c in dict.fromkeys(pool) if gbk.encode(c))


@lru_cache(maxsize=1)
def _common_chars() -> tuple[str, ...]:
    freq, _ = _dictionary()
    singles = sorted((f, w) for w, f in freq.items()
                     if len(w) == 1 and f and _CJK_CHAR.match(w) and gbk.encode(w))
    return tuple(w for _, w in reversed(singles[-BARE_CANDIDATES:]))


def _trail_of(ch: str | None) -> int | None:
    data = gbk.encode(ch) if ch else None
    return data[1] if data else None


def _fillings(hyp: tuple, left_char: str | None, left: str, right: str) -> list[tuple[str, ...]]:
    """Assignments of candidates to the slots, best first by a left-to-right beam (the beam
    only prunes when more than BEAM partial readings compete)."""
    states: list[tuple[str, ...]] = [()]
    for e in hyp:
        grown: list[tuple[str, ...]] = []
        for chosen in states:
            prev = chosen[-1] if chosen else left_char
            if isinstance(e, Slot) and not e.clues:
                # A bare "?" may hide a whole character: common ones and words with the
                # neighbours compete, so a reading where it hides nothing must beat them.
                nxt = right[:1] if len(chosen) == len(hyp) - 1 else (
                    "" if isinstance(hyp[len(chosen) + 1], Slot) else _simplified(hyp[len(chosen) + 1]))
                grown.extend(chosen + (c,) for c in _bare_candidates(prev, nxt))
            elif isinstance(e, Slot):
                grown.extend(chosen + (c,) for c in _candidates(e, _trail_of(prev)))
            else:
                grown.append(chosen + (e,))
        if len(grown) > BEAM:
            tail = right if len(grown[0]) == len(hyp) else ""
            grown.sort(key=lambda ch: -score(left + "".join(map(_simplified, ch)) + tail))
            grown = grown[:BEAM]
        states = grown
    return states


# ---------------------------------------------------------------- deciding one run

def _context(text: str, start: int, end: int) -> tuple[str, str, str | None]:
    left_raw = _ANN_ANY.sub("", text[max(0, start - 8 * CONTEXT_CHARS):start])
    right_raw = _ANN_ANY.sub("", text[end:end + 8 * CONTEXT_CHARS])
    left_char = left_raw[-1] if left_raw and _CJK_CHAR.match(left_raw[-1]) else None

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
    hyps = _hypotheses(tokens)
    for hyp in hyps:
        for chars in _fillings(hyp, left_char, left, right):
            middle = "".join(_simplified(c) for c in chars)
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
            ((v[0] + document_evidence(doc, left, "".join(map(_simplified, v[2])), right), v) for v in plausible),
            key=lambda cv: -cv[0])
        top = combined[0][0]
        plausible = [v for c, v in combined if c >= top - MIN_MARGIN]
        best_value, best_hyp, best_chars = plausible[0]
    out: list[str] = []
    restored = unknown = 0
    for i, e in enumerate(best_hyp):
        ch = _simplified(best_chars[i])
        if not isinstance(e, Slot):
            # A character of the run kept as it stands (not realigned): mojibake if rare.
            if _rare(e):
                out.append(LOST_MARK)
                unknown += 1
            else:
                out.append(ch)
            continue
        agreed = all(_simplified(v[2][i]) == ch for v in plausible)
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
            out.append("".join(_simplified(c) for c in value if not _rare(c)))
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

    ch = _simplified(chars[i])
    before = left[-1:] if i == 0 else (_simplified(chars[i - 1]) if certain(i - 1) else "")
    after = right[:1] if i == len(hyp) - 1 else (_simplified(chars[i + 1]) if certain(i + 1) else "")
    return bool((before and _is_word(before + ch)) or (after and _is_word(ch + after)))


# ---------------------------------------------------------------- the whole text

def repair(text: str, wrap: tuple[str, str] = ("", "")) -> tuple[str, list[Repair]]:
    """Replace every damaged run (from a "?") with its restoration or □ marks, each put
    between wrap[0] and wrap[1] (so a caller can find them again after later changes).

    Returns the new text and one Repair per run (positions in the input text)."""
    if "?" not in text:
        return text, []

    doc = DocumentCounts(to_simplified(_ANN_ANY.sub("", text)))
    out: list[str] = []
    repairs: list[Repair] = []
    last = 0
    pos = text.find("?")
    while pos >= 0:
        tokens, end = _tokens(text, pos)
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
