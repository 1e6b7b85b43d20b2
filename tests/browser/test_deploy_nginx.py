"""deploy/nginx/ really serves the site: Debian's nginx on 127.0.0.1 with the shipped files.

Two deployments of the real docs/, each built with its own SITE_URL and deployed by the
command blocks of deploy/README.md (conftest: root_deploy, subpath_deploy), with nginx's
workers running as www-data when the tests run as root:
- root:    SITE_URL=http://127.0.0.1:P/         anquan-root.conf
- subpath: SITE_URL=http://127.0.0.1:Q/anquan/  anquan-subpath.conf inside Debian's default site
and the plain static copy (no headers at all, as on GitHub/GitLab Pages) the shared
site_server fixture gives, which must satisfy the policy the pages carry in <meta>.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from safety_month.publish import csp

from .conftest import DESKTOP, MOBILE
from .deploy_flow import click_through, collect_csp, watch

pytestmark = pytest.mark.browser

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
IMMUTABLE = "public, max-age=31536000, immutable"


def fetch(url: str, headers: dict | None = None):
    """(status, headers, body bytes) without following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def _bundle_path(site: Path) -> str:
    html = (site / "index.html").read_text(encoding="utf-8")
    m = re.search(r'src="([^"]*assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js)"', html)
    assert m, "no fingerprinted bundle in index.html"
    return m.group(1)


# --- headers, caching, gzip, 404 ---------------------------------------------------------

@pytest.mark.parametrize("deploy", ["root_deploy", "subpath_deploy"])
def test_html_gets_security_headers_and_the_built_policy(deploy, request):
    server = request.getfixturevalue(deploy)
    status, headers, _ = fetch(server.home)
    assert status == 200
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value, name
    assert headers["Cache-Control"] == "no-cache"
    policy = headers["Content-Security-Policy"]
    assert policy == (server.site / csp.OUTPUT_DIR / csp.POLICY_TEXT).read_text(encoding="utf-8").strip()
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    # No page has inline code left (the theme's scripts come from the cached early script:
    # safety_month.site.early), so no hash is allowed either.
    assert script_src == "'self'"
    assert "frame-ancestors 'self'" in policy


@pytest.mark.parametrize("deploy", ["root_deploy", "subpath_deploy"])
def test_fingerprinted_assets_are_immutable_others_revalidate(deploy, request):
    server = request.getfixturevalue(deploy)
    bundle = server.home + _bundle_path(server.site)
    status, headers, body = fetch(bundle)
    assert status == 200 and headers["Cache-Control"] == IMMUTABLE
    assert headers["X-Content-Type-Options"] == "nosniff"
    # A year-long cache is only safe if the name changes with the content: the served file
    # is either the theme's own (named by the theme) or patched and renamed after its sha256.
    digest = re.search(r"\.([0-9a-f]{8})\.min\.js$", bundle).group(1)
    assert hashlib.sha256(body).hexdigest()[:8] == digest or _is_theme_original(bundle, body)
    for path in ("assets/stylesheets/site.css", "search/search_index.json", "sitemap.xml"):
        status, headers, _ = fetch(server.home + path)
        assert status == 200, path
        assert headers["Cache-Control"] == "no-cache", path


def _is_theme_original(url: str, body: bytes) -> bool:
    """True when the served file is byte-identical to the theme's file of the same name."""
    import material

    rel = url.split("/assets/", 1)[1]
    theme = Path(material.__file__).parent / "templates" / "assets" / rel
    return theme.is_file() and theme.read_bytes() == body


