"""The final search index made page by page: what each page adds to it, and the merge.

Every transform of Material's index that search.build applies (compound-term parts, the
speech's facts, synonyms, inert markup) and the postings of the sharded index (shards.
entry_weights) read one entry at a time, plus a few values of the whole build (the index
config, the pieces of the campaign terms, the synonym groups, jieba's dictionaries). So the
index is cut into runs of consecutive entries of one page (`runs`); each run's share is a pure
function of its own entries, its page's facts and those build values (`finish_run`,
`run_postings`), which the build's page cache keeps by exactly those inputs; the shares are
then put together in the index's order (`finish_index`, shards.merge_postings). One changed
page then costs its own share plus the merge, and the files are byte for byte those of a
whole-index computation: the entries keep their order, so their ids (positions) are the same,
and the merge gives each run's local ids the offset of its first entry.

`cached(kind, parts, compute)` is the build's page cache (buildcache.steps.SearchCache.share)
or None (compute every share).
"""

from __future__ import annotations

import hashlib
import json
from typing import Callable

from . import index as search_index, segment, shards, synonyms

Cached = Callable[[str, tuple, Callable], object]


def runs(docs: list[dict]) -> list[tuple[int, int]]:
    """(start, end) of each run of consecutive entries with one page location (Material
    writes a page's entries together; any cut into runs gives the same index)."""
    out: list[tuple[int, int]] = []
    start, page = 0, None
    for i, doc in enumerate(docs):
        location = shards.page_location(doc.get("location", ""))
        if i and location != page:
            out.append((start, i))
            start = i
        page = location
    if docs:
        out.append((start, len(docs)))
    return out


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def context_digest(config: dict, pieces: dict, groups: list, jieba_tag: str) -> str:
    """What every run's share reads besides its own entries and facts, as one digest."""
    text = _json([config, pieces, [list(g) for g in groups], jieba_tag])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def synonym_groups() -> list[tuple[str, ...]]:
    """The project's synonym table (a malformed one is a SearchIndexError naming file:line)."""
    try:
        return synonyms.load_groups()
    except synonyms.SynonymError as exc:
        raise search_index.SearchIndexError(str(exc)) from exc


def jieba_tag(segmenter, user_dict) -> str:
    """What jieba's cut of the facts depends on besides the text (segment.cache_tag): the
    dictionaries the segmenter was set up with, else the user dictionary alone."""
    if segmenter is not None:
        return segment.cache_tag(segmenter.jieba_dict, segmenter.jieba_dict_user)
    return segment.cache_tag(None, str(user_dict))


def finish_run(docs: list[dict], config: dict, pieces: dict, about: dict, facts: dict,
               groups: list, segment) -> dict:
    """One run's entries made final, in place (pure but for that): {"docs", "synonyms": any
    entry given synonyms, "unescaped": fields escape_markup changed}."""
    sub = {"config": dict(config), "docs": docs}
    search_index.add_parts(sub, pieces)
    if about:
        search_index.add_about(sub, about, segment, facts)
    try:
        found = synonyms.add_synonyms(sub, groups)   # 煤气 finds 燃气
    except synonyms.SynonymError as exc:
        raise search_index.SearchIndexError(str(exc)) from exc
    return {"docs": docs, "synonyms": bool(found), "unescaped": search_index.escape_markup(sub)}


def finish_index(index: dict, pieces: dict, about: dict, facts: dict, groups: list, segment,
                 context: str, cached: Cached | None = None) -> int:
    """Make Material's (segmented) index final, run by run, in place; return the fields that
    needed escape_markup. Whole-index checks first (the extra fields declared), so a missing
    field fails the build whatever the cache holds."""
    config = index.setdefault("config", {})
    docs = index.get("docs", [])
    search_index.require_field(index, search_index.PARTS_FIELD, "0.5")
    if about:
        search_index.require_field(index, search_index.ABOUT_FIELD, "100")
    out: list[dict] = []
    found = unescaped = 0
    for start, end in runs(docs):
        run = docs[start:end]
        locations = [d.get("location") for d in run]
        run_about = {loc: about[loc] for loc in locations if loc in about}
        run_facts = {loc: facts[loc] for loc in locations if loc in facts and loc in run_about}

        def compute(run=run, run_about=run_about, run_facts=run_facts):
            return finish_run(run, config, pieces, run_about, run_facts, groups, segment)
        parts = (_json(run), _json(run_about), _json(run_facts), context)
        share = cached("search-run", parts, compute) if cached else compute()
        out.extend(share["docs"])
        found += share["synonyms"]
        unescaped += share["unescaped"]
    index["docs"] = out
    if found:
        config[synonyms.CONFIG_KEY] = [list(g) for g in groups]
    return unescaped


def run_postings(index: dict, cached: Cached | None = None) -> list[tuple[int, dict]]:
    """(offset, term -> [local id, w, …]) of each run of the final index, for
    shards.merge_postings; a run's postings are kept by its final entries and the fields."""
    config = index.get("config", {})
    fields, sep = config.get("fields", {}), search_index.separator_of(index)
    context = _json([fields, sep.pattern])
    docs = index.get("docs", [])
    out = []
    for start, end in runs(docs):
        run = docs[start:end]

        def compute(run=run):
            return shards.run_postings(run, fields, sep)
        out.append((start, cached("search-postings", (_json(run), context), compute) if cached else compute()))
    return out
