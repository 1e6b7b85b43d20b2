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
from .issue import Issue

WORKERS_ENV = processes.CHECK_WORKERS   # worker processes; 0: check in the build process
# Below this many pages, starting a worker costs more than the checks it takes over.
MIN_PAGES = 40
# Pages per task: large enough that sending them costs little next to checking them.
CHUNK = 25


def default_workers() -> int:
    """workers.CHECK_WORKERS when set, else one less than the cores (safety_month.workers)."""
    return processes.check_workers()


def _check_chunk(items: list[tuple[str, str, str | None]]) -> list[Issue]:
    out: list[Issue] = []
    for path, text, src_uri in items:
        out += checks.check_text_only(path, text, src_uri)
    return out


class TextChecks:
    """Collects (path, text, src_uri) of pages, checks them in workers, returns the issues."""

    def __init__(self, workers: int):
        self.workers = workers
        self.items: list[tuple[str, str, str | None]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        self._done: list[Issue] | None = None

    def add(self, path: str, text: str, src_uri: str | None) -> None:
        self.items.append((path, text, src_uri))

    def start(self) -> None:
        """Send the pages to the workers (or do nothing yet when there are too few)."""
        if self.workers < 1 or len(self.items) < MIN_PAGES:
            return
        self._pool = processes.process_pool(self.workers, fork_beside_threads=True)
        self._futures = [self._pool.submit(_check_chunk, self.items[i:i + CHUNK])
                         for i in range(0, len(self.items), CHUNK)]

    def result(self) -> list[Issue]:
        """Every text issue of every page added (checked here if no worker took them)."""
        if self._done is None:
            if self._pool is None:
                self._done = _check_chunk(self.items)
            else:
                try:
                    self._done = [issue for f in self._futures for issue in f.result()]
                finally:
                    self._pool.shutdown()
                    self._pool = None
        return self._done
