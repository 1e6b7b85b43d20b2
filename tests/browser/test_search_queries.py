"""Reader queries (tests/data/search_queries.yml) typed into the built site in Chromium.

Each query must bring its page into the first three result pages, with both search engines
the build can write (Material's lunr index; the sharded index for large sites), with no
console error and no request to an outside host. Every result shown is a snippet a reader can
use (data/search_snippet.js): a sentence or two, never whole paragraphs, no U+200B, no
paragraph that starts with punctuation; `shows` is what one of the first three must show.
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
    assert {"term", "phrase", "number", "section", "theme", "role", "slogan", "synonym"} <= kinds
    # the cases: the fact that matched, and 煤气泄漏 finding the 燃气 sections
    shows = {q["query"]: q.get("shows") for q in QUERIES}
    assert shows["陆秋明"] == "讲话人：<mark>陆秋明</mark>" and "燃气" in shows["煤气泄漏"]
    sections = {q["query"] for q in QUERIES if q["kind"] == "section"}
    assert sections == {"进企业", "进农村", "进社区", "进学校", "进家庭"}
    assert len({q["query"] for q in QUERIES}) == len(QUERIES), "duplicate query"


SNIPPET_MAX = 100 + 2        # data/search_snippet.js MAX, and an ellipsis at each end
NEVER_FIRST = "，、。；：！？”’）》」』〕】"


def shown_results(page) -> list[dict]:
    """Each result article as shown: its page, title and paragraphs (the "缺少" line apart)."""
    return page.eval_on_selector_all(".md-search-result__article", """els => els.map(a => ({
        page: new URL(a.closest('a').href).pathname,
        title: (a.querySelector('h1, h2') || {}).textContent || '',
        html: a.innerHTML,
        paras: [...a.querySelectorAll('p:not(.md-search-result__terms)')].map(p => ({
            cls: p.className, text: p.textContent })) }))""")


def snippet_faults(shown: list[dict]) -> list[str]:
    faults = []
    for r in shown:
        if "\u200b" in r["title"] + "".join(p["text"] for p in r["paras"]):
            faults.append(f"{r['page']}: U+200B in {r['title']!r}")
        for p in r["paras"]:
            if p["cls"] != "sm-search-fact" and len(p["text"]) > SNIPPET_MAX:
                faults.append(f"{r['page']}: {len(p['text'])} characters: {p['text'][:40]}…")
            if p["text"][:1] in NEVER_FIRST and p["text"]:
                faults.append(f"{r['page']}: starts with {p['text'][:1]!r}: {p['text'][:30]}")
        if sum(p["cls"] != "sm-search-fact" for p in r["paras"]) > 1:
            faults.append(f"{r['page']}: {len(r['paras'])} paragraphs (a snippet is one)")
    return faults


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
    shown = shown_results(page)
    assert snippet_faults(shown) == [], item["query"]
    if item.get("shows"):
        top = [r["html"] for r in shown if r["page"] in first]
        assert any(item["shows"] in html for html in top), (item["query"], engine, top[:4])
    assert watch.console_errors == []
    assert watch.outside_requests == []
