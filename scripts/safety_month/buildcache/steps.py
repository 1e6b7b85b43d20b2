"""Cached forms of the build's pure per-page steps that are not MkDocs' own: the search
entries of a page, its Content-Security-Policy inventory, its outside references.

Each takes what the step reads as arguments (so that the key holds all of it) and the step
itself as `compute`, and gives back what the step gives.
"""

from __future__ import annotations

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


def csp_page(html_text: str, where: str, meta: bool, compute: Callable[[], tuple[str, Inventory]]):
    def encode(done):
        text, inv = done
        return [text, sorted(inv.scripts), sorted(inv.styles), sorted(inv.style_attrs), inv.problems]

    def decode(data):
        return data[0], Inventory(set(data[1]), set(data[2]), set(data[3]), list(data[4]))
    return memo.cached("csp", (html_text, where, str(meta)), compute, encode=encode, decode=decode)


def outside_refs(text: str, suffix: str, hosts: frozenset[str], path: str,
                 compute: Callable[[], list[OutsideRef]]) -> list[OutsideRef]:
    return memo.cached("refs", (text, suffix, _json(sorted(hosts)), path), compute,
                       encode=lambda refs: [[r.path, r.line, r.url, r.kind] for r in refs],
                       decode=lambda rows: [OutsideRef(*row) for row in rows])
