"""Python's garbage collector in the live preview: full collections between saves, not during them.

The preview keeps every page's source, Markdown result and HTML in memory (safety_month.preview
.pages), at 3,000 speeches some 700,000 objects the collector tracks. Each rebuild makes tens
of thousands of new long-lived objects (MkDocs' pages, files, navigation), and CPython runs a
full collection, which walks every tracked object, whenever those exceed a quarter of the old
ones: every other save, 0.5 s of a 1.5 s rebuild spent finding nothing to free.

`IdleCollector` freezes (gc.freeze) what is alive when a build ends, so the next build's
collections walk only what that build made; a full collection (unfreeze, collect, freeze) runs
IDLE_SECONDS after a build when no other build started meanwhile, and frees the cycles of
earlier builds (MkDocs' pages point at their files and back) that the freeze would keep.
If a save comes while that collection runs, its build waits for it (at most about the time one
full collection takes), as it would have waited for the collection the build itself triggered.
The published build (`mkdocs build`) runs once and never uses this.
"""

from __future__ import annotations

import gc
import threading

# Long enough for the browser to have reloaded the page the build just wrote.
IDLE_SECONDS = 2.0


class IdleCollector:
    def __init__(self, delay: float = IDLE_SECONDS, collector=gc, timer=threading.Timer):
        self.delay, self.gc, self.timer = delay, collector, timer
        self.building = False
        self.collections = 0
        self._pending = None

    def build_started(self) -> None:
        self.building = True
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def build_finished(self) -> None:
        """What this build left alive is frozen; a full collection is scheduled for later."""
        self.building = False
        self.gc.freeze()
        if self._pending is not None:
            self._pending.cancel()
        self._pending = self.timer(self.delay, self.collect_when_idle)
        self._pending.daemon = True
        self._pending.start()

    def collect_when_idle(self) -> bool:
        """The full collection, unless a build runs; whether it ran."""
        if self.building:
            return False
        self.gc.unfreeze()
        self.gc.collect()
        self.gc.freeze()
        self.collections += 1
        return True


COLLECTOR = IdleCollector()
