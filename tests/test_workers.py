"""safety_month.workers: one call in a forked process, its result or its error back.

The tests make Forked directly: other tests of the suite may leave an idle thread (a local
server) running, and then forked.start() rightly declines to fork."""

from __future__ import annotations

import os
import threading
import time

import pytest

from safety_month import workers


def _sum_of(values):
    return sum(values)


def _fail(message):
    raise ValueError(message)


class _Unpicklable(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.lock = threading.Lock()   # pickle cannot take a lock


def _fail_unpicklable():
    raise _Unpicklable("locked")


def _die():
    os._exit(3)


def test_the_result_comes_back_and_the_arguments_are_shared_not_sent():
    big = list(range(1_000_000))
    assert workers.Forked("adding", _sum_of, big).result() == sum(big)


def test_an_error_is_raised_in_the_parent():
    with pytest.raises(ValueError, match="索引不连续"):
        workers.Forked("failing", _fail, "索引不连续").result()
    with pytest.raises(RuntimeError, match="_Unpicklable: locked"):
        workers.Forked("failing", _fail_unpicklable).result()


def test_a_process_that_dies_is_reported_with_its_exit_code():
    with pytest.raises(RuntimeError, match=r"the process dying ended without a result \(exit code 3\)"):
        workers.Forked("dying", _die).result()


def test_cancel_stops_the_process():
    job = workers.Forked("sleeping", time.sleep, 30)
    started = time.monotonic()
    job.cancel()
    assert time.monotonic() - started < 10 and job._process.exitcode is not None


def test_no_fork_while_another_thread_runs(monkeypatch):
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    assert workers.may_fork()              # alone: yes (Linux has fork)
    monkeypatch.undo()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not workers.may_fork() and workers.start("adding", _sum_of, [1]) is None
    finally:
        stop.set()
        thread.join()
