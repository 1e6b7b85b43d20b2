"""Every process this package starts, the fork policy they share, and the environment switches.

The build uses the second core in three ways; nothing else in the package creates a process
pool or reads a SAFETY_MONTH_* variable (tests/test_workers.py checks this):

* `process_pool` - a pool of worker processes: the editors' text checks (checks.pool) and
  jieba's segmentation of the search index (search.segment);
* `start` / `Forked` - one function call in a forked process (search.shards writes the sharded
  index while the other post-build steps run). A forked child shares the parent's memory as it
  was at the fork, so large arguments (a search index of tens of MB) are not copied or pickled;
  only the result comes back, through a pipe;
* `SWITCHES` - the environment variables that change how the build runs, with why each exists.

Fork policy. Forking is safe only while the process has no other thread (a thread may hold a
lock the child would inherit held, as under `mkdocs serve`, whose server and file watchers are
threads); `may_fork()` tells. Where fork is not safe a pool starts fresh interpreters
("spawn"), and a single call runs in the calling process instead.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass


# ---------------------------------------------------------------- environment switches

@dataclass(frozen=True)
class Switch:
    name: str
    values: str      # what it accepts
    default: str     # what happens when it is unset or empty
    why: str         # why it exists at all


CHECK_WORKERS = "SAFETY_MONTH_CHECK_WORKERS"
SEARCH_WORKERS = "SAFETY_MONTH_SEARCH_WORKERS"
SEARCH_PARALLEL = "SAFETY_MONTH_SEARCH_PARALLEL"
SEARCH_CACHE = "SAFETY_MONTH_SEARCH_CACHE"
SEARCH_ENGINE = "SAFETY_MONTH_SEARCH_ENGINE"
CONFIG = "SAFETY_MONTH_CONFIG"
PAGE_CACHE = "SAFETY_MONTH_PAGE_CACHE"
PRERENDER = "SAFETY_MONTH_PRERENDER"

SWITCHES: dict[str, Switch] = {s.name: s for s in (
    Switch(CHECK_WORKERS, "a number of processes, 0 or more",
           "one less than the cores, at least 1 and at most 4",
           "0 checks every page in the build process: to compare with the workers' result, "
           "or on a machine where a second process costs more than it saves"),
    Switch(SEARCH_WORKERS, "a number of processes, 0 or more",
           "2, or fewer when this process may run on fewer cores",
           "0 segments in the build process (tests of the cache, machines with one core)"),
    Switch(SEARCH_PARALLEL, "off",
           "jieba runs in worker processes while pages are converted",
           "off leaves segmentation to Material's plugin, serially, exactly as it shipped: "
           "the reference that tests compare the parallel index with"),
    Switch(SEARCH_CACHE, "off",
           "segmented strings are cached in <project>/.cache/ by content",
           "off measures a cold build (the benchmark) and proves the cache changes nothing"),
    Switch(SEARCH_ENGINE, "material, sharded or auto",
           "auto: the sharded engine above search.shards.THRESHOLD_BYTES of index",
           "tests and the benchmark build both engines on sites of any size"),
    Switch(PAGE_CACHE, "off (or 0, no)",
           "mkdocs build reuses unchanged speech pages and search index from <project>/.cache/pages.sqlite, "
           "and safety-month import the plans of unchanged sources from .cache/imports.sqlite",
           "off builds and imports everything afresh: to rule the caches out, and the test that "
           "proves a cached build byte-identical to an uncached one"),
    Switch(PRERENDER, "off or all",
           "with the page cache and two cores, a second process converts speech pages' Markdown from the "
           "last page backwards while the build converts from the first (buildcache.prerender)",
           "off converts every page in the build process (to compare); all makes the build wait until the "
           "second process has converted every page it can: the test that its results are the build's own"),
    Switch(CONFIG, "a path to a mkdocs.yml",
           "the project's mkdocs.yml",
           "read by the test suite only (tests/browser, tests/publish): the deploy and "
           "quality-gate tests run against another configuration; the package never reads it"),
)}


def setting(name: str) -> str:
    """The value of one of SWITCHES, stripped ('' when unset)."""
    if name not in SWITCHES:
        raise KeyError(f"{name} is not one of the documented switches (safety_month.workers.SWITCHES)")
    return os.environ.get(name, "").strip()


def _count(name: str) -> int | None:
    value = setting(name)
    if not value:
        return None
    try:
        return max(0, int(value))
    except ValueError:
        raise ValueError(f"{name}={value!r}: expected a number of worker processes") from None


def check_workers() -> int:
    """Worker processes for the editors' text checks (0: check in the build process)."""
    n = _count(CHECK_WORKERS)
    # One core stays with the build process, which converts Markdown meanwhile.
    return n if n is not None else max(1, min(4, (os.cpu_count() or 1) - 1))


