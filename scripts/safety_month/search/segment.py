"""Chinese segmentation of the search index off the main process, with a content-hash cache.

Material's search plugin cuts every entry's title and text with jieba in on_page_context,
serially, in the build process (about 19 s of CPU for 1,000 speeches). `Segmenter` takes
that work over without changing a byte of the result:

* `install(search_index)` makes the plugin keep entries unsegmented (its per-instance
  `_segment_chinese` becomes the identity);
* `submit(entries)` (called as soon as a page's HTML is final, see
  search_build.index_early) looks each title and text up in the cache by SHA-256 and sends
  the misses to a pool of worker processes, so that jieba runs on the other core while the
  main process converts and renders pages; entries already submitted are skipped;
* each entry gets its segmented strings as soon as their task is done (not all at the end:
  its unsegmented text would be held beside them until the index is written), and
  `finish()` (before the plugin writes search_index.json) waits for the rest and saves
  the cache.

The workers call Material's own `SearchIndex._segment_chinese` with jieba set up exactly
as the plugin set it up (same main and user dictionary), so the index is identical to a
serial build. The cache file is keyed by the jieba version and the dictionaries' contents;
it lives in <project>/.cache/ (git-ignored) and keeps only the strings of the last build.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from safety_month import workers as processes
from safety_month.atomic import atomic_write
from safety_month.search.jieba_setup import load_dictionaries, quiet_jieba
from safety_month.theme import internals

PARALLEL_ENV = processes.SEARCH_PARALLEL  # "off": Material segments serially, as before
CACHE_ENV = processes.SEARCH_CACHE        # "off" disables the cache
WORKERS_ENV = processes.SEARCH_WORKERS    # worker processes (0: segment in-process)
CACHE_FORMAT = 1
# A build with a segmentation cache (`mkdocs build` with its page cache: one speech added) has
# only its new and edited pages to cut, a dozen strings, and the front-matter facts of those
# pages. Two spawned workers (by then the build runs other threads) each import the package and
# load jieba's dictionaries (about a second of CPU each), and the build process loaded them
# again for the new page's facts. Instead one worker is forked beside those threads at the first
# miss (`fork_beside`): it loads the dictionaries on the second core while the build goes on,
# and cuts the facts too (submit_facts), so the build process never loads them. Where that
# fork is not allowed (mkdocs serve, no fork), up to INLINE_CHARS characters (about 0.4 s of
# jieba, some twenty speeches) are cut in the build process before any worker starts.
INLINE_CHARS = 100_000
# The cache's folder, relative to the folder of mkdocs.yml. The CI templates keep this folder
# between runs (.github/workflows/pages.yml, .gitlab-ci.yml; tests/publish/test_deploy_ci.py).
CACHE_DIR = ".cache"

# jieba set-up of this process: (main dictionary or None, user dictionary or None).
_jieba_state: tuple[str | None, str | None] | None = None


def setup_jieba(jieba_dict: str | None, jieba_dict_user: str | None) -> None:
    """Set jieba up as Material's search plugin does (once per process)."""
    global _jieba_state
    state = (jieba_dict, jieba_dict_user)
    if _jieba_state == state:
        return
    import jieba

    quiet_jieba()
    if jieba_dict:
        jieba.set_dictionary(jieba_dict)
    if jieba_dict_user:
        jieba.load_userdict(jieba_dict_user)
    _jieba_state = state


def note_jieba_state(jieba_dict: str | None, jieba_dict_user: str | None) -> None:
    """Record that this process's jieba was set up (by the plugin) with these dictionaries."""
    global _jieba_state
    _jieba_state = (jieba_dict, jieba_dict_user)


def _material_segment(text: str) -> str:
    from material.plugins.search.plugin import SearchIndex

    # Material's own cut, so that the index equals a serial build's (internals.SEGMENT_LATER).
    return SearchIndex._segment_chinese(None, text)


def segment_all(texts: list[str]) -> list[str]:
    """Worker task: Material's segmentation of each text, in order."""
    return [_material_segment(t) for t in texts]


def segment_facts(texts: list[str]) -> list[str]:
    """Worker task: the cut of front-matter facts (search.index.add_about's), in order."""
    from .index import jieba_segment

    return [jieba_segment(t) for t in texts]


FACTS = b"facts\0"   # a cache key's prefix for the cut of facts (another cut than Material's)


def _key(text: str, prefix: bytes = b"") -> bytes:
    return hashlib.sha256(prefix + text.encode("utf-8", "surrogatepass")).digest()


def cache_dir(config_file: str | None) -> Path:
    """The cache's folder of the project whose configuration file is config_file."""
    return Path(config_file or "mkdocs.yml").resolve().parent / CACHE_DIR


def cache_tag(jieba_dict: str | None, jieba_dict_user: str | None) -> str:
    """What the segmentation depends on besides the text: jieba and its dictionaries."""
    import jieba
    import material

    h = hashlib.sha256(f"{CACHE_FORMAT}|{jieba.__version__}|{material.__version__}".encode())
    for path in (jieba_dict, jieba_dict_user):
        h.update(b"|")
        if path and os.path.isfile(path):
            h.update(Path(path).read_bytes())
    return h.hexdigest()[:16]


