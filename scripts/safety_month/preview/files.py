"""Source files kept in memory across `mkdocs serve` rebuilds (live preview only).

Every save makes MkDocs build the whole site again, and four steps read every page's file
(MkDocs itself, the library and 五进 hooks, the editors' checks): with 1,000 speeches that is
4,000 reads per save. `read` returns a file from memory while its size, modification and
change times and inode are those seen when it was read.

A stat signature can miss a change made within the file system's timestamp granularity (one
or two seconds on some network and FAT drives) that keeps the size. As git does with its
index, an entry is therefore kept only for a file that was already RACY_SECONDS old when it
was read: a file saved moments ago is read from disk again on every rebuild until it is older.
The published build (`mkdocs build`) reads each file itself and never uses this.
"""

from __future__ import annotations

import os
import time

from safety_month.theme import internals

# Above the coarsest common timestamp granularity (2 s on FAT) plus clock skew between a
# network drive and this machine of well under a second.
RACY_SECONDS = 3.0
# Bound on the bytes held (a 1,000-speech site holds ~16 MB); beyond it the cache starts over.
MAX_BYTES = 256 * 1024 * 1024

_entries: dict[str, tuple[tuple[int, int, int, int], bytes]] = {}
_state = {"bytes": 0, "hits": 0}


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


# Within one preview build (begin_build .. end_build) a file is stat'ed once: MkDocs, the
# library, 五进 and checks hooks each read every page (4 stats per page, 0.03 s per save at
# 3,000 speeches), and they all get the bytes seen first. A save during the build is seen by
# the next build, which the save starts anyway.
_build: dict = {"on": False, "read": {}}


def begin_build() -> None:
    _build.update(on=True, read={})


def end_build() -> None:
    _build.update(on=False, read={})


def read(path: str, now_ns: int | None = None) -> bytes:
    """The file's bytes; from memory when the file is unchanged since it was last read."""
    if _build["on"]:
        seen = _build["read"].get(path)
        if seen is None:
            seen = _build["read"][path] = _read(path, now_ns)
        return seen
    return _read(path, now_ns)


def _read(path: str, now_ns: int | None) -> bytes:
    st = os.stat(path)
    sig = _signature(st)
    hit = _entries.get(path)
    if hit is not None and hit[0] == sig:
        _state["hits"] += 1
        return hit[1]
    with open(path, "rb") as f:
        data = f.read()
    _forget(path)
    now_ns = time.time_ns() if now_ns is None else now_ns
    settled = now_ns - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_SECONDS * 1e9
    if settled and len(data) == st.st_size:
        if _state["bytes"] + len(data) > MAX_BYTES:
            clear()
        _entries[path] = (sig, data)
        _state["bytes"] += len(data)
    return data


def _forget(path: str) -> None:
    old = _entries.pop(path, None)
    if old is not None:
        _state["bytes"] -= len(old[1])


def clear() -> None:
    _entries.clear()
    _state.update(bytes=0, hits=0)


def hits() -> int:
    return _state["hits"]


def cache_mkdocs_files() -> None:
    """Route MkDocs' File.content_bytes for files on disk through `read` (idempotent)."""
    from mkdocs.structure.files import File

    if internals.patched(File, "content_bytes"):
        return
    current = File.content_bytes
    original = current.fget

    def content_bytes(self) -> bytes:
        if self._content is None and self.abs_src_path is not None:
            return read(self.abs_src_path)
        return original(self)

    internals.patch(internals.FILE_BYTES, File, "content_bytes",
                    property(content_bytes, current.fset, doc=current.__doc__), once=True)
