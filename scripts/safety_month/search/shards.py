"""A prebuilt, sharded search index for large sites (served behind Material's search box).

Material's worker downloads the whole index and rebuilds a lunr index from it in the browser
on every page load: at 1,000 speeches that is ~7 MB gzip and ~6 s before the first result.
Above a size threshold the build instead writes, from the same (jieba-segmented) entries:

  search/shards/meta.<hash>.json    pages (first entry, location, title), tags, file names
  search/shards/t<k>.<hash>.json    term -> postings, for terms whose first character
                                    maps to shard k (code point mod shard count)
  search/shards/x<k>.<hash>.json    location, title and text of a run of whole pages' entries

and search_index.json keeps only the config (with a `shards` key naming the engine and the
meta file). The search worker (patched, see theme_patches.SEARCH_PATCHES) then loads
data/search_engine.js, which fetches only the shards of the characters typed and the text
of the results shown. Scores: each posting stores w = 100 * sum over fields of
boost * tf(k1+1)/(tf+k1); the engine multiplies by the term's idf.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
import zlib
from array import array
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from safety_month import workers as processes
from safety_month.atomic import write_build_file
from . import shard_files, stream
from .index import SearchIndexError, dumps_utf8, separator_of
from .postings import _TAG, K1, _postings, entry_weights, index_postings, merge_postings, run_postings, saturate  # noqa: F401 (re-exported)
from safety_month import tables

ENGINE_SOURCE = tables.path("search_engine.js")
SHARD_DIR = "shards"
# Above this many bytes of (UTF-8) index, the sharded engine is used. Material's engine
# answers the first query within ~1 s up to roughly this size on a mid-range phone.
THRESHOLD_BYTES = 1_500_000
SHARD_TARGET_BYTES = 48_000   # raw JSON per term shard (about 15–20 KB gzip)
TEXT_TARGET_BYTES = 24_000    # raw JSON per text chunk
ENGINE_ENV = processes.SEARCH_ENGINE  # material | sharded | auto (default)
WORKER_DIR = "assets/javascripts/workers"   # Material's search worker; the engine goes beside it


def choose_engine(index_bytes: int, setting: str | None = None) -> str:
    """'material' or 'sharded' for an index of index_bytes (env override for tests/bench)."""
    setting = (setting if setting is not None else processes.search_engine()).strip() or "auto"
    if setting not in ("material", "sharded", "auto"):
        raise SearchIndexError(f"{ENGINE_ENV}={setting!r}: expected material, sharded or auto")
    if setting != "auto":
        return setting
    return "sharded" if index_bytes > THRESHOLD_BYTES else "material"


def shard_of(term: str, shards: int) -> int:
    """Shard number of a term: its first code point modulo the shard count (same in JS)."""
    return ord(term[0]) % shards


def page_location(location: str) -> str:
    return location.split("#", 1)[0]


@dataclass
class ShardSet:
    meta: dict
    term_shards: list[dict]      # k -> {term: [Δid, w, Δid, w, ...]}
    text_chunks: list[list[list]]        # chunk -> rows [location, title, text(, facts)]


def build(index: dict, runs: list[tuple[int, int, bytes | None]] | None = None) -> ShardSet:
    """Postings, text chunks and meta from a Material search index (pure, all in memory: the
    writer, _write_files, makes the same files one term shard at a time). runs: the index's
    runs of entries with their postings where known (see postings.index_postings)."""
    postings, shards, chunks, meta = _parts(index, runs)
    return ShardSet(meta=meta, term_shards=list(_term_shards(postings, shards)), text_chunks=chunks)


def _parts(index: dict, runs=None, computed: list[bytes] | None = None) -> tuple[dict, int, list, dict]:
    """What build and _write_files make alike: the postings (term -> flat array), the term
    shard count, the text chunks and the meta file's content but its file names."""
    docs = index.get("docs", [])
    postings = index_postings(docs, index.get("config", {}).get("fields", {}), separator_of(index), runs, computed)
    shards = _shard_count(postings)
    page = _pages(docs)
    chunks, starts = _text_chunks(docs, page)
    return postings, shards, chunks if docs else [], _meta(docs, page, shards, starts)