def checked_once(config, jieba_dict: str | None, user_dict: Path, check, read) -> list[str]:
    """The user dictionary's words: check(user_dict) (that jieba keeps every term whole:
    search_index.require_user_dict) once for the same jieba, Material and dictionaries
    (cache_tag), then read(user_dict); a file in the project's cache folder named by that tag
    records that the check passed. The check cuts the terms, and so loads jieba's
    dictionaries (about a second of CPU), which a build with its index cached needs for
    nothing else; its outcome is the same whenever the tag is."""
    if not processes.search_cache():
        return check(user_dict)
    folder = cache_dir(config.get("config_file_path"))
    mark = folder / f"search-dictionary-ok-{cache_tag(jieba_dict, os.path.normpath(user_dict))}"
    if mark.is_file():
        return read(user_dict)
    words = check(user_dict)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("search-dictionary-ok-*"):
            old.unlink(missing_ok=True)
        atomic_write(mark, b"", durable=False)
    except OSError:
        pass   # checked again next time
    return words


class Segmenter:
    def __init__(self, cache_dir: Path | None, jieba_dict: str | None, jieba_dict_user: str | None,
                 workers: int | None = None, fork_beside: bool | None = None):
        """fork_beside: whether, with a cache, one worker may be forked beside other threads at
        the first miss (see INLINE_CHARS); by default when this process has no other thread as the
        build begins (`mkdocs build`; not a rebuild of mkdocs serve, whose server runs threads)."""
        self.jieba_dict, self.jieba_dict_user = jieba_dict, jieba_dict_user
        self.fork_beside = processes.may_fork() if fork_beside is None else fork_beside
        self.facts_cut: dict[str, str] = {}   # after finish(): facts -> their cut (submit_facts)
        self._facts: list[tuple[str, bytes]] = []
        self.workers = processes.search_workers() if workers is None else workers
        self.cache_path = None
        if cache_dir is not None and processes.search_cache():
            self.cache_path = cache_dir / f"search-segments-{cache_tag(jieba_dict, jieba_dict_user)}.marshal"
        self.cache: dict[bytes, str] = self._load()
        self.used: dict[bytes, str] = {}
        self.hits = self.misses = 0
        self.inline_left = INLINE_CHARS if self.cache else 0   # see INLINE_CHARS
        self.inline = 0                                         # strings cut in this process
        self.started = 0                                        # worker processes (at most)
        self._pending: dict[bytes, list[tuple[dict, str]]] = {}   # text key -> (entry, field) to fill
        self._submitted: set[int] = set()                          # id() of entries queued
        self._inflight: dict[bytes, tuple[Future, int]] = {}       # key -> (task, position)
        self._tasks: list[tuple[Future, list[bytes]]] = []         # (task, its keys) not taken yet
        self._pool: ProcessPoolExecutor | None = None
        if self.workers > 0 and not self.cache:
            # Nothing cached (a cold build): every string is cut, so the dictionaries are loaded
            # and the workers forked now, from a process that is still small and has no other
            # thread. Started at the first cut instead, they would be spawned (the checks pool
            # runs threads by then) and load everything again: at 3,000 speeches 90 MB and a
            # second of CPU each, or, forked beside those threads from the grown build, share
            # pages the build then copies (1,380 MB at the peak against 1,049). A pool forks its
            # workers at its first task: int() is one that costs nothing.
            self._executor().submit(int)

    # --- cache --------------------------------------------------------------------------
    def _load(self) -> dict[bytes, str]:
        if self.cache_path is None or not self.cache_path.is_file():
            return {}
        try:
            data = marshal.loads(self.cache_path.read_bytes())
        except (EOFError, ValueError, TypeError):
            return {}  # a damaged cache is rebuilt, never trusted
        return data if isinstance(data, dict) else {}

    def _save(self) -> None:
        if self.cache_path is None:
            return
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        for old in self.cache_path.parent.glob("search-segments-*.marshal"):
            if old != self.cache_path:
                old.unlink(missing_ok=True)
        atomic_write(self.cache_path, marshal.dumps(self.used), durable=False)

    # --- pool ---------------------------------------------------------------------------
    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # A forked worker shares the already loaded jieba dictionaries; a spawned one
            # (other threads running, as under mkdocs serve) loads them in setup_jieba.
            internals.require(internals.SEGMENT_LATER)   # the workers call Material's cut
            args = {"initializer": setup_jieba, "initargs": (self.jieba_dict, self.jieba_dict_user)}
            if self.cache and self.fork_beside:   # one worker, which loads the dictionaries itself
                self.started = 1
                self._pool = processes.process_pool(1, fork_beside_threads=True, **args)
            else:
                load_dictionaries()
                self.started = self.workers
                self._pool = processes.process_pool(self.workers, **args)
        return self._pool

    def close(self, cancel: bool = True) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None

    def later(self, fn, *args) -> "Later":
        """fn(*args) in this process when its result is first asked for (`result()`)."""
        return Later(fn, args)

    def run(self, fn, *args) -> Future:
        """Any other picklable task for the workers (in-process without workers)."""
        if self.workers > 0:
            return self._executor().submit(fn, *args)
        future: Future = Future()
        future.set_result(fn(*args))
        return future

    # --- work ---------------------------------------------------------------------------
    def submit(self, entries: list[dict]) -> None:
        """Queue the titles and texts of new entries (cache hits need no work). An entry gets its
        segmented strings as soon as they are there (here, or when a later call finds its task
        done): its unsegmented text is not held beside them until the index is written (at
        3,000 speeches about 50 MB at the build's peak)."""
        misses: list[str] = []
        batch: list[bytes] = []
        for entry in entries:
            if id(entry) in self._submitted:   # indexed early: queued already
                continue
            self._submitted.add(id(entry))
            for name in ("title", "text"):
                text = entry[name]
                key = _key(text)
                self._look_up(key, text, batch, misses)
                if key in self.used:       # a hit: filled now
                    entry[name] = self.used[key]
                else:
                    self._pending.setdefault(key, []).append((entry, name))
        self._dispatch(segment_all, batch, misses)
        self._take(wait=False)

    def _look_up(self, key: bytes, text: str, batch: list[bytes], misses: list[str]) -> None:
        """A string's cut from the cache (a hit), or text queued for the workers (a miss)."""
        if key in self.used or key in self._inflight:
            return
        if key in self.cache:
            self.used[key] = self.cache[key]
            self.hits += 1
        else:
            batch.append(key)
            misses.append(text)

    def submit_facts(self, texts: list[str]) -> None:
        """Queue a page's facts as search.index.add_about cuts them (escaped), so that the build
        process need not load jieba for them (facts_segment)."""
        batch, misses = [], []
        for text in texts:
            key = _key(text, FACTS)
            self._facts.append((text, key))
            self._look_up(key, text, batch, misses)
        self._dispatch(segment_facts, batch, misses)

    def facts_segment(self, text: str) -> str:
        """search.index.jieba_segment(text), from what submit_facts had cut."""
        cut = self.facts_cut.get(text)
        return cut if cut is not None else segment_facts([text])[0]

    def _dispatch(self, fn, batch: list[bytes], misses: list[str]) -> None:
        if not misses:
            return
        self.misses += len(misses)
        if self.workers > 0 and not self._inline(misses):
            future = self._executor().submit(fn, misses)
        else:
            future = Future()
            future.set_result(fn(misses))
        for i, key in enumerate(batch):
            self._inflight[key] = (future, i)
        self._tasks.append((future, batch))

    def _take(self, wait: bool) -> None:
        """Put the strings of the finished tasks (of every task, when wait) into their entries."""
        running = []
        for future, keys in self._tasks:
            if not (wait or (future.done() and future.exception() is None)):
                running.append((future, keys))   # (a failed one raises its error in finish)
                continue
            for key, segmented in zip(keys, future.result()):
                self.used[key] = segmented
                self._inflight.pop(key, None)   # (a text twice in one task: its key twice)
                for entry, name in self._pending.pop(key, ()):
                    entry[name] = segmented
        self._tasks = running

    def _inline(self, texts: list[str]) -> bool:
        """Whether texts are cut in this process (within INLINE_CHARS, before any worker
        started): the same cut as a worker's, Material's, with jieba set up as the plugin set it
        up in this very process."""
        size = sum(map(len, texts))
        if self._pool is not None or size > self.inline_left or self.fork_beside:
            self.inline_left = 0   # from now on the workers cut: they are started anyway
            return False
        internals.require(internals.SEGMENT_LATER)   # Material's cut, as in the workers
        self.inline_left -= size
        self.inline += len(texts)
        return True

    def finish(self) -> None:
        """Write the segmented strings into their entries and save the cache."""
        try:
            self._take(wait=True)   # every entry has its strings now
            self.facts_cut = {text: self.used[key] for text, key in self._facts}
            self._facts.clear()
            self._submitted.clear()
            self._save()
            # Every segmented string is in the entries now and in the cache file: not kept
            # while the rest of the build runs (Material's index keeps this object alive).
            self.used, self.cache = {}, {}
        finally:
            self.close(cancel=False)

    def log_line(self) -> str:
        where = f"cache {self.cache_path}" if self.cache_path else "no cache"
        return (f"search segmentation: {self.hits + self.misses} strings, {self.hits} from the "
                f"{where}, {self.misses} cut by jieba in {self.started or 'no'} worker process(es)"
                + (f" ({self.inline} in the build process)" if self.inline else ""))


class Later:
    """A result made when first asked for (Future's result(), without a worker)."""

    def __init__(self, fn, args: tuple) -> None:
        self._fn, self._args, self._done = fn, args, None

    def result(self):
        if self._done is None:
            self._done = (self._fn(*self._args),)
        return self._done[0]
