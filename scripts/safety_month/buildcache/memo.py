"""`cached(kind, parts, compute)`: one pure step of one page, done once for the same inputs.

The key of a result is the build stamp (stamps.build_stamp: code, theme, packages,
configuration) plus `parts`, which must hold everything else the step reads. Values are kept
compressed with zlib (level 1: a page's HTML shrinks to about a quarter in well under a
millisecond): as marshal data when JSON would give back exactly the same value (dicts with
str keys, lists, str, int, float, bool, None: `json_exact`), else as JSON. Reading back ~9,000
values was a third of a build with nothing changed, and json.loads of HTML (every quote
escaped) half of that; marshal (version 2: no shared references, so a value read back is a
tree as JSON's is) reads them several times faster. A step that logged a warning is not kept: MkDocs' strict mode fails the
build on a warning, and a result read back would not log it again.

Nothing is cached unless a build started the cache (`start`); tests and the live preview call
the steps directly.
"""

from __future__ import annotations

import json
import logging
import marshal
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


# A value kept by `cached` as marshal data starts with this byte (zlib's streams, JSON's form,
# start with 0x78): the rest is the zlib-compressed marshal data.
_MARSHAL = b"M"
MARSHAL_VERSION = 2
_PLAIN = (str, int, float, bool, type(None))


def json_exact(value, limit: int = 200) -> bool:
    """Whether json.loads(json.dumps(value)) == value with the same types throughout: no
    tuple, no key other than str, no subclass (Markup) of str or int, nothing nested deeper
    than limit (a cycle)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if kind in _PLAIN:
            continue
        if depth >= limit:
            return False
        if kind is list:
            stack.extend((v, depth + 1) for v in item)
        elif kind is dict:
            if not all(type(k) is str for k in item):
                return False
            stack.extend((v, depth + 1) for v in item.values())
        else:
            return False
    return True


def _pack_value(value) -> bytes:
    if json_exact(value):
        return _MARSHAL + zlib.compress(marshal.dumps(value, MARSHAL_VERSION), 1)
    return _pack(value)


def _unpack_value(raw: bytes):
    if raw[:1] == _MARSHAL:
        return marshal.loads(zlib.decompress(memoryview(raw)[1:]))
    return json.loads(zlib.decompress(raw))


def cached(kind: str, parts: tuple, compute: Callable[[], T], *,
           encode: Callable[[T], Any] = lambda v: v, decode: Callable[[Any], T] = lambda v: v,
           keep: Callable[[T], bool] = lambda v: True) -> T:
    """compute(), or its result from an earlier build with the same stamp and parts.
    encode/decode turn the result into JSON data and back (decode may raise Stale);
    keep(result) False: not cached (a page the cache cannot represent)."""
    if _state["store"] is None:
        return compute()
    raw = stored(kind, parts)
    if raw is not None:
        try:
            return decode(_unpack_value(raw))
        except (Stale, zlib.error, ValueError, KeyError, TypeError, IndexError, EOFError):
            pass   # another version's shape, or stale: computed again below
    before = _warnings()
    value = compute()
    if _warnings() == before and keep(value):
        store(kind, parts, _pack_value(encode(value)))
    return value


def stored(kind: str, parts: tuple) -> bytes | None:
    """The bytes `store` kept under the same stamp, kind and parts, as they were given (for
    values made in another process, which hands them over in their stored form: the search
    shard writer's postings), or None."""
    cache: Store | None = _state["store"]
    return cache.get(kind, _key(kind, parts)) if cache is not None else None


def store(kind: str, parts: tuple, raw: bytes) -> None:
    """Keep raw (already in the form to store) for the next build; nothing without a build."""
    cache: Store | None = _state["store"]
    if cache is not None:
        cache.put(kind, _key(kind, parts), raw)


def _key(kind: str, parts: tuple) -> str:
    return digest(_state["stamp"], kind, *[p if isinstance(p, (str, bytes)) else repr(p) for p in parts])


def pack_pieces(header, payloads: list[bytes]) -> list[bytes]:
    """header (JSON data) and byte strings as one value, in pieces (see pack)."""
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return [len(head).to_bytes(8, "little") + head, *payloads]


def pack(header, payloads: list[bytes]) -> bytes:
    """header (JSON data) and byte strings as one value: the header's length, the header,
    the payloads one after another (their lengths are the header's business)."""
    return b"".join(pack_pieces(header, payloads))


def unpack(data: bytes) -> tuple[Any, bytes]:
    size = int.from_bytes(data[:8], "little")
    return json.loads(data[8:8 + size]), data[8 + size:]


def get_blob(kind: str, parts: tuple) -> bytes | None:
    """A value put_blob stored under the same stamp, kind and parts, or None."""
    raw = stored(kind, parts)
    try:
        return zlib.decompress(raw) if raw is not None else None
    except zlib.error:
        return None


def put_blob(kind: str, parts: tuple, *pieces: bytes) -> None:
    """Keep the bytes of pieces, one after another, compressed piece by piece: a value of
    100 MB (the search index at 3,000 speeches) is not first joined into a copy."""
    if _state["store"] is not None:
        z = zlib.compressobj(1)
        store(kind, parts, b"".join([*(z.compress(piece) for piece in pieces), z.flush()]))


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