def _meta(docs: list[dict], page: list[int], shards: int, starts: list[int]) -> dict:
    """The meta file's content but its file names (pages, text runs, tags, boosts)."""
    page_starts = sorted(set(page))
    if not _contiguous(page, set(page_starts)):
        raise SearchIndexError("search index entries of a page are not contiguous; cannot shard it")
    return {
        "version": 2,
        "n": len(docs),
        "shards": shards,
        # pages: first entry id, location and title (section entries follow their page)
        "pageStart": page_starts,
        "pageLoc": [docs[i]["location"] for i in page_starts],
        "pageTitle": [docs[i].get("title", "") for i in page_starts],
        "textStart": starts,
        "tags": {str(i): d["tags"] for i, d in enumerate(docs) if d.get("tags") and page[i] == i},
        "boost": {str(i): d["boost"] for i, d in enumerate(docs) if "boost" in d},
    }


def _shard_count(postings: dict[str, array]) -> int:
    """Term shards of about SHARD_TARGET_BYTES for these postings."""
    approx = sum(len(t) * 3 + 4 * len(p) for t, p in postings.items())  # 8 bytes a posting
    return max(1, math.ceil(approx / SHARD_TARGET_BYTES))


def _term_shards(postings: dict[str, array], shards: int) -> Iterator[dict[str, list[int]]]:
    """Each term shard in turn, {term: [Δid, w, ...]} in term order, ids gap-coded.

    One shard at a time, and postings is consumed as they go: only one shard's postings
    exist as Python lists at any moment (the caller writes each and lets it go)."""
    terms: list[list[str]] = [[] for _ in range(shards)]
    for term in sorted(postings):
        terms[shard_of(term, shards)].append(term)
    for names in terms:
        shard = {}
        for term in names:
            flat, prev = postings.pop(term), 0
            for j in range(0, len(flat), 2):  # ids -> gaps, in place
                flat[j], prev = flat[j] - prev, flat[j]
            shard[term] = flat.tolist()
        yield shard


def _pages(docs: list[dict]) -> list[int]:
    """Page of each entry: the entry whose location is the page URL (Material writes it first)."""
    page_ids: dict[str, int] = {}
    for i, doc in enumerate(docs):
        page_ids.setdefault(page_location(doc["location"]), i)
    return [page_ids[page_location(d["location"])] for d in docs]


def _text_chunks(docs: list[dict], page: list[int]) -> tuple[list[list[list[str]]], list[int]]:
    """Runs of whole pages (entries of a page are contiguous in Material's index), each row
    [location, title, text], and the first entry of each run; only the first result pages'
    chunks are fetched."""
    chunks: list[list[list]] = [[]]
    starts = [0]
    size = 0
    for i, doc in enumerate(docs):
        if size >= TEXT_TARGET_BYTES and page[i] == i:
            chunks.append([])
            starts.append(i)
            size = 0
        row = [doc["location"], doc.get("title", ""), doc.get("text", "")]
        if doc.get("facts"):   # a page's named facts, for the result to show the one that matched
            row.append(doc["facts"])
        chunks[-1].append(row)
        size += sum(len(v.encode("utf-8")) for v in row[:3] + (doc.get("facts") or []))
    return chunks, starts


def _contiguous(page: list[int], starts: set[int]) -> bool:
    """Each entry belongs to the last page start at or before it (one pass)."""
    current = None
    for i, p in enumerate(page):
        if i in starts:
            current = i
        if p != current:
            return False
    return True


def _hashed_name(prefix: str, data: bytes) -> str:
    return f"{prefix}.{hashlib.sha256(data).hexdigest()[:10]}.json"


@dataclass(frozen=True)
class Written:
    meta_file: str       # relative to site_dir
    engine_file: str     # relative to site_dir
    files: int
    raw: int
    gzip: int
    largest_shard_gzip: int


def write(site_dir: Path, index: dict, worker_dir: str = WORKER_DIR) -> Written:
    """Write shards, text chunks, meta and the engine; point search_index.json at them."""
    return ShardWrite(site_dir, index, worker_dir).result()


