"""Per-speech facts of the site's generated pages, kept by the build's page cache and merged
afresh on every build: each speech's best 五进 candidates for every audience (the paragraphs
parsed and scored), and its items on the library's year, level and tag pages (ListItems);
each keyed on that speech's own inputs.

A build with one speech added parses and scores that one speech; the others' candidates are
read back, and outreach.merge chooses from them exactly what the uncached selection chooses
(merge's docstring says why: only a speech's best max_per_speech candidates can be chosen).
Without the cache (the live preview, tests) the selection runs as outreach.select does, with
the preview's own in-memory caches.
"""

from __future__ import annotations

import json
from typing import Callable, Sequence

from safety_month.pages.entry import SpeechEntry
from safety_month.site import library, library_pages, listing, outreach, tag_slugs

from . import memo

# audience -> (order key, candidate) of one speech, best first (outreach.best_candidates)
Bests = dict[str, list[tuple[tuple, tuple]]]


def rules_text(rules: outreach.Rules) -> str:
    """The rules as text for a key (a frozen dataclass of numbers, strings and dicts, whose
    repr is the same for the same data/outreach.yml)."""
    return repr(rules)


def speech_bests(speech: SpeechEntry, rules: outreach.Rules, rules_key: str = "") -> Bests:
    """Every audience's best candidates of one speech, from an earlier build when the speech's
    path, year, audiences and text and the rules are the same (all that parsing and scoring
    read: outreach.speech_candidates, order_key, parse_paragraphs)."""
    def compute() -> Bests:
        paragraphs = outreach.parse_paragraphs(speech.body)
        return {a: outreach.best_candidates(speech, paragraphs, a, rules) for a in rules.audiences}

    def encode(bests: Bests) -> dict:
        return {a: [[s, p.number, p.text, p.heading, list(found)] for _, (s, _, p, found) in rows]
                for a, rows in bests.items()}

    def decode(data: dict) -> Bests:
        out = {}
        for a, rows in data.items():
            cands = [(s, speech, outreach.Paragraph(n, text, heading), tuple(found)) for s, n, text, heading, found in rows]
            out[a] = [(outreach.order_key(c), c) for c in cands]
        if set(out) != set(rules.audiences):
            raise memo.Stale("audiences")
        return out

    parts = (speech.src_uri, speech.body, repr(speech.year), repr(tuple(speech.audiences)), rules_key or rules_text(rules))
    return memo.cached("outreach", parts, compute, encode=encode, decode=decode)


def outreach_choice(entries: Sequence[SpeechEntry], audience: str, rules: outreach.Rules,
                    speeches: Callable[[], list], bests: dict) -> list[outreach.Excerpt]:
    """The excerpts for one audience. With the build's cache: merged from each speech's
    cached best candidates (bests: the build's dict src_uri -> Bests, filled on first use);
    without it: outreach.select over speeches() ((entry, paragraphs) pairs)."""
    outreach.check_audience(audience, rules)
    if not memo.active():
        return outreach.select(speeches(), audience, rules)
    if not bests:
        key = rules_text(rules)
        bests.update((e.src_uri, speech_bests(e, rules, key)) for e in entries)
    return outreach.merge([bests[e.src_uri][audience] for e in entries], audience, rules)


def library_plan(key: tuple, compute: Callable[[], tuple[str, library_pages.Plan]]) -> tuple[str, library_pages.Plan]:
    """(themes Markdown, page plan) of the library, from an earlier build with the same key
    (the hook's: every speech's facts but its text, the campaigns, the current year, the URL
    style): a build where no speech's facts changed makes none of the ~13,000 list items
    again. When they changed, compute() makes the plan from each speech's kept items."""
    def encode(done) -> dict:
        themes, plan = done
        return {"themes": themes, "pages": plan.pages, "lists": plan.lists, "tag_pages": plan.tag_pages,
                "year_pages": plan.year_pages}

    def decode(data: dict):
        lists = {src: (mark, html) for src, (mark, html) in data["lists"].items()}
        return data["themes"], library_pages.Plan(data["pages"], lists, data["tag_pages"], data["year_pages"])
    return memo.cached("library-plan", (repr(key),), compute, encode=encode, decode=decode)


class ListItems:
    """listing.entry_html for library_pages.plan, each speech's items kept between builds.

    A speech's item on a listing page reads its own facts, the slugs of its tags (their tag
    pages are made from them), the page it is on (`here`: links are relative) and the URL
    style. One stored value per speech holds its items by page; the pages a list is split
    into move when a speech is added, so an item for a page not stored yet is made then, and
    the value is written again holding the items this build used."""

    KIND, SLUGS = "list-items", "tag-slugs"

    def __init__(self, directory_urls: bool) -> None:
        self.directory_urls = directory_urls
        self._items: dict[str, tuple[tuple, dict, dict]] = {}   # src_uri -> (key parts, stored, used)
        self._slugs: tuple[dict, dict] | None = None           # (stored, used) tag -> base slug

    def base_slug(self, tag: str) -> str:
        """tag_slugs.base_slug (pypinyin's readings of every tag, ~0.5 s), kept: a pure
        function of the tag and of the code and packages the build stamp covers."""
        if not memo.active():
            return tag_slugs.base_slug(tag)
        if self._slugs is None:
            self._slugs = (_stored(memo.get_blob(self.SLUGS, ())), {})
        stored, used = self._slugs
        slug = stored.get(tag)
        if not isinstance(slug, str):
            slug = tag_slugs.base_slug(tag)
        used[tag] = slug
        return slug

    def __call__(self, e: SpeechEntry, links: listing.Links, here: str, show_year: bool, show_tags: bool) -> str:
        if not memo.active():
            return listing.entry_html(e, links, here, show_year, show_tags)
        slot = self._items.get(e.src_uri)
        if slot is None:
            parts = (e.src_uri, repr(library.index_key([e])[0]), str(self.directory_urls),
                     json.dumps([[t, links.tag_slugs[t]] for t in e.tags], ensure_ascii=False))
            slot = self._items[e.src_uri] = (parts, _stored(memo.get_blob(self.KIND, parts)), {})
        _, stored, used = slot
        key = f"{int(show_year)}{int(show_tags)} {here}"
        item = stored.get(key)
        if not isinstance(item, str):
            item = listing.entry_html(e, links, here, show_year, show_tags)
        used[key] = item
        return item

    def save(self) -> None:
        """Keep each speech's items and the tags' slugs of this build (written when they are
        not what was stored)."""
        for parts, stored, used in self._items.values():
            if used != stored:
                memo.put_blob(self.KIND, parts, _dumps(used))
        if self._slugs is not None and self._slugs[1] != self._slugs[0]:
            memo.put_blob(self.SLUGS, (), _dumps(self._slugs[1]))


def _dumps(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _stored(raw: bytes | None) -> dict:
    try:
        value = json.loads(raw) if raw is not None else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
