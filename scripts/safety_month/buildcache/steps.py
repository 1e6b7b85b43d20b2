"""Cached forms of the build's pure per-page steps that are not MkDocs' own: the search
entries of a page, its Content-Security-Policy inventory, its outside references; and of the
search index made from all pages, with its shards (SearchCache).

Each takes what the step reads as arguments (so that the key holds all of it) and the step
itself as `compute`, and gives back what the step gives.
"""

from __future__ import annotations

import json
from typing import Callable

from safety_month.publish.csp import Inventory
from safety_month.publish.outside_refs import OutsideRef

from . import memo
from .pages import _json, _toc_data


def search_entries(page, page_html: str, compute: Callable[[], list]) -> list:
    """Material's entries for a page (its add_entry_from_context reads the HTML, the outline,
    the URL, the title and the front matter's title, tags and search)."""
    meta = page.meta or {}
    try:
        parts = (page.url, page_html, str(page.title), _json(_toc_data(page.toc or [])),
                 _json([meta.get("title"), meta.get("tags"), meta.get("search")]))
    except TypeError:
        return compute()
    return memo.cached("search", parts, compute)


def common_ends(old: str, new: str) -> tuple[int, int]:
    """(length of the longest common prefix, of the longest common suffix not overlapping it)
    of two strings: by halving, each step one slice comparison (memcmp) rather than a Python
    loop over 40,000 characters."""
    def longest(fits, most: int) -> int:
        low, high = 0, most
        while low < high:
            mid = (low + high + 1) // 2
            if fits(mid):
                low = mid
            else:
                high = mid - 1
        return low
    prefix = longest(lambda n: old[:n] == new[:n], min(len(old), len(new)))
    rest = min(len(old), len(new)) - prefix
    suffix = longest(lambda n: old[len(old) - n:] == new[len(new) - n:], rest)
    return prefix, suffix


def edit_of(old: str, new: str) -> list:
    """new as [prefix length, suffix length, middle] against old: a page the CSP step gives
    back with one <meta> inserted is kept as that <meta>, not as a second copy of the page."""
    prefix, suffix = common_ends(old, new)
    return [prefix, suffix, new[prefix:len(new) - suffix]]


def apply_edit(old: str, edit: list) -> str:
    prefix, suffix, middle = edit
    if not (isinstance(prefix, int) and isinstance(suffix, int) and 0 <= prefix and 0 <= suffix
            and prefix + suffix <= len(old) and isinstance(middle, str)):
        raise memo.Stale("edit")
    return old[:prefix] + middle + old[len(old) - suffix:]


def csp_page(html_text: str, where: str, meta: bool, compute: Callable[[], tuple[str, Inventory]]):
    def encode(done):
        text, inv = done
        return [edit_of(html_text, text), sorted(inv.scripts), sorted(inv.styles), sorted(inv.style_attrs),
                inv.problems]

    def decode(data):
        return apply_edit(html_text, data[0]), Inventory(set(data[1]), set(data[2]), set(data[3]), list(data[4]))
    return memo.cached("csp", (html_text, where, str(meta)), compute, encode=encode, decode=decode)


def outside_refs(text: str, suffix: str, hosts: frozenset[str], path: str,
                 compute: Callable[[], list[OutsideRef]]) -> list[OutsideRef]:
    return memo.cached("refs", (text, suffix, _json(sorted(hosts)), path), compute,
                       encode=lambda refs: [[r.path, r.line, r.url, r.kind] for r in refs],
                       decode=lambda rows: [OutsideRef(*row) for row in rows])


GZIP_SIZES = ("the shard files last written",)


class SearchCache:
    """The site's final search index and its shard files, by what they are made from (for
    safety_month.search.build, which the search hook gives one). Stored as bytes: the index
    of 1,000 speeches is about 35 MB, and its shards as much again."""

    def index(self, parts: tuple, compute: Callable[[], tuple[bytes, dict]]) -> tuple[bytes, dict]:
        """parts: Material's index bytes, the pages' facts (two mappings), the user terms."""
        material, about, facts, words = parts
        key = (material, _json(about), _json(facts), "\n".join(words))
        found = memo.get_blob("index", key)
        if found is not None:
            try:
                header, data = memo.unpack(found)
                return data, header
            except ValueError:
                pass
        data, header = compute()
        memo.put_blob("index", key, *memo.pack_pieces(header, [data]))
        return data, header

    @staticmethod
    def active() -> bool:
        """Whether results are kept (a `mkdocs build` with the cache on)."""
        return memo.active()

    @staticmethod
    def share(kind: str, parts: tuple, compute: Callable[[], dict]) -> dict:
        """One page's share of the index or of its postings (search.page_index), by parts:
        what that share reads (the page's entries, its facts, the build's context)."""
        return memo.cached(kind, parts, compute)

    @staticmethod
    def packed(kind: str, parts: tuple) -> bytes | None:
        """A share kept by keep_packed, in its stored form (a run's postings: the shard
        writer's process computes those the cache lacks and decodes the others)."""
        return memo.stored(kind, parts)

    @staticmethod
    def keep_packed(kind: str, parts: tuple, raw: bytes) -> None:
        memo.store(kind, parts, raw)

    def shards(self, index_data: bytes) -> tuple[dict[str, bytes], tuple] | None:
        """(file name -> bytes, the writer's figures) of the shards of this very index."""
        found = memo.get_blob("shards", (index_data,))
        if found is None:
            return None
        try:
            header, body = memo.unpack(found)
            files, at = {}, 0
            for name, size in header["files"]:
                files[name] = body[at:at + size]
                at += size
            return (files, tuple(header["written"])) if at == len(body) else None
        except (ValueError, KeyError, TypeError):
            return None

    def keep_shards(self, index_data: bytes, outcome: Callable[[], tuple[dict[str, bytes], tuple]]) -> None:
        """outcome(): the files the shard writer wrote and its figures (read only when kept)."""
        if not memo.active():
            return
        files, written = outcome()
        header = {"files": [[name, len(data)] for name, data in files.items()], "written": list(written)}
        memo.put_blob("shards", (index_data,), *memo.pack_pieces(header, list(files.values())))
        if len(written) > 5:   # sha256 -> gzip size of each file (shards._write_files)
            memo.put_blob("shard-gzip", GZIP_SIZES, json.dumps(written[5]).encode("utf-8"))

    @staticmethod
    def gzip_sizes() -> dict[str, int]:
        """The gzip sizes of the shard files the last build wrote, by their sha256 (for the
        log line: unchanged files are not compressed again). Read by every sharded build, so
        that builds reusing the shards keep them."""
        found = memo.get_blob("shard-gzip", GZIP_SIZES)
        try:
            return {str(k): int(v) for k, v in json.loads(found).items()} if found else {}
        except (ValueError, AttributeError, TypeError):
            return {}
