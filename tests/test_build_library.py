"""The built site's library: every library and tag page under the size cap, every speech page
listed exactly once across the year pages, every tag chip a link to a tag page that exists,
and the list pages left out of the search index (the library index kept)."""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import urljoin

from safety_month.site import listing


def _pages(site, folder):
    return sorted((site / folder).rglob("*.html"))


def _resolve(site, page, href):
    target = urljoin("/" + page.relative_to(site).as_posix(), href).lstrip("/")
    return site / (target + "index.html" if target.endswith("/") or target == "" else target)


def test_list_pages_stay_under_the_cap(built_site):
    pages = _pages(built_site, "library") + _pages(built_site, "tags")
    assert len(pages) >= 3
    assert {p.relative_to(built_site).as_posix(): p.stat().st_size for p in pages
            if p.stat().st_size > listing.PAGE_CAP} == {}


def test_every_speech_is_listed_once_across_the_year_pages(built_site):
    speeches = {p.parent for p in built_site.glob("speeches/*/*/index.html")}
    listed = Counter()
    for page in _pages(built_site, "library"):
        if page.parent.name.startswith("level-") or page.parent == built_site / "library":
            continue
        for href in re.findall(r'<a class="sm-lib__title" href="([^"]+)"', page.read_text(encoding="utf-8")):
            listed[_resolve(built_site, page, href).parent] += 1
    assert set(listed) == speeches and set(listed.values()) == {1}


def test_every_tag_chip_links_an_existing_tag_page(built_site):
    pages = [built_site / "index.html", *built_site.glob("speeches/*/*/index.html"), *_pages(built_site, "library")]
    chips = 0
    for page in pages:
        for chip in re.findall(r'<li class="sm-tag">(.*?)</li>', page.read_text(encoding="utf-8")):
            href = re.match(r'<a href="([^"]+)"', chip)
            assert href, (page, chip)
            target = _resolve(built_site, page, href.group(1))
            assert target.is_file() and target.relative_to(built_site).parts[0] == "tags", (page, chip)
            chips += 1
    assert chips > 0


def test_list_pages_are_not_in_the_search_index(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert "library/" in locations
    assert not [loc for loc in locations if loc.startswith("tags/") or re.match(r"library/.+", loc)]