@pytest.mark.parametrize("deploy", ["root_deploy", "subpath_deploy"])
def test_gzip_is_negotiated(deploy, request):
    server = request.getfixturevalue(deploy)
    for path in ("", "search/search_index.json", _bundle_path(server.site)):
        status, headers, body = fetch(server.home + path, {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in headers["Vary"]
        plain_status, plain_headers, plain = fetch(server.home + path)
        assert plain_headers["Content-Encoding"] is None
        assert gzip.decompress(body) == plain
        assert len(body) < len(plain)


def test_missing_page_gets_the_404_page_at_root(root_deploy):
    status, headers, body = fetch(root_deploy.url + "no/such/page/")
    assert status == 404
    assert body == (root_deploy.site / "404.html").read_bytes()
    assert headers["Content-Security-Policy"] and headers["X-Content-Type-Options"] == "nosniff"
    assert fetch(root_deploy.url + "_deploy/csp.nginx.conf")[0] == 404


def test_missing_page_gets_the_404_page_under_subpath(subpath_deploy):
    status, headers, body = fetch(subpath_deploy.url + "anquan/no/such/page/")
    assert status == 404
    assert body == (subpath_deploy.site / "404.html").read_bytes()
    # The 404 page is served at any depth, so its assets use absolute /anquan/ paths.
    links = re.findall(r'(?:href|src)="(/anquan/assets/[^"]+)"', body.decode("utf-8"))
    assert links
    for link in links:
        assert fetch(subpath_deploy.url + link.lstrip("/"))[0] == 200, link
    assert fetch(subpath_deploy.url + "anquan/_deploy/csp.txt")[0] == 404
    status, headers, _ = fetch(subpath_deploy.url + "anquan")
    assert status == 301 and headers["Location"] == "/anquan/"


def test_sitemap_uses_each_site_url(root_deploy, subpath_deploy):
    for server, prefix in ((root_deploy, root_deploy.url), (subpath_deploy, subpath_deploy.url + "anquan/")):
        status, _, body = fetch(server.home + "sitemap.xml")
        locs = re.findall(r"<loc>([^<]+)</loc>", body.decode("utf-8"))
        assert status == 200 and locs
        assert all(loc.startswith(prefix) for loc in locs), locs[:3]


# --- a reader in Chromium --------------------------------------------------------------

def _local(server) -> tuple[str, ...]:
    return (server.url,)


@pytest.mark.parametrize("deploy", ["root_deploy", "subpath_deploy"])
@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_reader_clicks_through_with_zero_csp_violations(deploy, viewport, request, browser):
    server = request.getfixturevalue(deploy)
    ctx = browser.new_context(viewport=viewport, locale="zh-CN")
    try:
        page = ctx.new_page()
        w = watch(page, _local(server))
        visited = click_through(page, server.home, w)
        assert visited["five"].startswith(server.home) and visited["speech"].startswith(server.home)
        assert visited["hits"] > 0
        assert w.problems() == []
    finally:
        ctx.close()


@pytest.mark.parametrize("deploy", ["root_deploy", "subpath_deploy"])
def test_404_page_renders_styled_without_violations(deploy, request, browser):
    server = request.getfixturevalue(deploy)
    ctx = browser.new_context(viewport=MOBILE, locale="zh-CN")
    try:
        page = ctx.new_page()
        w = watch(page, _local(server))
        response = page.goto(server.home + "a/deeper/missing/page/")
        page.wait_for_load_state("load")
        assert response.status == 404
        # The page itself answers 404 (Chromium logs that once); every other response counts.
        w.failed = [f for f in w.failed if not f.startswith("404 " + server.home + "a/deeper/")]
        w.console = [c for c in w.console if "status of 404" not in c]
        collect_csp(page, w)
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
        assert w.problems() == []
    finally:
        ctx.close()


def test_static_host_without_headers_satisfies_the_meta_policy(site_server, built_site, browser):
    """GitHub/GitLab Pages cannot send headers: the <meta> copy of the policy still holds."""
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy"' in html
    ctx = browser.new_context(viewport=MOBILE, locale="zh-CN")
    try:
        page = ctx.new_page()
        w = watch(page, (site_server.url,))
        page.set_viewport_size(DESKTOP)
        visited = click_through(page, site_server.url, w)
        assert visited["hits"] > 0
        assert w.problems() == []
    finally:
        ctx.close()
