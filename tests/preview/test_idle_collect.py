"""safety_month.preview.collect: the preview freezes what a build left alive and collects fully
only between builds, and that collection really frees the cycles a freeze kept."""

from __future__ import annotations

import gc
import weakref

from safety_month.preview.collect import IdleCollector


class FakeGC:
    def __init__(self):
        self.calls = []

    def freeze(self):
        self.calls.append("freeze")

    def unfreeze(self):
        self.calls.append("unfreeze")

    def collect(self):
        self.calls.append("collect")


class FakeTimer:
    made: list["FakeTimer"] = []

    def __init__(self, delay, fn):
        self.delay, self.fn, self.started, self.cancelled, self.daemon = delay, fn, False, False, False
        FakeTimer.made.append(self)

    def start(self):
        self.started = True

    def cancel(self):
        self.cancelled = True


def test_a_finished_build_freezes_and_schedules_one_full_collection():
    FakeTimer.made = []
    fake = FakeGC()
    c = IdleCollector(delay=3.5, collector=fake, timer=FakeTimer)
    c.build_started()
    assert fake.calls == [] and FakeTimer.made == []
    c.build_finished()
    assert fake.calls == ["freeze"]
    (timer,) = FakeTimer.made
    assert timer.started and timer.daemon and timer.delay == 3.5
    assert timer.fn() is True
    assert fake.calls == ["freeze", "unfreeze", "collect", "freeze"] and c.collections == 1


def test_a_new_build_cancels_the_pending_collection_and_none_runs_during_a_build():
    FakeTimer.made = []
    fake = FakeGC()
    c = IdleCollector(collector=fake, timer=FakeTimer)
    c.build_finished()
    c.build_started()
    assert FakeTimer.made[0].cancelled
    assert c.collect_when_idle() is False          # a timer that fired anyway does nothing
    assert fake.calls == ["freeze"] and c.collections == 0
    c.build_finished()
    assert len(FakeTimer.made) == 2 and not FakeTimer.made[1].cancelled


def test_the_idle_collection_frees_a_cycle_the_freeze_kept():
    class Node:
        pass

    FakeTimer.made = []
    c = IdleCollector(timer=FakeTimer)            # the real gc
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a                   # a cycle, as MkDocs' pages and files make
        gone = weakref.ref(a)
        c.build_finished()                        # frozen while still in use
        del a, b
        gc.collect()
        assert gone() is not None                 # a frozen cycle survives a collection
        assert c.collect_when_idle()
        assert gone() is None
    finally:
        gc.unfreeze()
