"""The search worker fixes, checked in Chromium against the built site.

- the query segmentation keeps the last word of an unspaced query (隐患排查, 燃气泄漏报警),
  with a control showing Material's own worker drops it;
- the UTF-8 index loads; results and the target page highlight the Chinese terms;
- on a phone-sized screen the search works the same; no console error, no outside request.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from safety_month.search.shards import ENGINE_SOURCE
from safety_month.theme.patches import SEGMENT_NEW, SEGMENT_OLD
from tests.browser.conftest import MOBILE, SEARCH_ENGINES, StaticServer, type_search

pytestmark = pytest.mark.browser

VOCAB = ["隐患", "排查", "隐患排查", "应急", "演练", "燃气", "泄漏", "燃气泄漏", "报警", "报警器",
         "安全生产月", "安全", "生产"]
# query -> (Material 9.8.1's pieces, the fixed pieces)
CASES = {
    "隐患排查": (["隐患"], ["隐患排查"]),
    "应急演练": (["应急"], ["应急", "演练"]),
    "燃气泄漏报警": (["燃气泄漏"], ["燃气泄漏", "报警"]),
    "隐患排": (["隐患"], ["隐患", "排"]),
    "某某隐患": (["某某隐患"], ["某某", "隐患"]),
    "安全生产月": (["安全", "生产"], ["安全生产月"]),
}


def h_terms(groups: list[dict]) -> set[str]:
    """The terms Material puts into result links (?h=…) for the target page highlight."""
    terms = set()
    for g in groups:
        for href in g["hrefs"]:
            for value in parse_qs(urlsplit(href).query).get("h", []):
                terms.update(value.split())
    return terms


def test_segmentation_functions_in_chromium(new_page):
    page, watch = new_page()
    page.goto("about:blank")
    page.add_script_tag(path=str(ENGINE_SOURCE))
    got = page.evaluate(
        """([oldSrc, newSrc, vocab, queries]) => {
             const e = Object.fromEntries(vocab.map(w => [w, {}]));
             const oldFe = new Function(oldSrc + "; return fe")();
             const newFe = new Function(newSrc + "; return fe")();
             const known = w => Object.prototype.hasOwnProperty.call(e, w);
             return queries.map(q => [[...oldFe(q, e)], [...newFe(q, e)], [...SMSearch.segment(q, known)]]);
           }""",
        [SEGMENT_OLD, SEGMENT_NEW, VOCAB, list(CASES)],
    )
    for (query, (old, new)), (got_old, got_new, got_engine) in zip(CASES.items(), got):
        assert sorted(got_old) == sorted(old), f"{query}: Material's worker changed behaviour"
        assert sorted(got_new) == sorted(new), query
        assert sorted(got_engine) == sorted(new), f"{query}: the sharded engine cuts differently"
    assert watch.console_errors == []


@pytest.mark.parametrize("engine", SEARCH_ENGINES)
def test_unspaced_query_keeps_its_last_word(search_site, new_page, engine):
    server, _ = search_site(engine)
    page, watch = new_page()
    page.goto(server.url)
    assert {"燃气泄漏", "报警"} <= h_terms(type_search(page, "燃气泄漏报警"))
    assert "隐患排查" in h_terms(type_search(page, "隐患排查"))
    assert {"应急演练"} <= h_terms(type_search(page, "应急演练"))
    assert watch.console_errors == [] and watch.outside_requests == []


def test_material_worker_without_the_patch_drops_the_last_word(search_site, new_page, tmp_path):
    """Control: the same site with Material's original worker loses 报警."""
    import material

    _, site = search_site("material")
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    original = next((Path(material.__file__).parent / "templates").glob(
        "assets/javascripts/workers/search.*.min.js"))
    (worker,) = (copy / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    worker.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    server = StaticServer(copy)
    try:
        page, _ = new_page()
        page.goto(server.url)
        terms = h_terms(type_search(page, "燃气泄漏报警"))
        assert "燃气泄漏" in terms and "报警" not in terms
    finally:
        server.close()


def test_worker_loads_the_utf8_index(search_site, new_page):
    server, site = search_site("material")
    raw = (site / "search" / "search_index.json").read_bytes()
    docs = raw.split(b'"docs"', 1)[1]
    assert "安全".encode("utf-8") in docs and b"\\u" not in docs
    page, watch = new_page()
    page.goto(server.url)
    count = page.evaluate("async () => (await (await fetch('search/search_index.json')).json()).docs.length")
    assert count == len(json.loads(raw)["docs"]) > 10
    assert type_search(page, "进企业")
    assert watch.console_errors == []


@pytest.mark.parametrize("engine", SEARCH_ENGINES)
@pytest.mark.parametrize("query,term", [("隐患排查", "隐患排查"), ("12350", "12350"), ("排查", "排查")])
def test_results_and_target_page_highlight_chinese_terms(search_site, new_page, engine, query, term):
    server, _ = search_site(engine)
    page, watch = new_page()
    page.goto(server.url)
    groups = type_search(page, query)
    marks = page.eval_on_selector_all(".md-search-result mark", "els => els.map(e => e.textContent)")
    assert any(term in m for m in marks), f"no <mark> for {term} in results: {marks[:10]}"
    link = page.locator(".md-search-result__link[href*='h=']").filter(
        has=page.locator("mark")).first
    href = link.get_attribute("href")
    assert term in parse_qs(urlsplit(href).query)["h"][0].split()
    link.click()
    page.wait_for_url(lambda url: urlsplit(url).path == urlsplit(href).path)
    page.wait_for_selector("article mark[data-md-highlight]")
    highlighted = page.eval_on_selector_all("article mark[data-md-highlight]", "els => els.map(e => e.textContent)")
    assert term in highlighted
    assert groups and watch.console_errors == [] and watch.outside_requests == []


@pytest.mark.parametrize("engine", SEARCH_ENGINES)
def test_search_on_a_phone(search_site, new_page, engine):
    server, _ = search_site(engine)
    page, watch = new_page(MOBILE)
    page.goto(server.url)
    groups = type_search(page, "应急演练", mobile=True)
    assert "/wujin/xuexiao/" in [g["page"] for g in groups[:3]]
    assert page.is_visible(".md-search-result__item")
    assert watch.console_errors == [] and watch.outside_requests == []
