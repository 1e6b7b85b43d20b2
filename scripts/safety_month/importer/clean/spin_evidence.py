"""Whether a document is spun, decided from evidence rather than from fixed signatures.

A rewriting tool swaps words for near-synonyms (安全→平安, 深入→深化, 认真→仔细 …) across a
whole document. A fixed list of tell-tale strings misses a document that happens to avoid
them; what every spun document shares is that its swapped forms DOMINATE: the tool's word
turns up far more often, next to the original word, than it does in ordinary Chinese.

Two kinds of evidence, both about one pair (spun word, original word) of data/clean_spin.yml:

- the share of swapped forms: n_spun occurrences where the pair would act (its own context
  rules decide which) against n_orig occurrences of the original word. jieba's dictionary
  frequencies give the share expected in ordinary text (prior); the excess over it counts.
  A clean speech that says 宣扬 once beside ten 宣传 has no excess; a spun one with six 平安
  and no 安全 has nearly six.
- collocations: an occurrence whose neighbours form a dictionary word with the original but
  none with the swapped word (深化|人心 → 深入人心 is a word, 深化人心 is not; 平安|事故 →
  安全事故) is a swapped form for certain; the reverse (深化|改革) counts against.

The document is spun when the excess reaches MIN_EXCESS over at least MIN_PAIRS different
pairs (one odd word is an author's choice; swaps of several words are a tool's), or when one
pair dominates outright with a collocation to confirm it (STRONG_EXCESS). Pure
functions: the frequencies are passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .base import CJK

_CJK_RUN = re.compile(f"[{CJK}]+")

# How many characters on either side of a word a collocation may take in (jieba's compounds
# are at most a few characters: 深入人心, 安全事故, 科学发展观).
REACH = 3
# A pair counts as swapped in the document when its excess is at least this (one occurrence
# beyond what ordinary text would show, rounded down half an occurrence for the prior).
PAIR_EXCESS = 0.5
# The document is spun when the pairs' excess sums to this over at least MIN_PAIRS pairs.
# The seeds and fixtures that are not spun stay below (tests/importer/test_clean_spin_evidence).
MIN_EXCESS = 3.0
MIN_PAIRS = 2
# One pair alone is enough when it dominates outright (平安 for 安全 everywhere: a dozen 平安,
# no 安全) and at least one of its occurrences is a collocation only the original makes
# (平安事故 → 安全事故): the excess alone could be a text about 平安 in its own meaning.
STRONG_EXCESS = 5.0

Freq = Callable[[str], int]


def collocation(text: str, start: int, end: int, orig: str, freq: Freq) -> int:
    """+1 when the occurrence text[start:end] (the swapped word) with up to REACH neighbours
    on either side forms a dictionary word once the original word is put in its place and
    none as it stands; -1 for the reverse (the word as it stands is a collocation); 0 when
    the dictionary says neither or both."""
    spun = text[start:end]
    pro = con = False
    for a in range(REACH + 1):
        if start - a < 0:
            break
        left = text[start - a:start]
        if left and not _CJK_RUN.fullmatch(left):
            break
        for b in range(REACH + 1):
            if a == b == 0:
                continue
            right = text[end:end + b]
            if len(right) < b or (right and not _CJK_RUN.fullmatch(right)):
                break
            f_orig, f_spun = freq(left + orig + right), freq(left + spun + right)
            pro |= f_orig > 0 and f_spun == 0
            con |= f_spun > 0 and f_orig == 0
    return 0 if pro == con else (1 if pro else -1)


def prior(spun: str, orig: str, freq: Freq) -> float:
    """The share of the swapped word among the two in ordinary text (jieba's frequencies,
    add-one smoothed): 效劳 beside 服务 ~0.01, 回忆 beside 回顾 ~0.5."""
    f_spun, f_orig = freq(spun), freq(orig)
    return (f_spun + 1) / (f_spun + f_orig + 2)


@dataclass(frozen=True)
class PairEvidence:
    spun: str
    orig: str
    n_spun: int        # occurrences where the pair would act
    n_orig: int        # occurrences of the original word
    colloc: int        # sum of collocation() over the n_spun occurrences
    excess: float      # n_spun beyond the prior's share, plus the collocation sum


def pair_evidence(text: str, spun: str, orig: str, spans: Sequence[tuple[int, int]],
                  freq: Freq) -> PairEvidence:
    """The evidence of one pair in text; spans: where the pair would act (its own rules)."""
    n_spun, n_orig = len(spans), text.count(orig)
    colloc = sum(collocation(text, s, e, orig, freq) for s, e in spans)
    expected = prior(spun, orig, freq) * (n_spun + n_orig)
    return PairEvidence(spun, orig, n_spun, n_orig, colloc, n_spun - expected + colloc)


def dominates(evidence: Iterable[PairEvidence]) -> bool:
    """True when the swapped forms dominate the document (module docstring)."""
    swapped = [e for e in evidence if e.excess >= PAIR_EXCESS]
    if any(e.excess >= STRONG_EXCESS and e.colloc > 0 for e in swapped):
        return True
    return len({e.spun for e in swapped}) >= MIN_PAIRS and sum(e.excess for e in swapped) >= MIN_EXCESS


def describe(evidence: Iterable[PairEvidence]) -> str:
    """The pairs that count, for the report ("平安→安全 6/0, 深化→深入 2/1")."""
    return "，".join(f"{e.spun}→{e.orig} {e.n_spun}/{e.n_orig}"
                    for e in evidence if e.excess >= PAIR_EXCESS)