class ShardWrite:
    """The writing of one sharded index, in a forked process when `background` and this
    process may fork (it has no other thread), else at once.

    At once (here): search/shards/ made if missing and the engine written, so that the other
    post-build steps see every file but the shards themselves, which are only in search/shards/
    (no other step reads or writes there: publish.site_files; the writer keeps it in step,
    writing changed files and removing those it no longer makes, shard_files). The forked process builds and writes them
    while the build process goes on with those steps; `result()` waits for it, then writes
    search_index.json (its name of the meta file comes from the process)."""

    def __init__(self, site_dir: Path, index: dict, worker_dir: str = WORKER_DIR,
                 background: bool = False, ready: tuple[dict[str, bytes], tuple] | None = None,
                 runs: list[tuple[int, int, bytes | None]] | None = None,
                 gzip_known: dict[str, int] | None = None, index_bytes: bytes | None = None):
        """ready: (file name -> bytes, what _write_files returned) of an earlier build of the
        same index (the build's page cache): written here at once, nothing is computed.
        runs: the index's runs with their packed postings, None where the page cache had none
        (postings.index_postings): the writer computes those and `computed` hands them back;
        without runs the writer computes all postings at once. gzip_known: see _write_files.
        index_bytes: the index as UTF-8 JSON; in the background the writer is then a fresh
        process that reads it from a temporary file (workers.Forked: a fork of the build
        would share and copy its memory), and the caller may let its index go at once."""
        self.site_dir, self.worker_dir = site_dir, worker_dir
        self.config = dict(index.get("config", {}))
        out = self.out = site_dir / "search" / SHARD_DIR   # kept in step, see shard_files
        out.mkdir(parents=True, exist_ok=True)
        self.engine_name = _write_engine(site_dir / worker_dir)
        self.reused, self._file = ready is not None, None
        self.computed: list[bytes] = []   # after result(): the postings of runs given as None
        if ready is not None:
            for name, data in ready[0].items():
                shard_files.put(out / name, data)
            shard_files.keep_only(out, ready[0])
            self._forked, self._files = None, tuple(ready[1])
            return
        if background and index_bytes is not None:
            self._file = _temporary(index_bytes)
            self._forked = processes.start_fresh("writing the search shards", _write_files_of, out, self._file, runs,
                                                 gzip_known)
        else:
            self._forked = processes.start("writing the search shards", _write_files, out, index, runs, gzip_known) \
                if background else None
        if self._forked is not None and runs is not None:
            runs.clear()   # the forked process has its copy; this process's goes now
        self._files = None if self._forked else self._figures(_write_files(out, index, runs, gzip_known))

    def _figures(self, made: tuple) -> tuple:
        """_write_files' figures (what the page cache keeps of a shard writing), its packed
        postings set apart; the files it did not make are removed."""
        self.computed = made[6]
        shard_files.keep_only(self.out, made[7])
        return made[:6]

    def outcome(self) -> tuple[dict[str, bytes], tuple]:
        """The files written and what _write_files returned (after result()), for the cache."""
        return {p.name: p.read_bytes() for p in sorted(self.out.iterdir())}, tuple(self._files)

    def gzip_sizes(self) -> dict[str, int]:
        """sha256 of each file written -> its gzip size (after result()), for the next build."""
        return dict(self._files[5]) if self._files is not None and len(self._files) > 5 else {}

    def cancel(self) -> None:
        """Stop the forked process, if one runs (nothing is written into search_index.json)."""
        if self._forked and self._files is None:
            self._forked.cancel()
            self._forked = None
        self._drop_file()

    def _drop_file(self) -> None:
        if self._file is not None:
            self._file.unlink(missing_ok=True)
            self._file = None

    def result(self) -> Written:
        if self._files is None:
            try:
                self._files = self._figures(self._forked.result())
            except RuntimeError as exc:   # the process died (a SearchIndexError passes through)
                raise SearchIndexError(str(exc)) from exc
            finally:
                self._drop_file()
        meta_name, files, raw, gz, largest = self._files[:5]
        meta_rel = f"search/{SHARD_DIR}/{meta_name}"
        small = {
            "config": dict(self.config, shards={
                # Both relative to the worker script, which resolves them (importScripts, fetch).
                "engine": self.engine_name,
                "meta": os.path.relpath(self.site_dir / meta_rel, self.site_dir / self.worker_dir).replace(os.sep, "/"),
            }),
            "docs": [],
        }
        write_build_file(self.site_dir / "search" / "search_index.json", dumps_utf8(small).encode("utf-8"))
        return Written(meta_file=meta_rel, engine_file=f"{self.worker_dir}/{self.engine_name}", files=files,
                       raw=raw, gzip=gz, largest_shard_gzip=largest)


def _write_engine(workers: Path) -> str:
    engine = ENGINE_SOURCE.read_bytes()
    engine_name = f"search-engine.{hashlib.sha256(engine).hexdigest()[:10]}.js"
    workers.mkdir(parents=True, exist_ok=True)
    for old in workers.glob("search-engine.*.js"):
        if old.name != engine_name:
            old.unlink()
    shard_files.put(workers / engine_name, engine)
    return engine_name


