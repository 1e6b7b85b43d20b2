"""Choosing the 五进 excerpts: the best-scoring paragraphs of all speeches for one audience,
within the page's and each speech's limits, and the caches that let `mkdocs serve` choose
again on every save without scoring the unchanged speeches again.
"""

from __future__ import annotations

import heapq
from operator import itemgetter
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from safety_month.pages.entry import SpeechEntry
from .outreach_rules import Rules, RulesError
from .outreach_text import Paragraph, _visible, mark_gaps, score, snippet


@dataclass(frozen=True)
class Excerpt:
    speech: SpeechEntry
    paragraph: Paragraph
    snippet: str         # plain text (with redaction sentinels): whole sentences, or clauses with ……
    score: float
    matched: tuple[str, ...]


def select(speeches: Iterable[tuple[SpeechEntry, Sequence[Paragraph]]], audience: str, rules: Rules) -> list[Excerpt]:
    """The excerpts for one audience: best score first, at most max_per_speech per speech and
    max_per_page in all; ties go to the newer speech, then the earlier paragraph."""
    check_audience(audience, rules)
    best_of = _candidate_finder(audience, rules)
    return merge([best_of(speech, paragraphs) for speech, paragraphs in speeches], audience, rules)


def check_audience(audience: str, rules: Rules) -> None:
    if audience not in rules.audiences:
        raise RulesError(f"未知受众 {audience!r}：应为 {'、'.join(rules.audiences)} 之一")


def merge(bests: Iterable[Sequence[tuple[tuple, "Candidate"]]], audience: str, rules: Rules) -> list[Excerpt]:
    """The choice made from each speech's best candidates (best_candidates, in any order of
    speeches): the same as sorting every candidate of every speech.

    Only a speech's best max_per_speech candidates can be chosen: its others come after
    them in the one order below and would be skipped by that limit. So the best of each
    speech (remembered while the speech is unchanged: by the preview here, by the build's
    page cache in buildcache.site_facts) are merged, and the first max_per_page of them are
    the choice: at 3,000 speeches a few thousand candidates instead of sorting some 18,000
    for each audience on every save of the preview."""
    kws = rules.audiences[audience].keywords
    ranked: list[tuple[tuple, Candidate]] = []
    for best in bests:
        ranked += best
    chosen: list[Excerpt] = []
    for _, (s, speech, p, found) in heapq.nsmallest(rules.max_per_page, ranked, key=_first):
        chosen.append(Excerpt(speech, p, snippet(mark_gaps(p.text), kws, rules.max_chars, rules.per_keyword_cap), s, found))
    return chosen


def best_candidates(speech: SpeechEntry, paragraphs: Iterable[Paragraph], audience: str,
                    rules: Rules) -> list[tuple[tuple, "Candidate"]]:
    """(order key, candidate) of the speech's candidates that merge may choose, best first."""
    return _best(speech_candidates(speech, paragraphs, audience, rules), rules.max_per_speech)


def order_key(c: "Candidate") -> tuple:
    """Best score first; ties go to the newer speech, then the earlier paragraph (unique per
    paragraph of a site: the source path and the paragraph number)."""
    s, speech, p, _ = c
    return (-s, speech.year is None, -(speech.year or 0), speech.src_uri, p.number)


_first = itemgetter(0)   # nsmallest compares the order keys only, ties keep their places


def _best(candidates: list["Candidate"], limit: int) -> list[tuple[tuple, "Candidate"]]:
    """(order key, candidate) of one speech's `limit` best candidates, best first."""
    return heapq.nsmallest(limit, [(order_key(c), c) for c in candidates], key=_first)


# (score, speech, paragraph, keywords found) of a paragraph that qualifies; the snippet is cut
# only for the chosen few.
Candidate = tuple[float, SpeechEntry, Paragraph, tuple[str, ...]]


def speech_candidates(speech: SpeechEntry, paragraphs: Iterable[Paragraph], audience: str,
                      rules: Rules) -> list[Candidate]:
    """The paragraphs of one speech that qualify for the audience's page, with their scores."""
    scored = _scorer(rules.audiences[audience].keywords, rules.per_keyword_cap)
    bonus = rules.audience_bonus if audience in speech.audiences else 0.0
    out: list[Candidate] = []
    for p in paragraphs:
        length, s, found = scored(p.text)
        if length < rules.min_chars or not found:
            continue
        s += bonus
        if s >= rules.min_score:
            out.append((s, speech, p, found))
    return out


MAX_RULE_SETS = 16   # caches kept per kind of rules; rules change rarely (an edit of outreach.yml)


def _cache_for(caches: dict, key) -> dict:
    """The cache of caches for key, new and empty the first time (all start over beyond
    MAX_RULE_SETS keys)."""
    cache = caches.get(key)
    if cache is None:
        if len(caches) >= MAX_RULE_SETS:
            caches.clear()
        cache = caches[key] = {}
    return cache


# (audience, the rules that score) -> {speech: (its paragraphs, its candidates)}: `mkdocs serve`
# selects again on every save although all speeches but the edited one are the very same
# objects (parse_paragraphs returns one tuple per body). Only tuples are remembered, by
# identity: a list could have changed since.
_candidate_caches: dict[tuple, dict[SpeechEntry, tuple[tuple[Paragraph, ...], list[tuple[tuple, Candidate]]]]] = {}
MAX_CACHED_SPEECHES = 20_000   # per audience; far above any site, a bound against growth


def _candidate_finder(audience: str, rules: Rules) -> Callable[[SpeechEntry, Sequence[Paragraph]], list[tuple[tuple, Candidate]]]:
    """speech, paragraphs -> _best of its candidates (remembered for a tuple of paragraphs)."""
    key = (audience, tuple(rules.audiences[audience].keywords.items()), rules.per_keyword_cap,
           rules.audience_bonus, rules.min_chars, rules.min_score, rules.max_per_speech)
    cache = _cache_for(_candidate_caches, key)

    def best_of(speech: SpeechEntry, paragraphs: Sequence[Paragraph]) -> list[tuple[tuple, Candidate]]:
        if not isinstance(paragraphs, tuple):
            return best_candidates(speech, paragraphs, audience, rules)
        hit = cache.get(speech)
        if hit is not None and hit[0] is paragraphs:
            return hit[1]
        if len(cache) >= MAX_CACHED_SPEECHES:
            cache.clear()
        out = best_candidates(speech, paragraphs, audience, rules)
        cache[speech] = (paragraphs, out)
        return out
    return best_of


# (keywords, cap) -> {paragraph text: score}: `mkdocs serve` scores the same paragraphs on
# every save; a changed paragraph is a new text, so nothing stale is returned.
_score_caches: dict[tuple, dict[str, tuple[int, float, tuple[str, ...]]]] = {}


def _scorer(keywords: dict[str, float], cap: int) -> Callable[[str], tuple[int, float, tuple[str, ...]]]:
    """paragraph text -> (visible length, score, keywords found), cached."""
    key = (tuple(keywords.items()), cap)
    cache = _cache_for(_score_caches, key)

    def scored(text: str) -> tuple[int, float, tuple[str, ...]]:
        hit = cache.get(text)
        if hit is None:
            plain = _visible(text)
            hit = cache[text] = (len(plain), *score(plain, keywords, cap))
        return hit
    return scored
