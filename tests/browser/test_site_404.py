"""The Chinese 404 page in Chromium: served for a missing address at any depth by
`make serve-site`'s server (safety_month.publish.serve) and by nginx with deploy/nginx/ at the
root and under a subpath; its links (home, the library, 五进) and its search form lead where
they say, with the page's styles loaded, zero outside requests and no script errors."""

from __future__ import annotations

import threading

import pytest

from safety_month.publish import serve

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

DEEP = "speeches/2031/no-such-speech/part/"   # deeper than any page of the site


@pytest.fixture(scope="module")
def serve_site(built_site):
    """The real site behind the server of `make serve-site`, on a free port."""
    server = serve.make_server(built_site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _errors(watch) -> list[str]:
    # Chromium logs the 404 status of the page itself as a console error: that one is the point.
    return [e for e in watch.console_errors if "status of 404" not in e]


def _open_missing(page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 404
    assert page.locator("article h1").inner_text() == "没有找到这个页面"
    assert page.evaluate("document.documentElement.lang").startswith("zh")
    # The site's stylesheet applied (an asset path wrong at this depth would leave it unstyled).
    assert page.evaluate("getComputedStyle(document.querySelector('.md-footer')).backgroundColor") != "rgba(0, 0, 0, 0)"


def _follow(page, name: str, expected_url: str) -> None:
    with page.expect_navigation():
        page.locator("article").get_by_role("link", name=name, exact=True).click()
    assert page.url == expected_url
    assert page.locator("article h1, .sm-hero h1").first.is_visible()


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "1280px"])
def test_serve_site_answers_a_missing_page_with_the_chinese_404(new_page, serve_site, viewport):
    page, watch = new_page(viewport)
    _open_missing(page, serve_site + DEEP)
    _follow(page, "讲话资料库（文库）", serve_site + "library/")
    _open_missing(page, serve_site + DEEP)
    _follow(page, "返回首页", serve_site)
    _open_missing(page, serve_site + "nothing.html")
    _follow(page, "安全宣传五进", serve_site + "wujin/")
    assert _errors(watch) == [] and watch.outside_requests == []


def test_the_404_search_form_opens_the_sites_search_with_the_query(new_page, serve_site):
    page, watch = new_page(MOBILE)
    _open_missing(page, serve_site + DEEP)
    page.locator("#sm-404-q").fill("燃气")
    with page.expect_navigation():
        page.locator(".sm-404-search button[type=submit]").click()
    assert page.url.startswith(serve_site + "?q=")
    page.wait_for_function("() => document.getElementById('__search').checked")
    assert page.locator("input.md-search__input").input_value() == "燃气"
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible", timeout=15000)
    assert "燃气" in first.inner_text()
    assert _errors(watch) == [] and watch.outside_requests == []


@pytest.mark.parametrize("deploy,prefix", [("root_deploy", ""), ("subpath_deploy", "anquan/")])
def test_nginx_serves_the_chinese_404_whose_links_work_at_any_depth(deploy, prefix, request, new_page):
    server = request.getfixturevalue(deploy)
    base = server.url + prefix
    page, watch = new_page(DESKTOP)
    _open_missing(page, base + DEEP)
    _follow(page, "讲话资料库（文库）", base + "library/")
    _open_missing(page, base + "a/")
    _follow(page, "返回首页", base)
    page.goto(base + DEEP, wait_until="networkidle")
    page.locator("#sm-404-q").fill("隐患排查")
    with page.expect_navigation():
        page.locator(".sm-404-search button[type=submit]").click()
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
    assert hrefs and all(h.startswith(base) for h in hrefs), hrefs[:3]
    assert _errors(watch) == [] and watch.outside_requests == []
