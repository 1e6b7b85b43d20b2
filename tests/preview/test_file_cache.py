"""safety_month.preview.files: unchanged files come from memory, any change is read again, and
a file saved moments ago is never trusted to its timestamps (live preview only)."""

from __future__ import annotations

import os

import pytest

from safety_month.preview import files as file_cache
from safety_month.theme import internals

LATER = 2**62    # "now" (year 2116) far after any file's timestamps: every file is settled


@pytest.fixture(autouse=True)
def empty_cache():
    file_cache.clear()
    yield
    file_cache.clear()


def test_settled_unchanged_file_is_served_from_memory(tmp_path):
    page = tmp_path / "a.md"
    page.write_bytes("安全生产".encode())
    first = file_cache.read(str(page), now_ns=LATER)
    again = file_cache.read(str(page), now_ns=LATER)
    assert first == again == "安全生产".encode()
    assert again is first and file_cache.hits() == 1


def test_changes_are_read_again(tmp_path):
    page = tmp_path / "a.md"
    page.write_bytes(b"one")
    assert file_cache.read(str(page), now_ns=LATER) == b"one"
    page.write_bytes(b"three")                      # other size
    assert file_cache.read(str(page), now_ns=LATER) == b"three"
    st = page.stat()
    page.write_bytes(b"seven")                      # same size; timestamps put back
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert file_cache.read(str(page), now_ns=LATER) == b"seven"   # the change time still moved
    tmp = tmp_path / "a.md.tmp"                     # an editor's atomic save: a new inode
    tmp.write_bytes(b"eight")
    os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(tmp, page)
    assert file_cache.read(str(page), now_ns=LATER) == b"eight"
    assert file_cache.hits() == 0


def test_a_file_saved_moments_ago_is_not_trusted_to_its_timestamps(tmp_path):
    page = tmp_path / "a.md"
    page.write_bytes(b"fresh")
    recent = page.stat().st_mtime_ns + int(file_cache.RACY_SECONDS * 1e9) // 2
    first = file_cache.read(str(page), now_ns=recent)
    second = file_cache.read(str(page), now_ns=recent)
    assert first == second == b"fresh"
    assert second is not first and file_cache.hits() == 0          # read from disk both times


def test_memory_bound_starts_over(tmp_path, monkeypatch):
    monkeypatch.setattr(file_cache, "MAX_BYTES", 10)
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"123456")
    b.write_bytes(b"abcdef")
    file_cache.read(str(a), now_ns=LATER)
    file_cache.read(str(b), now_ns=LATER)           # 12 bytes > 10: a is dropped
    assert list(file_cache._entries) == [str(b)]
    assert file_cache._state["bytes"] == 6


def test_mkdocs_files_read_through_the_cache(tmp_path, monkeypatch):
    from mkdocs.structure.files import File

    monkeypatch.setattr(file_cache, "RACY_SECONDS", -1.0)    # the new file counts as settled
    original = File.content_bytes
    monkeypatch.setattr(File, "content_bytes", original)   # restored after the test
    file_cache.cache_mkdocs_files()
    file_cache.cache_mkdocs_files()                       # idempotent
    assert internals.patched(File, "content_bytes")
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "a.md"
    page.write_bytes(b"# a")
    f = File("a.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)
    assert f.content_bytes == b"# a" and f.content_bytes is f.content_bytes
    generated = File("b.md", None, str(tmp_path / "site"), True)
    generated.content_string = "生成"                       # in memory, like the hooks' pages
    assert generated.content_bytes == "生成".encode()
    f.content_bytes = b"set"                               # the setter still works
    assert f.content_bytes == b"set" and f.abs_src_path is None


def test_within_a_build_a_file_is_read_once_and_after_it_again(tmp_path, monkeypatch):
    """begin_build .. end_build: every reader of the build gets the bytes seen first, with one
    stat; a save during the build is read by the next build."""
    page = tmp_path / "a.md"
    page.write_bytes(b"one")
    stats = []
    real_stat = os.stat
    monkeypatch.setattr(file_cache.os, "stat", lambda p, *a, **k: stats.append(p) or real_stat(p, *a, **k))
    file_cache.begin_build()
    try:
        first = file_cache.read(str(page))               # saved moments ago: not kept across builds
        page.write_bytes(b"three")
        assert file_cache.read(str(page)) is first and first == b"one"
        assert len(stats) == 1
    finally:
        file_cache.end_build()
    assert file_cache.read(str(page)) == b"three"
    file_cache.begin_build()
    file_cache.end_build()
    assert file_cache.read(str(page)) == b"three" and len(stats) == 3
