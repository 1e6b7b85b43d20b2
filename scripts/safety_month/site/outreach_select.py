"""Choosing the 五进 excerpts: the best-scoring paragraphs of all speeches for one audience,
within the page's and each speech's limits, and the caches that let `mkdocs serve` choose
again on every save without scoring the unchanged speeches again.
"""

from __future__ import annotations

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
    if audience not in rules.audiences:
        raise RulesError(f"未知受众 {audience!r}：应为 {'、'.join(rules.audiences)} 之一")
    kws = rules.audiences[audience].keywords
    candidates_of = _candidate_finder(audience, rules)
    candidates: list[Candidate] = []
    for speech, paragraphs in speeches:
        candidates += candidates_of(speech, paragraphs)
    candidates.sort(key=lambda x: (-x[0], x[1].year is None, -(x[1].year or 0), x[1].src_uri, x[2].number))
    chosen: list[Excerpt] = []
    per_speech: dict[str, int] = {}
    for s, speech, p, found in candidates:
        if per_speech.get(speech.src_uri, 0) >= rules.max_per_speech:
            continue
        chosen.append(Excerpt(speech, p, snippet(mark_gaps(p.text), kws, rules.max_chars, rules.per_keyword_cap), s, found))
        per_speech[speech.src_uri] = per_speech.get(speech.src_uri, 0) + 1
        if len(chosen) >= rules.max_per_page:
            break
    return chosen


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
_candidate_caches: dict[tuple, dict[SpeechEntry, tuple[tuple[Paragraph, ...], list[Candidate]]]] = {}
MAX_CACHED_SPEECHES = 20_000   # per audience; far above any site, a bound against growth


def _candidate_finder(audience: str, rules: Rules) -> Callable[[SpeechEntry, Sequence[Paragraph]], list[Candidate]]:
    key = (audience, tuple(rules.audiences[audience].keywords.items()), rules.per_keyword_cap,
           rules.audience_bonus, rules.min_chars, rules.min_score)
    cache = _cache_for(_candidate_caches, key)

    def candidates_of(speech: SpeechEntry, paragraphs: Sequence[Paragraph]) -> list[Candidate]:
        if not isinstance(paragraphs, tuple):
            return speech_candidates(speech, paragraphs, audience, rules)
        hit = cache.get(speech)
        if hit is not None and hit[0] is paragraphs:
            return hit[1]
        if len(cache) >= MAX_CACHED_SPEECHES:
            cache.clear()
        out = speech_candidates(speech, paragraphs, audience, rules)
        cache[speech] = (paragraphs, out)
        return out
    return candidates_of


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
