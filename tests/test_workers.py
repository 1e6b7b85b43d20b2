"""safety_month.workers: one call in a forked process, its result or its error back.

The tests make Forked directly: other tests of the suite may leave an idle thread (a local
server) running, and then forked.start() rightly declines to fork."""

from __future__ import annotations

import ast
import os
import re
import threading
import time
from pathlib import Path

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


# ---------------------------------------------------------------- pools, policy and switches

PACKAGE = Path(workers.__file__).parent
ROOT = PACKAGE.parents[1]


def _start_method(pool) -> str:
    return pool._mp_context.get_start_method()


def test_a_pool_forks_only_while_no_other_thread_runs(monkeypatch):
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    pool = workers.process_pool(1)
    try:
        assert _start_method(pool) == "fork" and pool.submit(_sum_of, [1, 2]).result() == 3
    finally:
        pool.shutdown()
    monkeypatch.setattr(workers.threading, "active_count", lambda: 2)
    spawned = workers.process_pool(1)
    beside = workers.process_pool(1, fork_beside_threads=True)    # the checks' pool
    assert _start_method(spawned) == "spawn" and _start_method(beside) == "fork"
    spawned.shutdown()
    beside.shutdown()


def test_the_switches_are_read_as_documented(monkeypatch):
    for name in workers.SWITCHES:
        monkeypatch.delenv(name, raising=False)
    assert workers.check_workers() >= 1 and workers.search_workers() >= 1
    assert workers.search_parallel() and workers.search_cache() and workers.search_engine() == "auto"
    monkeypatch.setenv(workers.SEARCH_WORKERS, " 0 ")
    monkeypatch.setenv(workers.SEARCH_PARALLEL, "OFF")
    monkeypatch.setenv(workers.SEARCH_CACHE, "off")
    monkeypatch.setenv(workers.SEARCH_ENGINE, " sharded ")
    assert workers.search_workers() == 0 and not workers.search_parallel() and not workers.search_cache()
    assert workers.search_engine() == "sharded"
    monkeypatch.setenv(workers.SEARCH_WORKERS, "two")
    with pytest.raises(ValueError, match="SAFETY_MONTH_SEARCH_WORKERS='two': expected a number"):
        workers.search_workers()
    with pytest.raises(KeyError, match="not one of the documented switches"):
        workers.setting("SAFETY_MONTH_UNDOCUMENTED")


def test_every_switch_in_the_project_is_in_the_table():
    """Any SAFETY_MONTH_* named in the code, the tests or the docs is documented here."""
    seen = set()
    for folder in ("scripts", "tests", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".md", ".yml", ".sh") and path.is_file():
                seen |= set(re.findall(r"SAFETY_MONTH_[A-Z_]+", path.read_text(encoding="utf-8", errors="replace")))
    seen |= set(re.findall(r"SAFETY_MONTH_[A-Z_]+", (ROOT / "README.md").read_text(encoding="utf-8")))
    seen.discard("SAFETY_MONTH_UNDOCUMENTED")   # the test above, of an unknown name
    assert seen and seen <= set(workers.SWITCHES), seen - set(workers.SWITCHES)
    for switch in workers.SWITCHES.values():
        assert switch.values and switch.default and switch.why


def test_only_the_worker_module_starts_processes_or_reads_the_switches():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == Path(workers.__file__):
            continue
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            names = [a.name for a in node.names] if isinstance(node, (ast.Import, ast.ImportFrom)) else []
            module = node.module if isinstance(node, ast.ImportFrom) else ""
            if module == "multiprocessing" or "multiprocessing" in names:
                offenders.append(f"{path.name}:{node.lineno}: imports multiprocessing")
            if isinstance(node, ast.Call) and "ProcessPoolExecutor" in ast.unparse(node.func):
                offenders.append(f"{path.name}:{node.lineno}: creates a process pool")
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("os.fork", "fork", "os.forkpty"):
                offenders.append(f"{path.name}:{node.lineno}: forks")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "SAFETY_MONTH_" in node.value:
                offenders.append(f"{path.name}:{node.lineno}: names {node.value}")
    assert offenders == []


def _freeze_count() -> int:
    import gc

    return gc.get_freeze_count()


def test_forked_children_never_walk_the_parents_objects():
    """A forked pool worker and a forked call start with the parent's objects frozen, so the
    child's cycle collections do not copy the parent's memory page by page."""
    import gc

    before = gc.get_freeze_count()             # (a preview test in this process may have frozen)
    keep = [[i] for i in range(1000)]          # tracked objects the parent holds, not frozen
    pool = workers.process_pool(1, fork_beside_threads=True)
    try:
        assert pool.submit(_freeze_count).result() >= before + len(keep)
    finally:
        pool.shutdown()
    assert workers.Forked("a test", _freeze_count).result() >= before + len(keep)
    assert gc.get_freeze_count() == before     # the parent itself is left as it was


def test_a_child_forked_beside_threads_runs_and_ends_with_its_status(tmp_path):
    import threading

    stop = threading.Event()
    beside = threading.Thread(target=stop.wait)   # another thread, as the pools' own
    beside.start()
    try:
        mark = tmp_path / "ran"
        pid = workers.fork_beside_threads(lambda: mark.write_text(str(_freeze_count()), encoding="utf-8"))
        assert os.waitpid(pid, 0)[1] == 0 and int(mark.read_text(encoding="utf-8")) > 0   # ran, frozen first
        pid = workers.fork_beside_threads(lambda: 1 / 0)
        assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 1   # raised: never back in the caller
    finally:
        stop.set()
        beside.join()


FRESHNESS = {"forked": False}


def _fresh() -> bool:
    return not FRESHNESS["forked"]


def test_a_fresh_process_starts_from_nothing_of_this_ones_memory():
    """start_fresh: a new interpreter (spawn), not a copy of this process: a value this process
    changed is the module's own there; a fork sees the change."""
    FRESHNESS["forked"] = True
    try:
        assert workers.start_fresh("a fresh test", _fresh).result() is True
        assert workers.Forked("a forked test", _fresh).result() is False
        with pytest.raises(ValueError, match="索引不连续"):
            workers.start_fresh("failing", _fail, "索引不连续").result()
    finally:
        FRESHNESS["forked"] = False
