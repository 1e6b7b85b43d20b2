"""The readings of a damaged run in a pinyin-annotated document, for lost_chars.py: the
run's tokens, every way to read them as characters and Slots (hypotheses), the ordinary
characters that can fill a slot, and the dictionary score that ranks a filling.

Split from lost_chars.py, which decides a run and repairs the text: this module knows GBK
bytes, pinyin readings and jieba's dictionary; that one weighs readings against each other
and the document.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from . import gbk
from .base import CJK, table
from .t2s import to_simplified

_T = table("lost_chars")
MIN_CANDIDATE_FREQ = int(_T["min_candidate_freq"])
MIN_MARGIN = float(_T["min_margin"])
CONTEXT_CHARS = int(_T["context_chars"])
DOCUMENT_WEIGHT = float(_T["document_weight"])
MAX_RUN_TOKENS = int(_T["max_run_tokens"])
MAX_RUNS = int(_T["max_runs"])
BEAM = int(_T["beam"])
BARE_CANDIDATES = int(_T["bare_candidates"])
MAX_SHIFTED = int(_T["max_shifted_chars"])
MAX_READINGS = int(_T["max_readings"])
_PY = table("script")["pinyin_letters"]
_RARE_MAX_FREQ = int(table("script")["rare_char_max_freq"])

_LOST = re.compile(f"\\?+(?:([{_PY}]{{1,7}})\\))?")
_ANN = re.compile(f"\\(([{_PY}]{{1,7}})\\)")
# A whole "(pinyin)" annotation (lost_chars drops them from the context it weighs).
ANNOTATION = re.compile(f"\\([{_PY}]{{1,7}}\\)")
# A stray letter: not part of a word, not the placeholder X.
_LETTER = re.compile(f"[A-WYZa-wyz](?![A-Za-z])")
_PUNCT_BETWEEN = re.compile(r"[;:,.](?=\?)")
CJK_CHAR = re.compile(f"[{CJK}]")
_CJK_RUN = re.compile(f"[{CJK}]{{1,{MAX_SHIFTED}}}")
_WORD_MAX = 5


@dataclass(frozen=True)
class Slot:
    lead: int | None = None
    trail: int | None = None
    syllables: tuple[str, ...] = ()

    @property
    def clues(self) -> int:
        return (self.lead is not None) + (self.trail is not None) + len(set(self.syllables))


# ---------------------------------------------------------------- frequencies and scoring

@lru_cache(maxsize=1)
def dictionary() -> tuple[dict, float]:
    from .freq import frequencies

    freq = frequencies()
    import jieba

    return freq, math.log(jieba.dt.total)


@lru_cache(maxsize=1)
def _log_prob() -> dict[str, float]:
    """log P(word) for every dictionary word (computed once: scoring is the hot loop)."""
    freq, log_total = dictionary()
    return {w: math.log(f) - log_total for w, f in freq.items() if f and f > 0}


@lru_cache(maxsize=None)
def simplified(ch: str) -> str:

    return to_simplified(ch)


def ordinary(ch: str) -> bool:
    freq, _ = dictionary()
    s = simplified(ch)
    return len(s) == 1 and (freq.get(s) or 0) >= MIN_CANDIDATE_FREQ


@lru_cache(maxsize=65536)
def score(text: str) -> float:
    """Log probability of the best segmentation under jieba's unigram word model (a
    character not in the dictionary counts as frequency 1, as jieba does)."""
    logp = _log_prob()
    unknown = -dictionary()[1]
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


def is_word(word: str) -> bool:
    freq, _ = dictionary()
    return (freq.get(word) or 0) > 0


# ---------------------------------------------------------------- parsing a run

def tokens(text: str, pos: int) -> tuple[list[tuple], int]:
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
        if m and out and rare(m.group()[0]):
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


def rare(ch: str) -> bool:
    """Mojibake-rare: its simplified form is below script.yml's rare_char_max_freq (the text
    is still traditional here, and jieba's dictionary is simplified)."""
    freq, _ = dictionary()
    return (freq.get(simplified(ch)) or 0) < _RARE_MAX_FREQ and gbk.encode(ch) is not None


class _TooMany(Exception):
    """More readings than MAX_READINGS: too many to weigh."""


def hypotheses(tokens: list[tuple]) -> list[tuple]:
    """Every reading of the tokens as a tuple of characters (str) and Slots (depth-first,
    each token's alternatives in the order _STEPS gives them); [] when there are more than
    MAX_READINGS (the caller falls back to □)."""
    results: list[tuple] = []
    steps = [0]

    def walk(i: int, elems: tuple) -> None:
        steps[0] += 1
        if steps[0] > MAX_READINGS:
            raise _TooMany
        if i == len(tokens):
            if any(isinstance(e, Slot) and e.clues for e in elems):
                results.append(elems)
            return
        kind, value = tokens[i]
        last = elems[-1] if elems and isinstance(elems[-1], Slot) else None
        for following in _STEPS[kind](value, elems, last):
            walk(i + 1, following)

    try:
        walk(0, ())          # (depth: one call per token, at most MAX_RUN_TOKENS + 1)
    except _TooMany:
        return []
    return _fixed(results)


