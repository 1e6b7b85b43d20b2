"""Text checks of many pages in worker processes, while the build converts Markdown.

`mkdocs build` checks every page in on_files, before any page is converted, and only needs
the results when it writes pages (on_env). For 1,000 speeches the text checks cost about 7 s
of CPU in the build process while the second core idles through the Markdown conversion that
follows. `TextChecks` sends the pages to worker processes in chunks at on_files and collects
the issues at on_env: the same issues (the checks are pure functions of the page text and its
front matter, which is sent parsed), the same report (issues are sorted when shown). The
front-matter check stays in the build process so that its errors still stop the build at once.
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor

from safety_month import checks, workers as processes
from safety_month.pages.reader import FrontMatter
from . import cached
from .issue import Issue
from .page import Page

WORKERS_ENV = processes.CHECK_WORKERS   # worker processes; 0: check in the build process
# Below this many pages, starting a worker costs more than the checks it takes over.
MIN_PAGES = 40
# Pages per task: large enough that sending them costs little next to checking them.
CHUNK = 25


def default_workers() -> int:
    """workers.CHECK_WORKERS when set, else one less than the cores (safety_month.workers)."""
    return processes.check_workers()


def _check_chunk(items: list[tuple[str, str, str | None, FrontMatter]]) -> list[list[Issue]]:
    """The text issues of each item, one list per item (kept per page by checks.cached). The
    front matter comes parsed (a worker would otherwise read each page's YAML a second time)."""
    return [checks.check_page(Page(path=path, text=text, src_uri=src_uri, fm=fm), checks.TEXT_CHECKS)
            for path, text, src_uri, fm in items]


class TextChecks:
    """Collects parsed pages, checks their text in workers, returns the issues.

    cache (the build's page cache, buildcache.memo; None elsewhere): a page added with its
    checks.cached parts whose issues an earlier build kept is not checked again, and the
    issues of the pages checked are kept for the next build. No worker starts when every
    page's issues were kept."""

    def __init__(self, workers: int, cache=None):
        self.workers, self.cache = workers, cache
        self.items: list[Page] = []                           # the pages to check
        self._keys: list[tuple | None] = []                   # their cache parts
        # per page added, in order: its kept issues, or the index of its item
        self._slots: list[list[Issue] | int] = []
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        self._done: list[Issue] | None = None

    def add(self, page: Page, key: tuple | None = None) -> None:
        """A page the front checks parsed (checks.front_page); key: its checks.cached parts."""
        kept = cached.text_issues(self.cache, key)
        if kept is not None:
            self._slots.append(kept)
            return
        self._slots.append(len(self.items))
        self.items.append(page)
        self._keys.append(key)

    def start(self) -> None:
        """Send the pages to the workers (or do nothing yet when there are too few)."""
        if self.workers < 1 or len(self.items) < MIN_PAGES:
            return
        self._pool = processes.process_pool(self.workers, fork_beside_threads=True)
        sent = [(p.path, p.text, p.src_uri, p.fm) for p in self.items]
        self._futures = [self._pool.submit(_check_chunk, sent[i:i + CHUNK]) for i in range(0, len(sent), CHUNK)]
        # The workers end once they checked everything, not when the build asks for the issues
        # (on_env, after every page is converted): an idle worker held ~150 MB of its own at
        # 3,000 speeches through the conversion, the build's peak of memory (issue 20).
        self._pool.shutdown(wait=False)

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
        if self._pool is None:   # the pages themselves: what they derived (body lines) is reused
            return [checks.check_page(page, checks.TEXT_CHECKS) for page in self.items]
        try:
            return [issues for f in self._futures for issues in f.result()]
        finally:
            self._pool.shutdown()
            self._pool = None
