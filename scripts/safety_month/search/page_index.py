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
                 context: str, cached: Cached | None = None, ids: list[str] | None = None) -> int:
    """Make Material's (segmented) index final, run by run, in place; return the fields that
    needed escape_markup. Whole-index checks first (the extra fields declared), so a missing
    field fails the build whatever the cache holds. ids: gets each run's identity (`_ident`)
    in order, for its postings (postings_runs)."""
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
        ident = _ident(_json(run), _json(run_about), _json(run_facts), context) if cached or ids is not None else ""
        share = cached("search-run", (ident,), compute) if cached else compute()
        if ids is not None:
            ids.append(ident)
        out.extend(share["docs"])
        found += share["synonyms"]
        unescaped += share["unescaped"]
    index["docs"] = out
    if found:
        config[synonyms.CONFIG_KEY] = [list(g) for g in groups]
    return unescaped


def _ident(*parts: str) -> str:
    """A run's identity: the digest of everything its final entries are made from (its entries
    as Material made them, its facts, the build's context), so a pure function of the run's
    final entries, the fields and the separator (its postings) can be kept by it too."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(len(part).to_bytes(8, "little"))
        sha.update(part.encode("utf-8", "surrogatepass"))
    return sha.hexdigest()


POSTINGS = "search-postings"
Find = Callable[[str, tuple], "bytes | None"]


def postings_runs(index: dict, ids: list[str], find: Find | None = None) -> tuple[list[tuple[int, int, bytes | None]], list[str]]:
    """(start, end, packed postings kept by an earlier build or None) of each run of the final
    index (finish_index made it and gave the runs' ids; a run's postings are a pure function
    of its id), for the shard writer, which computes the missing ones
    (postings.index_postings); and the ids of the missing ones, in order (keep_postings)."""
    bounds = runs(index.get("docs", []))
    if len(bounds) != len(ids):
        raise ValueError(f"{len(ids)} run ids for {len(bounds)} runs")
    out, missing = [], []
    for (start, end), ident in zip(bounds, ids):
        packed = find(POSTINGS, (ident,)) if find else None
        if packed is None:
            missing.append(ident)
        out.append((start, end, packed))
    return out, missing


def keep_postings(missing: list[str], computed: list[bytes], keep: Callable[[str, tuple, bytes], None]) -> int:
    """Keep the postings the shard writer computed (ShardWrite.computed) by their runs' ids
    (postings_runs); returns how many."""
    if len(missing) != len(computed):
        raise ValueError(f"{len(computed)} computed postings for {len(missing)} runs")
    for ident, packed in zip(missing, computed):
        keep(POSTINGS, (ident,), packed)
    return len(computed)
