"""The page cache's table: kept only when a build commits, pruned by use and by build stamp,
and never a reason for a build to fail (a broken file, a locked file, a folder not writable)."""

from __future__ import annotations

import sqlite3

from safety_month.buildcache import store as store_module
from safety_month.buildcache.store import Store


def test_a_committed_entry_is_read_by_the_next_build(tmp_path):
    first = Store(tmp_path, "s1")
    first.put("page", "k", b"value")
    assert first.get("page", "k") == b"value"      # the build's own writes are visible to it
    assert first.commit() == 1
    first.close()
    second = Store(tmp_path, "s1")
    assert second.get("page", "k") == b"value" and second.hits == 1


def test_a_failed_build_leaves_the_table_as_it_was(tmp_path):
    first = Store(tmp_path, "s1")
    first.put("page", "k", b"value")
    first.close()                                   # no commit: the build failed
    second = Store(tmp_path, "s1")
    assert second.get("page", "k") is None and second.misses == 1


def _keys(folder) -> set[str]:
    return {k for (k,) in sqlite3.connect(folder / store_module.FILE_NAME).execute("SELECT key FROM entries")}


def test_entries_unused_for_keep_builds_builds_are_dropped(tmp_path):
    s = Store(tmp_path, "s1")
    s.put("page", "old", b"1")
    s.put("page", "read", b"1")
    s.commit()
    s.close()
    for n in range(store_module.KEEP_BUILDS):
        assert "old" in _keys(tmp_path), n          # not yet KEEP_BUILDS builds without it
        s = Store(tmp_path, "s1")
        assert s.get("page", "read") == b"1"        # read by every build: kept
        s.put("page", f"new{n}", b"2")              # a build that changed something
        s.commit()
        s.close()
    assert "old" not in _keys(tmp_path) and "read" in _keys(tmp_path)


def _builds(folder) -> list[tuple]:
    return sqlite3.connect(folder / store_module.FILE_NAME).execute("SELECT id, used FROM builds").fetchall()


def test_a_build_using_just_what_the_last_one_used_leaves_the_file_as_it_is(tmp_path):
    s = Store(tmp_path, "s1")
    for key in ("a", "b"):
        s.put("page", key, b"1")
    s.commit()
    s.close()
    path = tmp_path / store_module.FILE_NAME
    before = (path.read_bytes(), _builds(tmp_path))
    for _ in range(store_module.KEEP_BUILDS + 1):   # nothing changed, build after build
        s = Store(tmp_path, "s1")
        assert s.get("page", "a") == s.get("page", "b") == b"1" and s.get("page", "c") is None
        assert s.commit() == 0
        s.close()
    assert (path.read_bytes(), _builds(tmp_path)) == before == (before[0], [(1, 2)])
    # Fewer entries read (a removed page), or one the last build did not use: recorded.
    s = Store(tmp_path, "s1")
    s.get("page", "a")
    s.commit()
    s.close()
    assert _builds(tmp_path) == [(1, 2), (2, 1)]
    s = Store(tmp_path, "s1")
    s.get("page", "b")
    s.commit()
    s.close()
    assert _builds(tmp_path) == [(1, 2), (2, 1), (3, 1)]
    assert _keys(tmp_path) == {"a", "b"}


def test_entries_of_another_build_stamp_are_dropped_at_commit(tmp_path):
    s = Store(tmp_path, "old-code")
    s.put("page", "k", b"1")
    s.commit()
    s.close()
    s = Store(tmp_path, "new-code")
    s.put("page", "other", b"2")
    s.commit()
    s.close()
    rows = sqlite3.connect(tmp_path / store_module.FILE_NAME).execute("SELECT key, stamp FROM entries").fetchall()
    assert rows == [("other", "new-code")]


def test_a_file_that_is_not_a_database_is_replaced(tmp_path):
    (tmp_path / store_module.FILE_NAME).write_bytes(b"\x00garbage\xff" * 100)
    s = Store(tmp_path, "s")
    assert s.active and s.problem is None
    s.put("page", "k", b"v")
    assert s.commit() == 1


def test_a_table_of_another_layout_is_emptied(tmp_path):
    db = sqlite3.connect(tmp_path / store_module.FILE_NAME)
    db.execute("CREATE TABLE entries (kind TEXT, key TEXT, value BLOB)")
    db.execute("INSERT INTO entries VALUES ('page', 'k', x'00')")
    db.commit()
    db.close()
    s = Store(tmp_path, "s")
    assert s.get("page", "k") is None
    s.put("page", "k", b"v")
    assert s.commit() == 1


def test_a_second_build_at_the_same_time_reads_but_does_not_write(tmp_path):
    s = Store(tmp_path, "s")
    s.put("page", "shared", b"v")
    s.commit()
    s.close()
    writer, other = Store(tmp_path, "s"), Store(tmp_path, "s")
    writer.put("page", "a", b"1")                  # holds the writing lock for its whole build
    assert other.get("page", "shared") == b"v"      # reading never waits (WAL)
    other.put("page", "b", b"2")
    assert other.read_only and other.active and other.commit() == 0
    assert writer.commit() == 1
    writer.close(), other.close()
    again = Store(tmp_path, "s")
    assert again.get("page", "a") == b"1" and again.get("page", "b") is None


def test_a_path_that_is_a_file_turns_the_cache_off(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    s = Store(blocker, "s")
    assert not s.active and str(blocker) in s.problem
    s.put("page", "k", b"v")                        # no error: the build goes on without cache
    assert s.get("page", "k") is None and s.commit() == 0


def test_space_freed_by_pruning_goes_back_to_the_file_system(tmp_path):
    import os

    s = Store(tmp_path, "old")
    for n in range(40):
        s.put("page", str(n), os.urandom(50_000))
    s.commit()
    s.close()
    big = (tmp_path / store_module.FILE_NAME).stat().st_size
    s = Store(tmp_path, "new")
    s.put("page", "x", b"1")
    s.commit()
    s.close()
    assert big > 2_000_000 and (tmp_path / store_module.FILE_NAME).stat().st_size < big / 4
