"""Reader queries (tests/data/search_queries.yml) typed into the built site in Chromium.

Each query must bring its page into the first three result pages, with both search engines
the build can write (Material's lunr index; the sharded index for large sites), with no
console error and no request to an outside host.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest
import yaml

from tests.browser.conftest import DESKTOP, SEARCH_ENGINES, type_search

pytestmark = pytest.mark.browser

QUERIES_FILE = Path(__file__).resolve().parent.parent / "data" / "search_queries.yml"
QUERIES = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))


def test_query_list_is_complete():
    """At least 25 queries that target pages other helpers need not write first, and every
    kind of query the issue names."""
    assert all({"query", "expect", "kind"} <= set(q) for q in QUERIES)
    active = [q for q in QUERIES if not q.get("needs")]
    assert len(active) >= 25
    kinds = {q["kind"] for q in QUERIES}
    assert {"term", "phrase", "number", "section", "theme", "role", "slogan"} <= kinds
    sections = {q["query"] for q in QUERIES if q["kind"] == "section"}
    assert sections == {"进企业", "进农村", "进社区", "进学校", "进家庭"}
    assert len({q["query"] for q in QUERIES}) == len(QUERIES), "duplicate query"


def existing_targets(site: Path, patterns: list[str]) -> list[str]:
    pages = ["/" + p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")]
    pages = [p.replace("//", "/") for p in pages]
    return [p for p in pages if any(fnmatch.fnmatch(p, "/" + pat) for pat in patterns)]


@pytest.fixture(scope="module")
def engine_pages(browser, search_site):
    """One page per engine, reused for all queries (search opened once, like a reader)."""
    from tests.browser.conftest import PageWatch

    pages, contexts = {}, []

    def get(engine):
        if engine not in pages:
            server, site = search_site(engine)
            ctx = browser.new_context(viewport=DESKTOP, locale="zh-CN")
            contexts.append(ctx)
            page = ctx.new_page()
            watch = PageWatch(page)
            page.goto(server.url, wait_until="load")
            pages[engine] = (page, watch, site)
        return pages[engine]

    yield get
    for ctx in contexts:
        ctx.close()


@pytest.mark.parametrize("engine", SEARCH_ENGINES)
@pytest.mark.parametrize("item", QUERIES, ids=[q["query"] for q in QUERIES])
def test_query_finds_its_page_in_the_first_three(engine_pages, engine, item):
    page, watch, site = engine_pages(engine)
    targets = existing_targets(site, item["expect"])
    if not targets:
        written_by = f" (written by the importer: {item['needs']})" if item.get("needs") else ""
        pytest.fail(f"{item['query']}: the target page {item['expect']} is not in the built site{written_by}")
    groups = type_search(page, item["query"])
    first = [g["page"] for g in groups[:3]]
    assert set(first) & set(targets), (
        f"{item['query']!r} ({engine}): first results {first}, expected one of {targets}")
    assert watch.console_errors == []
    assert watch.outside_requests == []
