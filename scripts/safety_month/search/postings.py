"""Term weights and postings of the sharded search index (search.shards writes them).

Kept apart from the writer: the build's page cache keeps each page's share of the postings
(search.page_index.run_postings) and the writer merges the shares (merge_postings), which
must give exactly what _postings gives for the whole index at once.
"""

from __future__ import annotations

import json
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable

K1 = 1.2
_TAG = re.compile(r"</?[a-z0-9]+>")


def saturate(tf: int) -> float:
    return tf * (K1 + 1) / (tf + K1)


def entry_weights(doc: dict, fields: dict, sep: re.Pattern) -> dict[str, int]:
    """term -> integer weight of one entry (lowercased tokens, as the worker sees them).

    A term's weight sums boost * saturate(count) over the fields it occurs in, in the order
    of the configured fields with tags last (the float sum is the same in every build)."""
    weights: dict[str, float] = {}
    for field in fields:  # every configured text field (title, text, parts, about …)
        value = doc.get(field)
        if field == "tags" or not isinstance(value, str) or not value:
            continue
        plain = _TAG.sub(" ", value)
        counts = Counter(sep.split(plain))
        counts.pop("", None)
        if plain != plain.lower():  # some token has capitals: count it under its lowercase
            merged: dict[str, int] = {}
            for token, n in counts.items():
                low = token.lower()
                merged[low] = merged.get(low, 0) + n
            counts = merged
        boost = float(fields.get(field, {}).get("boost", 1.0))
        for term, n in counts.items():
            weights[term] = weights.get(term, 0) + boost * _saturated(n)
    tags = doc.get("tags") or []
    if tags:
        boost = float(fields.get("tags", {}).get("boost", 1.0))
        for term, n in Counter(str(tag).lower() for tag in tags).items():
            weights[term] = weights.get(term, 0) + boost * _saturated(n)
    return {term: max(1, round(100 * w)) for term, w in weights.items()}


_SATURATED: dict[int, float] = {}


def _saturated(n: int) -> float:
    value = _SATURATED.get(n)
    if value is None:
        value = _SATURATED[n] = saturate(n)
    return value


def _postings(docs: list[dict], fields: dict, sep: re.Pattern, first: int = 0) -> dict[str, array]:
    """term -> [id, w, id, w, ...] (ids ascending) as a flat array of 8-byte integers: not a
    list of Python ints, each an object of its own (about 36 bytes instead of 8), which made
    the shard writer's process hundreds of MB larger at 3,000 speeches. first: the id of docs[0]."""
    postings: dict[str, array] = {}
    for i, doc in enumerate(docs, first):
        for term, w in entry_weights(doc, fields, sep).items():
            flat = postings.get(term)
            if flat is None:
                postings[term] = array("q", (i, w))
            else:
                flat.append(i)
                flat.append(w)
    return postings


def run_postings(docs: list[dict], fields: dict, sep: re.Pattern, first: int = 0) -> dict[str, array]:
    """The postings of a run of entries, ids counted from `first` (the run's first entry)."""
    return _postings(docs, fields, sep, first)


def pack(local: dict[str, array], first: int = 0) -> bytes:
    """A run's postings (ids counted from `first`) in the page cache's stored form, compressed
    by zlib (level 1): the length of a JSON [first, terms], that JSON, each term's count of
    numbers and all the numbers, as 8-byte integers (their arrays' own bytes: no JSON of
    millions of numbers to write and read, which cost the shard writer more than computing
    the postings)."""
    head = json.dumps([first, list(local)], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    sizes = array("q", [len(flat) for flat in local.values()])
    return zlib.compress(b"".join([len(head).to_bytes(8, "little"), head, sizes.tobytes(),
                                   *(array("q", flat).tobytes() for flat in local.values())]), 1)


def _unpacked(raw: bytes) -> tuple[list[str], array, array, int]:
    """pack's terms, each term's count of numbers, all the numbers and the run's first id then."""
    data = zlib.decompress(raw)
    size = int.from_bytes(data[:8], "little")
    first, terms = json.loads(data[8:8 + size])
    sizes, flat = array("q"), array("q")
    sizes.frombytes(data[8 + size:8 + size + 8 * len(terms)])
    flat.frombytes(data[8 + size + 8 * len(terms):])
    return terms, sizes, flat, first


def unpack(raw: bytes) -> tuple[dict[str, array], int]:
    """pack's postings and the id their run's first entry had then."""
    terms, sizes, flat, first = _unpacked(raw)
    out, at = {}, 0
    for term, n in zip(terms, sizes):
        out[term] = flat[at:at + n]
        at += n
    return out, first


def merge_postings(runs: Iterable[tuple[int, dict[str, array | list[int]] | bytes]]) -> dict[str, array]:
    """The postings of the whole index from its runs' (offset of the run's first entry,
    run_postings), in index order: what _postings gives for all entries at once (each
    term's ids ascending). The runs' lists are consumed. A run's postings may come packed
    (the page cache's stored form, `pack`): the build process reads them so from its cache
    and hands them on, and only the shard writer's process decodes them."""
    postings: dict[str, array] = {}
    for offset, local in runs:
        if isinstance(local, bytes):
            _merge_packed(postings, local, offset)
            continue
        for term, flat in local.items():
            if offset:
                ids = [i + offset for i in flat[0::2]]
                flat[0::2] = array("q", ids) if isinstance(flat, array) else ids
            found = postings.get(term)
            if found is None:
                postings[term] = array("q", flat)
            else:
                found.extend(flat)
    return postings


def _merge_packed(postings: dict[str, array], raw: bytes, offset: int) -> None:
    """merge_postings of one packed run: what unpacking it and merging the terms one by one
    gives, but with the run's ids moved all at once (one map over its numbers, not a list per
    term: after a speech is added every later run's ids move, a million term lists at 1,000
    speeches) and no array made per term but the slice that is merged."""
    terms, sizes, flat, first = _unpacked(raw)
    shift = offset - first
    if shift:
        flat[0::2] = array("q", map(shift.__add__, flat[0::2]))
    at = 0
    for term, n in zip(terms, sizes):
        found = postings.get(term)
        if found is None:
            postings[term] = flat[at:at + n]
        else:
            found.extend(flat[at:at + n])
        at += n


def index_postings(docs: list[dict], fields: dict, sep: re.Pattern,
                   runs: list[tuple[int, int, bytes | None]] | None = None,
                   computed: list[bytes] | None = None) -> dict[str, array]:
    """The postings of all entries: from `runs` when given, (start, end, packed postings of
    docs[start:end] or None), the missing ones computed here and appended, packed, to
    `computed` in order (for the build process to keep in its page cache); else at once."""
    if runs is None:
        return _postings(docs, fields, sep)

    def each():
        for start, end, local in runs:
            if local is None:   # counted from start: merged as they are
                local = run_postings(docs[start:end], fields, sep, start)
                if computed is not None:
                    computed.append(pack(local, start))
                yield 0, local
            else:
                yield start, local
    return merge_postings(each())
