"""Hang guards: the inputs that made the editors' checks rescan the rest of a page (an
unclosed "<!--" or sm-redact span repeated: 30 s to many minutes at 256 KB) or explode in
front-matter reading (an alias bomb: minutes and 20 GB; 5,000 nested brackets: a
RecursionError) all finish, each far below the bound.

The bound is a guard against a hang, not a speed target: each input takes well under a
second (scripts/devtools/bench_page_checks.py prints the times and their growth with the input size).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SIZE = 262_144          # characters per input
BOUND_SECONDS = 20      # per input; before the fixes the slowest took minutes at this size


@pytest.fixture(scope="module")
def timings():
    result = subprocess.run([sys.executable, str(ROOT / "scripts/devtools/bench_page_checks.py"), "--sizes", str(SIZE), "--json"],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return {row["input"]: row for row in map(json.loads, result.stdout.splitlines())}


def test_every_hostile_page_is_checked_within_the_bound(timings):
    from devtools import bench_page_checks

    assert set(timings) == set(bench_page_checks.inputs(1024))
    slow = {name: row["seconds"] for name, row in timings.items() if row["seconds"] > BOUND_SECONDS}
    assert slow == {}
    assert all(row["chars"] >= SIZE for name, row in timings.items() if name != "alias bomb")
