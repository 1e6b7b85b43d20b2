"""The page cache opened as a build opens it (tests/buildcache)."""

from __future__ import annotations

import pytest

from safety_month.buildcache import memo
from safety_month.buildcache.store import Store


@pytest.fixture
def build(tmp_path):
    """Start a build's cache; a call of the fixture's result ends it (committed) and starts
    the next build on the same table."""
    memo.start(Store(tmp_path, "stamp"), "stamp")

    def next_build():
        memo.stop(commit=True)
        memo.start(Store(tmp_path, "stamp"), "stamp")
    yield next_build
    memo.stop(commit=False)
