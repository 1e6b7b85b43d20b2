"""Over-long queries: both engines search the first QUERY_MAX_CHARS characters, and say so.

A pasted paragraph used to take seconds (1,000 characters: 4 s on Material's engine, 3,000:
21 s and more) with nothing shown meanwhile, since both engines cut an unspaced Han run by
looking up every slice of it. The patched worker now trims the query and keeps its first
theme_patches.QUERY_MAX_CHARS characters (the sharded engine holds the same bound itself),
and the search panel shows 「搜索词过长，只用前 N 个字搜索。」 while the box holds more.
(Times are measured by scripts/devtools/bench_search.py --long-queries, not asserted here.)
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from safety_month.search.shards import ENGINE_SOURCE
from safety_month.theme.patches import QUERY_MAX_CHARS
from tests.browser.conftest import SEARCH_ENGINES

pytestmark = pytest.mark.browser

NOTE = f"搜索词过长，只用前 {QUERY_MAX_CHARS} 个字搜索。"


def paste_search(page, query: str) -> list[dict]:
    """Paste `query` into the search box (one input event, then a key release, as a paste
    with the keyboard gives); the result groups once the list stops changing."""
    page.click("input.md-search__input")
    page.fill("input.md-search__input", query)
    page.keyboard.press("End")
    page.wait_for_function(
        """() => { const m = document.querySelector('.md-search-result__meta');
                   return m && !/键入以开始搜索|正在初始化/.test(m.textContent); }""", timeout=30_000)
    last, since = None, time.monotonic()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        html = page.inner_html(".md-search-result")
        if html != last:
            last, since = html, time.monotonic()
        elif time.monotonic() - since >= 0.5:
            break
        page.wait_for_timeout(50)
    return page.eval_on_selector_all(
        ".md-search-result__item",
        "els => els.map(li => [...li.querySelectorAll('a.md-search-result__link')].map(a => a.href))")


def h_terms(groups: list[list[str]]) -> set[str]:
    """The query terms a result matched (Material writes them into ?h= for the highlight)."""
    return {t for hrefs in groups for href in hrefs
            for value in parse_qs(urlsplit(href).query).get("h", []) for t in value.split()}


def note_state(page) -> tuple[bool, str]:
    shown, text = page.eval_on_selector(".sm-search-note", "n => [!n.hidden && n.offsetHeight > 0, n.textContent.trim()]")
    return shown, text


@pytest.mark.parametrize("engine", SEARCH_ENGINES)
def test_the_query_is_capped_and_the_panel_says_so(search_site, new_page, engine):
    server, _ = search_site(engine)
    page, watch = new_page()
    page.goto(server.url)

    # Within the bound both terms are searched (the control) and no note shows.
    short = "燃气泄漏 隐患排查"
    assert {"燃气泄漏", "隐患排查"} <= h_terms(paste_search(page, short))
    assert note_state(page) == (False, NOTE)

    # The same two terms, the second beyond the bound: only the first is searched.
    spaced = "  燃气泄漏" + " " * (QUERY_MAX_CHARS - 4) + "隐患排查  "
    assert len(spaced.strip()) > QUERY_MAX_CHARS and spaced.strip()[:QUERY_MAX_CHARS].strip() == "燃气泄漏"
    terms = h_terms(paste_search(page, spaced))
    assert "燃气泄漏" in terms and "隐患排查" not in terms
    assert note_state(page) == (True, NOTE)

    # A pasted 3,000-character paragraph is answered (from its first characters) ...
    paragraph = ("企业主要负责人是本单位安全生产第一责任人，要严格落实企业主体责任。" * 100)[:3000]
    assert paste_search(page, paragraph)
    assert note_state(page) == (True, NOTE)
    # ... and the note goes with a short query again, or when the box is emptied.
    paste_search(page, "应急演练")
    assert note_state(page)[0] is False
    page.fill("input.md-search__input", "x" * (QUERY_MAX_CHARS + 1))
    assert note_state(page)[0] is True
    page.fill("input.md-search__input", "")
    assert note_state(page)[0] is False
    assert watch.console_errors == [] and watch.outside_requests == []


def test_the_bound_is_the_same_in_the_worker_patch_and_the_sharded_engine(new_page):
    """The sharded engine caps on its own too (trimmed, by code points, never half a
    surrogate pair), with the number the worker patch and the panel's note use."""
    assert re.search(rf"var QUERY_MAX = {QUERY_MAX_CHARS};", ENGINE_SOURCE.read_text(encoding="utf-8"))
    page, watch = new_page()
    page.goto("about:blank")
    page.add_script_tag(path=str(ENGINE_SOURCE))
    got = page.evaluate("""async () => {
        const seen = [];
        const e = Object.create(SMSearch.Engine.prototype);
        e.latest = 0; e.queue = Promise.resolve({items: []});
        e.searchNow = q => { seen.push(q); return Promise.resolve({items: []}); };
        await e.search("   " + "隐".repeat(100) + "   ");
        await e.search("𠀀".repeat(70));
        await e.search("  应急 演练 ");
        return [SMSearch.QUERY_MAX, seen.map(q => [...q].length), seen[1].codePointAt(126), seen[2]];
    }""")
    assert got == [QUERY_MAX_CHARS, [QUERY_MAX_CHARS, QUERY_MAX_CHARS, 5], 0x20000, "应急 演练"]
    assert watch.console_errors == []
