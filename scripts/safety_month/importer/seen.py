"""What the last import saw of each source and page, by file status: unchanged files not read.

An import of 1,000 unchanged sources (every `make build`) read each source to find its plan
(plan_memo: by its bytes), each plan to get the pages' text, and each page twice (the index
of pages by their source, then the comparison with the fresh text). Here one entry of the
import table holds, for the sources and pages of one output folder, the file status each was
last seen with (size, mtime, ctime, inode, device) and what was learnt from its bytes then:
for a source, its plan's key and everything but the pages' text; for a page, the source its
front matter names, the sha256 of its bytes and whether an editor changed it. A file whose
status is the same is taken to hold the same bytes, as git and make do: any write and any
os.utime change the ctime, which no program sets back; a rename gives another inode.

Racy files: timestamps have a granularity (a few milliseconds, seconds on some file systems),
so a file written again in the same tick as it was seen could keep its status. A status is
therefore only kept for a file whose mtime and ctime are older than RACY_NS before the run
started; a file written just before (or during) an import is read again by the next one.

Pure bookkeeping: the callers stat and read; nothing here touches a file but `status`.
"""

from __future__ import annotations

import os
import time
from typing import NamedTuple

# A file changed this recently before the run began is read again next time (see above).
RACY_NS = 2_000_000_000


def _now_ns() -> int:
    return time.time_ns()


def status(path) -> tuple | None:
    """The file status compared between runs, or None when it cannot be had."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return of(st)


def of(st: os.stat_result) -> tuple:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class PageSeen(NamedTuple):
    owner: tuple | None     # identity.PageOwner's fields, or None for a page naming no source
    sha256: str             # of the page's bytes
    edited: bool            # the page contract's is_hand_edited of those bytes


class Seen:
    """The statuses of one run: those read from the table (``old``) and those this run makes
    (``new``, written back by plan_memo when they differ)."""

    def __init__(self, old: dict | None = None):
        old = old if isinstance(old, dict) else {}
        self.old_sources: dict = old.get("sources", {}) if isinstance(old.get("sources"), dict) else {}
        self.old_pages: dict = old.get("pages", {}) if isinstance(old.get("pages"), dict) else {}
        self.sources: dict = {}
        self.pages: dict = {}
        # The import record's entries by the sha256 of its text (ledger.py): PyYAML took 0.05 s
        # to read a record of 1,000 pages on every import.
        self.old_ledger = old.get("ledger")
        self.ledger: tuple | None = None
        self.since = _now_ns() - RACY_NS

    def steady(self, stat: tuple | None) -> bool:
        return stat is not None and max(stat[1], stat[2]) < self.since

    # ---- sources: (path as given, source_file) -> (status, plan key, plan without the text)
    def source(self, source: str, source_file: str, stat: tuple | None):
        """(plan key, light plan) of a source seen with this very status, else None."""
        if stat is None:
            return None
        found = self.old_sources.get((source, source_file))
        if found is None or tuple(found[0]) != stat:
            return None
        self.sources[(source, source_file)] = found
        return found[1], found[2]

    def note_source(self, source: str, source_file: str, stat: tuple | None, key: str, light) -> None:
        if self.steady(stat):
            self.sources[(source, source_file)] = (stat, key, light)
        else:
            self.sources.pop((source, source_file), None)

    # ---- pages: path relative to the output folder -> (status, PageSeen)
    def page(self, relpath: str, stat: tuple | None) -> PageSeen | None:
        """What this run or the last learnt of a page that still has this status."""
        if stat is None:
            return None
        found = self.pages.get(relpath) or self.old_pages.get(relpath)
        if found is None or tuple(found[0]) != stat:
            return None
        return PageSeen(*found[1])

    def note_page(self, relpath: str, stat: tuple | None, seen: PageSeen) -> None:
        if self.steady(stat):
            self.pages[relpath] = (stat, tuple(seen))

    def keep_page(self, relpath: str, stat: tuple) -> PageSeen | None:
        """The page's record when its status is unchanged, carried into this run's."""
        found = self.page(relpath, stat)
        if found is not None:
            self.pages[relpath] = (stat, tuple(found))
        return found

    # ---- the import record: (sha256 of its text, its entries as tuples)
    def ledger_entries(self, sha256: str) -> list | None:
        old = self.old_ledger
        if isinstance(old, tuple) and len(old) == 2 and old[0] == sha256:
            return old[1]
        return None

    def note_ledger(self, sha256: str, entries: list) -> None:
        self.ledger = (sha256, entries)

    def state(self, still_there) -> dict:
        """What to keep: this run's statuses, and the earlier ones of sources this run did not
        import that ``still_there(source)`` (a folder imported on its own, one file at a time)."""
        sources = dict(self.sources)
        for name, value in self.old_sources.items():
            if name not in sources and still_there(name[0]):
                sources[name] = value
        return {"sources": sources, "pages": self.pages, "ledger": self.ledger}

    def changed(self, state: dict) -> bool:
        return state != {"sources": self.old_sources, "pages": self.old_pages, "ledger": self.old_ledger}
