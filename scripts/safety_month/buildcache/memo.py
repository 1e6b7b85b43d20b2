"""`cached(kind, parts, compute)`: one pure step of one page, done once for the same inputs.

The key of a result is the build stamp (stamps.build_stamp: code, theme, packages,
configuration) plus `parts`, which must hold everything else the step reads. Values are kept
as JSON compressed with zlib (level 1: a page's HTML shrinks to about a quarter in well under
a millisecond). A step that logged a warning is not kept: MkDocs' strict mode fails the
build on a warning, and a result read back would not log it again.

Nothing is cached unless a build started the cache (`start`); tests and the live preview call
the steps directly.
"""

from __future__ import annotations

import json
import logging
import zlib
from typing import Any, Callable, TypeVar

from .stamps import digest
from .store import Store

T = TypeVar("T")


class Stale(Exception):
    """Raised by a decoder whose value no longer holds (memo then computes it again)."""


class _WarningCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


_state: dict[str, Any] = {"store": None, "stamp": "", "warnings": None}


def start(store: Store, stamp: str) -> None:
    stop(commit=False)
    counter = _WarningCount()
    logging.getLogger("mkdocs").addHandler(counter)
    _state.update(store=store if store.active else None, stamp=stamp, warnings=counter)


def stop(*, commit: bool) -> tuple[int, int, int] | None:
    """End this build's use of the cache; (hits, misses, entries written) when it had one."""
    store, counter = _state["store"], _state["warnings"]
    if counter is not None:
        logging.getLogger("mkdocs").removeHandler(counter)
    _state.update(store=None, warnings=None)
    if store is None:
        return None
    written = store.commit() if commit else 0
    store.close()
    return store.hits, store.misses, written


def active() -> bool:
    return _state["store"] is not None


def _warnings() -> int:
    counter = _state["warnings"]
    return counter.count if counter is not None else 0


def _pack(value) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def cached(kind: str, parts: tuple, compute: Callable[[], T], *,
           encode: Callable[[T], Any] = lambda v: v, decode: Callable[[Any], T] = lambda v: v,
           keep: Callable[[T], bool] = lambda v: True) -> T:
    """compute(), or its result from an earlier build with the same stamp and parts.
    encode/decode turn the result into JSON data and back (decode may raise Stale);
    keep(result) False: not cached (a page the cache cannot represent)."""
    store: Store | None = _state["store"]
    if store is None:
        return compute()
    key = _key(kind, parts)
    raw = store.get(kind, key)
    if raw is not None:
        try:
            return decode(json.loads(zlib.decompress(raw)))
        except (Stale, zlib.error, ValueError, KeyError, TypeError, IndexError):
            pass   # another version's shape, or stale: computed again below
    before = _warnings()
    value = compute()
    if _warnings() == before and keep(value):
        store.put(kind, key, _pack(encode(value)))
    return value


def cached_packed(kind: str, parts: tuple, compute: Callable[[], Any]) -> bytes:
    """Like cached, but the result stays in its stored form (zlib-compressed JSON, `unpacked`
    reads it): for values handed on to another process (the search shard writer), which a
    build should not hold as Python objects meanwhile."""
    store: Store | None = _state["store"]
    if store is None:
        return _pack(compute())
    key = _key(kind, parts)
    raw = store.get(kind, key)
    if raw is not None:
        return raw
    before = _warnings()
    raw = _pack(compute())
    if _warnings() == before:
        store.put(kind, key, raw)
    return raw


def unpacked(raw: bytes) -> Any:
    """The value of cached_packed's result."""
    return json.loads(zlib.decompress(raw))


def _key(kind: str, parts: tuple) -> str:
    return digest(_state["stamp"], kind, *[p if isinstance(p, (str, bytes)) else repr(p) for p in parts])


def pack(header, payloads: list[bytes]) -> bytes:
    """header (JSON data) and byte strings as one value: the header's length, the header,
    the payloads one after another (their lengths are the header's business)."""
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return len(head).to_bytes(8, "little") + head + b"".join(payloads)


def unpack(data: bytes) -> tuple[Any, bytes]:
    size = int.from_bytes(data[:8], "little")
    return json.loads(data[8:8 + size]), data[8 + size:]


def get_blob(kind: str, parts: tuple) -> bytes | None:
    """A value put_blob stored under the same stamp, kind and parts, or None."""
    store: Store | None = _state["store"]
    raw = store.get(kind, _key(kind, parts)) if store is not None else None
    try:
        return zlib.decompress(raw) if raw is not None else None
    except zlib.error:
        return None


def put_blob(kind: str, parts: tuple, data: bytes) -> None:
    store: Store | None = _state["store"]
    if store is not None:
        store.put(kind, _key(kind, parts), zlib.compress(data, 1))


def text_step(kind: str, func: Callable[[str], str]) -> Callable[[str], str]:
    """A cached version of a pure text -> text step (func's code is in the build stamp)."""
    def step(text: str) -> str:
        return cached(kind, (text,), lambda: func(text))
    return step


# ---------------------------------------------------------------- for prerender's child process

def key_of(kind: str, parts: tuple) -> str | None:
    """The key cached() files a result under (None without a build's cache; still the key in
    a child that forget_in_child)."""
    return _key(kind, parts) if _state["store"] is not None or _state.get("forked") else None


def store_path():
    store: Store | None = _state["store"]
    return store.path if store is not None else None


def warning_count() -> int:
    """Warnings logged since the build started (a result computed meanwhile is not kept)."""
    return _warnings()


def forget_in_child() -> None:
    """In a forked child: never touch the parent's SQLite connection (not even to close it);
    cached() then computes, key_of still answers."""
    _state.update(store=None, forked=_state["store"] is not None)