def search_workers() -> int:
    """Worker processes for jieba (0: segment in the build process)."""
    n = _count(SEARCH_WORKERS)
    return n if n is not None else min(2, len(os.sched_getaffinity(0)))


def search_parallel() -> bool:
    return setting(SEARCH_PARALLEL).lower() != "off"


def search_cache() -> bool:
    return setting(SEARCH_CACHE).lower() != "off"


def search_engine() -> str:
    """The requested engine as written ('auto' when unset); search.shards checks the value."""
    return setting(SEARCH_ENGINE) or "auto"


# ---------------------------------------------------------------- the fork policy and pools

def may_fork() -> bool:
    """True when this process can fork safely: fork exists here and no other thread runs."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def forked_child_start() -> None:
    """First thing in a forked child: leave the parent's objects to the parent.

    A forked child shares the parent's memory until it writes to a page. Python's cycle
    collector writes into the header of every object it walks, so the child's first full
    collection would copy nearly all of the build's memory (every page's HTML, the search
    entries) into the child: at 3,000 speeches hundreds of MB per child. Frozen objects
    (gc.freeze) are never walked; the child's own objects are collected as usual."""
    gc.freeze()


def _start_child(initializer, *initargs) -> None:
    forked_child_start()
    if initializer is not None:
        initializer(*initargs)


def process_pool(workers: int, *, initializer=None, initargs: tuple = (),
                 fork_beside_threads: bool = False) -> ProcessPoolExecutor:
    """A pool of `workers` processes, forked when may_fork(), else fresh interpreters.

    fork_beside_threads: fork wherever fork exists, even with other threads running. The
    checks' pool asks for it: it starts in on_files of `mkdocs build`, when the only other
    threads are the segmentation pool's own (its queue feeder and manager), and the workers
    then start at once instead of importing the whole package again; `mkdocs serve` does not
    use that pool (checks.site re-checks only what changed, in the build process).
    """
    if fork_beside_threads:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    else:
        method = "fork" if may_fork() else "spawn"
    if method == "fork":
        initializer, initargs = _start_child, (initializer, *initargs)
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=initializer, initargs=initargs)


def fork_beside_threads(run) -> int | None:
    """Fork a child that runs run() and ends with os._exit (status 1 when run raised), even
    beside other threads, as process_pool(fork_beside_threads=True): for a child that touches
    none of the objects those threads use (buildcache.prerender). The child's pid, or None
    where fork does not exist."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    pid = os.fork()
    if pid:
        return pid
    status = 0
    try:
        forked_child_start()
        run()
    except BaseException:   # noqa: BLE001 - a child never returns into the parent's code
        status = 1
    finally:
        os._exit(status)


# ---------------------------------------------------------------- one call in a forked process

class Forked:
    """fn(*args) running in a forked process; result() waits for it.

    fresh: a fresh interpreter instead ("spawn": fn and args are pickled, so fn must be a
    module's function). A forked child of a large build process copies every page of it
    that either process writes afterwards (the child's allocations land in the parent's
    half-free pages, the parent frees what it handed over): for the search shard writer at
    3,000 speeches that made the child's own memory twice what its work needs."""

    def __init__(self, what: str, fn, *args, fresh: bool = False):
        self.what = what
        context = multiprocessing.get_context("spawn" if fresh else "fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_call, args=(fn, args, send, not fresh), daemon=True)  # ends with the build
        self._process.start()
        send.close()

    def result(self):
        """What fn returned (an exception it raised is raised here)."""
        try:
            ok, value = self._receive.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(f"the process {self.what} ended without a result "
                               f"(exit code {self._process.exitcode})") from None
        finally:
            self._receive.close()
        self._process.join()
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the process (its result is not wanted any more)."""
        self._process.terminate()
        self._process.join()
        self._receive.close()


def start(what: str, fn, *args) -> Forked | None:
    """fn(*args) in a forked process, or None when this process must not fork (run it here)."""
    return Forked(what, fn, *args) if may_fork() else None


def start_fresh(what: str, fn, *args) -> Forked:
    """fn(*args) in a fresh interpreter (safe beside threads too): for work whose inputs are
    small to hand over (a file's name) and whose process would otherwise share, and copy, a
    large parent's memory."""
    return Forked(what, fn, *args, fresh=True)


def _call(fn, args: tuple, send, forked: bool) -> None:
    """The child's side of Forked: fn(*args), its outcome sent back through the pipe."""
    if forked:
        forked_child_start()
    try:
        outcome = (True, fn(*args))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        outcome = (False, exc if _picklable(exc) else RuntimeError(f"{type(exc).__name__}: {exc}"))
    send.send(outcome)
    send.close()


def _picklable(exc: BaseException) -> bool:
    try:
        pickle.dumps(exc)
    except Exception:  # noqa: BLE001
        return False
    return True
