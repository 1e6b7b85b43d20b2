"""Speech pages' Markdown converted on the second core (issue 20: "pages rendered on both
cores, byte-identical to a serial build").

Why: in a cold `mkdocs build` whose segmentation cache is kept (the deploy templates keep it)
the worker processes use the second core for about 7 s of a 30 s build, while the build
process converts every speech page's Markdown one after another (about an eighth of its
time). MkDocs' page loop and its hooks are serial and share state, so the pages cannot be
split between processes as they are; their Markdown conversion, a pure function of the
page's Markdown and the configuration, can.

How: at on_nav (every page object made, every front matter already read by the editors'
checks, every on_config done) one child is forked. It walks the speech pages from the last
one backwards, reads each page's Markdown and runs the on_page_markdown hooks as the build
will, skips the pages the page cache holds, converts the others with MkDocs' own Page.render
and sends each result with its cache key down a pipe. The build process walks from the
first page; for each speech page it takes the child's result when one came for exactly the
key it computes itself (pages.render), else converts the page. The build process publishes
how far it got in a shared word; the child stops there, so they meet in the middle.

Why the site cannot change: a result is used only under the cache key the build process
computes itself (path, URL, Markdown after every hook, kind), the key under which an earlier
build's result is reused; that reuse is proven byte-identical by the equivalence tests. A
conversion that logged a warning is not sent: the build converts that page itself and the
editor sees the warning once. Anything the child gets wrong costs time only.

Fork: beside the segmentation and checks pools' threads, as the checks' own workers are
(workers.process_pool, fork_beside_threads): the child uses neither pool's queues nor the
parent's SQLite connection (memo.forget_in_child; it opens its own, read only), writes
nothing but the pipe, and ends with os._exit. `mkdocs build` only (memo.active()).
"""

from __future__ import annotations

import fcntl
import mmap
import os
import pickle
import signal
import struct
from typing import Any

from safety_month import workers

from . import memo, store

KIND = "render"   # pages.render's cache kind: the child's results are that step's results
# The pipe holds this much before the child waits for the build process to read (Linux's
# default 64 KB is two pages' HTML; 1 MB is the unprivileged maximum).
PIPE_BYTES = 1 << 20
_F_SETPIPE_SZ = 1031
_WORD = struct.Struct("q")

_state: dict[str, Any] = {"pid": None, "fd": None, "shared": None, "index": {}, "results": {}, "buffer": b"",
                          "taken": 0}


def mode() -> str:
    """'off', 'all' (the build waits for the child to convert every page: tests) or 'on'."""
    value = workers.setting(workers.PRERENDER).lower()
    return value if value in ("off", "all") else "on"


def reader():
    """has(kind, key) over the build's cache file through a connection of its own."""
    return store.reader(memo.store_path())


def start(pages: list, config, files, convert) -> bool:
    """Fork the child for these speech pages (in the build's order); False when not started.
    convert(page, config, files, has) -> (cache key, result) or None runs in the child; has
    (kind, key) tells it what the cache holds."""
    stop()
    one_core = len(os.sched_getaffinity(0)) < 2 and mode() != "all"   # nothing to gain on one core
    if mode() == "off" or one_core or not pages or not memo.active():
        return False
    path = memo.store_path()
    shared = mmap.mmap(-1, _WORD.size)
    _WORD.pack_into(shared, 0, -1)
    read_fd, write_fd = os.pipe()
    try:
        fcntl.fcntl(write_fd, _F_SETPIPE_SZ, PIPE_BYTES)
    except OSError:
        pass   # a smaller pipe only makes the child wait more often
    pid = workers.fork_beside_threads(lambda: _child(pages, config, files, convert, shared, write_fd, path))
    os.close(write_fd)
    if pid is None:
        os.close(read_fd)
        return False
    _state.update(pid=pid, fd=read_fd, shared=shared, index={id(p): i for i, p in enumerate(pages)},
                  results={}, buffer=b"", taken=0)
    if mode() == "all":
        _drain()
    else:
        os.set_blocking(read_fd, False)
    return True


def _child(pages, config, files, convert, shared, write_fd, path) -> None:
    """The second process's loop (workers.fork_beside_threads ends it)."""
    memo.forget_in_child()
    has = store.reader(path)   # its own connection: the build's is the build's
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)   # the build prints each warning; the child's copy would say it twice
    os.dup2(null, 2)
    wait_all = mode() == "all"
    for i in range(len(pages) - 1, -1, -1):
        if not wait_all and i <= _WORD.unpack_from(shared, 0)[0]:
            break   # the build process is here already
        try:
            done = convert(pages[i], config, files, has)
        except Exception:   # noqa: BLE001 - a page it cannot convert is the build's to convert (and report)
            continue
        if done is not None:
            _send(write_fd, pickle.dumps(done, pickle.HIGHEST_PROTOCOL))


def _send(fd: int, data: bytes) -> None:
    view = memoryview(len(data).to_bytes(4, "big") + data)
    while view:
        view = view[os.write(fd, view):]


def _drain() -> None:
    """Read what the child sent so far (all it will send when the pipe is blocking)."""
    fd = _state["fd"]
    while fd is not None:
        try:
            chunk = os.read(fd, PIPE_BYTES)
        except BlockingIOError:
            return
        if not chunk:   # the child ended
            os.close(fd)
            _state["fd"] = fd = None
        _state["buffer"] += chunk
        _frames()


def _frames() -> None:
    buffer, at = _state["buffer"], 0
    while len(buffer) - at >= 4:
        size = int.from_bytes(buffer[at:at + 4], "big")
        if len(buffer) - at < 4 + size:
            break
        key, result = pickle.loads(buffer[at + 4:at + 4 + size])
        _state["results"][key] = result
        at += 4 + size
    _state["buffer"] = buffer[at:]


def take(page, key: str) -> dict | None:
    """The child's conversion of this page under exactly this cache key, or None; tells the
    child the build process has reached the page."""
    index = _state["index"].get(id(page))
    if index is None:
        return None
    _WORD.pack_into(_state["shared"], 0, index)
    _drain()
    result = _state["results"].pop(key, None)
    if result is not None:
        _state["taken"] += 1
    return result


def stop() -> int:
    """End the child (the page loop is over, or the build failed); how many results were used."""
    pid, fd, taken = _state["pid"], _state["fd"], _state["taken"]
    if pid is not None:
        try:
            os.kill(pid, signal.SIGKILL)   # it holds nothing to clean up: a read-only file, a pipe
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    if fd is not None:
        os.close(fd)
    _state.update(pid=None, fd=None, shared=None, index={}, results={}, buffer=b"", taken=0)
    return taken