def _set_last(elems: tuple, slot: Slot) -> tuple:
    return elems[:-1] + (slot,)


def _after_lost(value: str | None, elems: tuple, last: Slot | None) -> list[tuple]:
    """A "?" (with the pinyin left of its annotation, if any): a new slot, or one more
    syllable of the slot before it when that slot's bytes are not both known."""
    syl = (value,) if value else ()
    out = [elems + (Slot(syllables=syl),)]
    if last is not None and (last.lead is None or last.trail is None):
        out.append(_set_last(elems, replace(last, syllables=last.syllables + syl)))
    return out


def _after_annotation(value: str, elems: tuple, last: Slot | None) -> list[tuple]:
    """A whole annotation: the reading of the slot before it (nothing else to read)."""
    if last is not None:
        return [_set_last(elems, replace(last, syllables=last.syllables + (value,)))]
    return [elems]


def _after_letter(value: str, elems: tuple, last: Slot | None) -> list[tuple]:
    """A stray letter: a trail byte (of the slot before it, or of a new one), or the second
    byte of a full-width pair whose lead is A3 (a new slot's lead byte)."""
    out = []
    b = ord(value)
    if gbk.is_trail(b):
        if last is not None and last.lead is not None and last.trail is None \
                and gbk.decode_pair(last.lead, b):
            out.append(_set_last(elems, replace(last, trail=b)))
        out.append(elems + (Slot(trail=b),))
    wide_lead = b | 0x80
    if gbk.is_lead(wide_lead):
        if last is not None and last.trail is None:
            out.append(_set_last(elems, replace(last, trail=gbk.FULLWIDTH_LEAD)) + (Slot(lead=wide_lead),))
        elif elems and not isinstance(elems[-1], Slot):
            data = gbk.encode(elems[-1])
            if data and data[1] == gbk.FULLWIDTH_LEAD:
                out.append(elems + (Slot(lead=wide_lead),))
    return out


def _after_segment(value: str, elems: tuple, last: Slot | None) -> list[tuple]:
    """Rare characters: kept as they are, or their first k characters' bytes read one byte
    out of step (a trail byte for the slot before, whole characters, a lead byte for the
    next slot)."""
    out = [elems + tuple(value)]
    for k in range(1, len(value) + 1):
        data = b"".join(gbk.encode(c) or b"" for c in value[:k])
        if len(data) != 2 * k:
            break
        if last is not None and last.trail is None:
            head = _set_last(elems, replace(last, trail=data[0]))
        else:
            head = elems + (Slot(trail=data[0]),)
        body: list = []
        for j in range(1, len(data) - 1, 2):
            if gbk.decode_pair(data[j], data[j + 1]) is None:
                break
            body.append(Slot(lead=data[j], trail=data[j + 1]))
        else:
            if gbk.is_lead(data[-1]):
                out.append(head + tuple(body) + (Slot(lead=data[-1]),) + tuple(value[k:]))
    return out


_STEPS = {"lost": _after_lost, "ann": _after_annotation, "letter": _after_letter, "seg": _after_segment}


def _fixed(readings: list[tuple]) -> list[tuple]:
    """The readings with every slot whose two bytes are known made a fixed character
    (pinned by a "=" syllable); a reading with a pair that is no character goes. Each once."""
    out = []
    for h in readings:
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

    return tuple(c for c in pool if fits(c) and ordinary(c))


@lru_cache(maxsize=1)
def _pairs() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """From jieba's two-character words: the characters after / before each character."""
    after: dict[str, set[str]] = {}
    before: dict[str, set[str]] = {}
    for w, f in dictionary()[0].items():
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
        pool.extend(sorted(after.get(simplified(prev), ())))
    if nxt:
        pool.extend(sorted(before.get(nxt, ())))
    return tuple(c for c in dict.fromkeys(pool) if gbk.encode(c))


@lru_cache(maxsize=1)
def _common_chars() -> tuple[str, ...]:
    freq, _ = dictionary()
    singles = sorted((f, w) for w, f in freq.items()
                     if len(w) == 1 and f and CJK_CHAR.match(w) and gbk.encode(w))
    return tuple(w for _, w in reversed(singles[-BARE_CANDIDATES:]))


def _trail_of(ch: str | None) -> int | None:
    data = gbk.encode(ch) if ch else None
    return data[1] if data else None


def fillings(hyp: tuple, left_char: str | None, left: str, right: str) -> list[tuple[str, ...]]:
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
                    "" if isinstance(hyp[len(chosen) + 1], Slot) else simplified(hyp[len(chosen) + 1]))
                grown.extend(chosen + (c,) for c in _bare_candidates(prev, nxt))
            elif isinstance(e, Slot):
                grown.extend(chosen + (c,) for c in _candidates(e, _trail_of(prev)))
            else:
                grown.append(chosen + (e,))
        if len(grown) > BEAM:
            tail = right if len(grown[0]) == len(hyp) else ""
            grown.sort(key=lambda ch: -score(left + "".join(map(simplified, ch)) + tail))
            grown = grown[:BEAM]
        states = grown
    return states


def warm_up() -> None:
    """Build the tables the readings use, which are otherwise built on first use (a
    benchmark times documents, not the one-off loading)."""
    _common_chars(), _log_prob(), _pairs()
