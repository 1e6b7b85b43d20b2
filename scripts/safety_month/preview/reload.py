"""The live-reload server of `mkdocs serve` in the preview: it notices a save sooner, and its
file watchers do not scan while a rebuild runs (preview only; moved from preview/pages.py)."""

from __future__ import annotations

from safety_month.theme import internals

# `mkdocs serve` polls the watched folders for changes every 0.5 s (watchdog's
# PollingObserver): on average a quarter of a second before a save is even noticed. A scan of
# 1,000 pages takes a few milliseconds, so the preview polls more often (0.1 s: a scan costs
# under a tenth of the interval, and a save is noticed after 0.05 s on average).
POLL_SECONDS = 0.1
# After noticing a change, MkDocs waits until no change came for build_delay (0.1 s) before it
# rebuilds; editors' saves are single atomic writes, so a shorter quiet spell is enough.
BUILD_DELAY_SECONDS = 0.05


def poll_faster(server, seconds: float = POLL_SECONDS) -> int:
    """Shorten the polling interval of the live-reload server's watchers (and its wait for
    changes to settle); returns how many watchers were changed (0 when watchdog's internals
    differ: then the preview just polls as before)."""
    if isinstance(getattr(server, "build_delay", None), (int, float)):
        internals.patch(internals.RELOAD_POLLING, server, "build_delay",
                        min(server.build_delay, BUILD_DELAY_SECONDS))
    changed = 0
    for emitter in list(getattr(getattr(server, "observer", None), "emitters", ()) or ()):
        if isinstance(getattr(emitter, "_timeout", None), (int, float)):
            internals.patch(internals.RELOAD_POLLING, emitter, "_timeout", seconds)
            changed += 1
    return changed


def quiet_while_building(server) -> int:
    """Let the watchers skip their scans while a rebuild runs; returns how many watchers
    were changed (0 when MkDocs' or watchdog's internals differ: then nothing changes).

    Each scan lists and stats every file under docs/ in Python (20 ms for 3,000 pages) and
    holds the interpreter lock meanwhile, so polling every 0.1 s during a rebuild slowed the
    rebuild itself by a quarter. Nothing is missed: a scan compares with the previous one,
    so a save made during a rebuild is seen by the first scan after it.
    """
    import threading

    builder = getattr(server, "builder", None)
    emitters = [e for e in list(getattr(getattr(server, "observer", None), "emitters", ()) or ())
                if callable(getattr(e, "queue_events", None)) and hasattr(e, "stopped_event")]
    if not callable(builder) or internals.patched(server, "builder") or not emitters:
        return 0
    building = threading.Event()

    def quiet_builder(*args, **kwargs):
        building.set()
        try:
            return builder(*args, **kwargs)
        finally:
            building.clear()

    internals.patch(internals.RELOAD_QUIET, server, "builder", quiet_builder, once=True)
    for emitter in emitters:
        internals.patch(internals.RELOAD_QUIET, emitter, "queue_events",
                        _quiet_queue(emitter, emitter.queue_events, building))
    return len(emitters)


def _quiet_queue(emitter, queue_events, building):
    def queue(timeout):
        # The emitter's own wait, then its scan unless a rebuild is running (its scan, called
        # with no wait, still checks that the emitter is running).
        if emitter.stopped_event.wait(timeout) or building.is_set():
            return
        queue_events(0)
    return queue