def _temporary(data: bytes) -> Path:
    """data in a new temporary file (outside the site: no other step may see it)."""
    with tempfile.NamedTemporaryFile(prefix="search-index-", suffix=".json", delete=False) as f:
        f.write(data)
    return Path(f.name)


def _write_files_of(out: Path, index_file: Path, runs=None, gzip_known: dict[str, int] | None = None) -> tuple:
    """_write_files of the index in index_file (in the fresh writer process)."""
    return _write_files(out, stream.load(index_file), runs, gzip_known)


def _write_files(out: Path, index: dict, runs=None, gzip_known: dict[str, int] | None = None) -> tuple:
    """Build the shards of index (with its runs' postings, see build) and write them into out,
    one term shard at a time (the files of build(index), without all of them in memory at
    once): (meta file name, files, raw bytes, gzip bytes, largest term shard gzip, sha256 ->
    gzip size of each file, the packed postings of the runs given without them in order, the names).
    gzip_known: sizes an earlier build measured, by sha256 (a file of the same bytes is not
    compressed again: most text chunks stay the same)."""
    computed: list[bytes] = []
    postings, shards, chunks, meta = _parts(index, runs, computed)
    with _Files(out, gzip_known) as files:
        meta["termFiles"] = [files.put(f"t{k}", s) for k, s in enumerate(_term_shards(postings, shards))]
        meta["textFiles"] = [files.put(f"x{k}", c) for k, c in enumerate(chunks)]
        meta_name = files.put("meta", meta)
    return meta_name, files.count, files.raw, files.gzip, files.largest, files.measured, computed, files.names


class _Files:
    """Writes the shard files, counting their bytes; gzip sizes (for the log line) computed by
    zlib in threads, which release the GIL. At most PENDING files wait for their size: an
    unbounded queue would hold most of the index's bytes at once when zlib lags behind."""

    PENDING = 4

    def __init__(self, out: Path, gzip_known: dict[str, int] | None = None):
        self.out, self.count, self.raw, self.gzip, self.largest = out, 0, 0, 0, 0
        self.known, self.measured, self.names = gzip_known or {}, {}, []
        self._pending: deque = deque()
        self._pool = ThreadPoolExecutor(2)

    def __enter__(self) -> "_Files":
        return self

    def __exit__(self, *exc) -> None:
        while self._pending:
            self._settle()
        self._pool.shutdown()

    def put(self, prefix: str, obj) -> str:
        data = dumps_utf8(obj).encode("utf-8")
        name = _hashed_name(prefix, data)
        shard_files.put(self.out / name, data)   # only if it differs from the file in place
        self.names.append(name)
        self.raw, self.count = self.raw + len(data), self.count + 1
        digest = hashlib.sha256(data).hexdigest()
        known = self.known.get(digest)
        self._pending.append((prefix, digest, self._pool.submit(gzip_size, data) if known is None else _done(known)))
        while len(self._pending) > self.PENDING:
            self._settle()
        return name

    def _settle(self) -> None:
        prefix, digest, future = self._pending.popleft()
        size = self.measured[digest] = future.result()
        self.gzip += size
        if prefix.startswith("t"):
            self.largest = max(self.largest, size)


def _done(value) -> Future:
    done: Future = Future()
    done.set_result(value)
    return done


def gzip_size(data: bytes, level: int = 6) -> int:
    """len(gzip.compress(data, level)): the deflate stream plus gzip's 18 bytes of framing."""
    z = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return len(z.compress(data)) + len(z.flush()) + 18


def log_line(w: Written) -> str:
    return (f"search shards: {w.files} files, {w.raw:,} bytes UTF-8 ({w.gzip:,} bytes gzip in all; "
            f"largest term shard {w.largest_shard_gzip:,} bytes gzip); engine {w.engine_file}")


def load_meta(site_dir: Path) -> dict:
    """The meta file named by search_index.json (for tests and the benchmark)."""
    small = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    shards = small["config"].get("shards")
    if not shards:
        raise SearchIndexError(f"{site_dir}: search_index.json does not use shards")
    metas = sorted((site_dir / "search" / SHARD_DIR).glob("meta.*.json"))
    return json.loads(metas[0].read_text(encoding="utf-8"))
