"""Text checks of many pages in worker processes, while the build converts Markdown.

`mkdocs build` checks every page in on_files, before any page is converted, and only needs
the results when it writes pages (on_env). For 1,000 speeches the text checks cost about 7 s
of CPU in the build process while the second core idles through the Markdown conversion that
follows. `TextChecks` sends the pages to worker processes in chunks at on_files and collects
the issues at on_env: the same issues (the checks are pure functions of the page text), the
same report (issues are sorted when shown). The front-matter check stays in the build process
so that its errors still stop the build at once.
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor

from safety_month import checks, workers as processes
from . import cached
from .issue import Issue

WORKERS_ENV = processes.CHECK_WORKERS   # worker processes; 0: check in the build process
# Below this many pages, starting a worker costs more than the checks it takes over.
MIN_PAGES = 40
# Pages per task: large enough that sending them costs little next to checking them.
CHUNK = 25


def default_workers() -> int:
    """workers.CHECK_WORKERS when set, else one less than the cores (safety_month.workers)."""
    return processes.check_workers()


def _check_chunk(items: list[tuple[str, str, str | None]]) -> list[list[Issue]]:
    """The text issues of each item, one list per item (kept per page by checks.cached)."""
    return [checks.check_text_only(path, text, src_uri) for path, text, src_uri in items]


class TextChecks:
    """Collects (path, text, src_uri) of pages, checks them in workers, returns the issues.

    cache (the build's page cache, buildcache.memo; None elsewhere): a page added with its
    checks.cached parts whose issues an earlier build kept is not checked again, and the
    issues of the pages checked are kept for the next build. No worker starts when every
    page's issues were kept."""

    def __init__(self, workers: int, cache=None):
        self.workers, self.cache = workers, cache
        self.items: list[tuple[str, str, str | None]] = []   # the pages to check
        self._keys: list[tuple | None] = []                   # their cache parts
        # per page added, in order: its kept issues, or the index of its item
        self._slots: list[list[Issue] | int] = []
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        self._done: list[Issue] | None = None

    def add(self, path: str, text: str, src_uri: str | None, key: tuple | None = None) -> None:
        kept = cached.text_issues(self.cache, key)
        if kept is not None:
            self._slots.append(kept)
            return
        self._slots.append(len(self.items))
        self.items.append((path, text, src_uri))
        self._keys.append(key)

    def start(self) -> None:
        """Send the pages to the workers (or do nothing yet when there are too few)."""
        if self.workers < 1 or len(self.items) < MIN_PAGES:
            return
        self._pool = processes.process_pool(self.workers, fork_beside_threads=True)
        self._futures = [self._pool.submit(_check_chunk, self.items[i:i + CHUNK])
                         for i in range(0, len(self.items), CHUNK)]

    def result(self) -> list[Issue]:
        """Every text issue of every page added, in the order the pages were added (checked
        here if no worker took them)."""
        if self._done is None:
            found = self._checked()
            for key, issues in zip(self._keys, found):
                cached.keep_text_issues(self.cache, key, issues)
            self._done = [issue for slot in self._slots
                          for issue in (found[slot] if isinstance(slot, int) else slot)]
        return self._done

    def _checked(self) -> list[list[Issue]]:
        if self._pool is None:
            return _check_chunk(self.items)
        try:
            return [issues for f in self._futures for issues in f.result()]
        finally:
            self._pool.shutdown()
            self._pool = None
