"""Browser fixtures: Debian Chromium driven by Playwright, the built site on 127.0.0.1.

Browser tests are required in CI (CI=true): there a missing Chromium fails them. Elsewhere
they skip with a clear message when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .search_box import open_search

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags needed on these machines: root (no sandbox), no GPU, and no background traffic to
# Google's hosts, which a closed network refuses or stalls on.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
MOBILE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _chromium_or_skip() -> str:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"CI needs Chromium at {CHROMIUM}: run `make system-deps` as root (apt-get install chromium)")
    pytest.skip(f"browser tests skipped: Chromium not found at {CHROMIUM} (install Debian's chromium, or run `make test` as root)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


class StaticServer:
    """The built site/ served on a free 127.0.0.1 port, optionally under a subpath."""

    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def site_server(built_site):
    server = StaticServer(built_site)
    yield server
    server.close()


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class PageWatch:
    """Console errors, page errors and outside requests seen by one page."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.outside_requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(f"pageerror: {e}"))
        page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS and f"[{parts.hostname}]" not in LOCAL_HOSTS:
            self.outside_requests.append(url)
            route.abort()
        else:
            route.continue_()


@pytest.fixture
def new_page(browser):
    """Factory: new_page(viewport=MOBILE) -> (page, watch). Closed after the test."""
    contexts = []

    def make(viewport=DESKTOP, **kwargs):
        ctx = browser.new_context(viewport=viewport, locale="zh-CN", **kwargs)
        contexts.append(ctx)
        page = ctx.new_page()
        return page, PageWatch(page)

    yield make
    for ctx in contexts:
        ctx.close()


# --- added for the campaign-site tests (tests/browser/test_site_*.py) -------------------------

SITE_FIXTURE_SPEECHES = Path(__file__).resolve().parent.parent / "fixtures" / "site" / "speeches"
# 五进 articles and notices added to the fixture project's docs/ (their lists are checked).
SITE_FIXTURE_PAGES = SITE_FIXTURE_SPEECHES.parent / "pages"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The real docs/ built with tests/fixtures/site/speeches/ in place of docs/speeches/.

    Lets the site tests exercise speech pages, the library and 讲话摘编 whether or not the
    importer has written any pages yet, and the lists of 五进 articles and notices
    (tests/fixtures/site/pages/) (the project is a temporary copy; docs/ is untouched).
    """
    import importlib.util

    from tests.conftest import ROOT, run_mkdocs_build

    spec = importlib.util.spec_from_file_location("sm_screenshots", ROOT / "scripts" / "devtools" / "screenshots.py")
    shots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shots)
    base = tmp_path_factory.mktemp("fixture-site")
    config = shots.project_with_speeches(base / "project", SITE_FIXTURE_SPEECHES)
    for md in SITE_FIXTURE_PAGES.rglob("*.md"):
        target = config.parent / "docs" / md.relative_to(SITE_FIXTURE_PAGES)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(md.read_bytes())
    out = base / "site"
    result = run_mkdocs_build(config, out)
    if result.returncode != 0:
        pytest.fail(f"strict build of the fixture project failed:\n{result.stderr[-4000:]}")
    return out


@pytest.fixture(scope="session")
def fixture_site_server(fixture_site):
    server = StaticServer(fixture_site)
    yield server
    server.close()


# --- search (added by the search helper) ------------------------------------------------
# The real docs/ built once per engine (SAFETY_MONTH_SEARCH_ENGINE: Material's lunr index,
# or the sharded index of safety_month.search.shards), and a way to type into the search box.

SEARCH_ENGINES = ("material", "sharded")


@pytest.fixture(scope="session")
def search_site(tmp_path_factory):
    """search_site(engine) -> (StaticServer, site_dir), built and served once per engine."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent.parent
    built: dict[str, tuple[StaticServer, Path]] = {}

    def get(engine: str):
        if engine not in built:
            out = tmp_path_factory.mktemp(f"search-{engine}") / "site"
            env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SAFETY_MONTH_SEARCH_ENGINE=engine)
            result = subprocess.run(
                [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-d", str(out)],
                cwd=root, env=env, capture_output=True, text=True,
            )
            if result.returncode != 0:
                pytest.fail(f"strict build ({engine} search) failed:\n{result.stderr[-4000:]}")
            built[engine] = (StaticServer(out), out)
        return built[engine]

    yield get
    for server, _ in built.values():
        server.close()


def type_search(page, query: str, mobile: bool = False, settle_ms: int = 400) -> list[dict]:
    """Type `query` like a reader (click the box, type, press End); return the result groups:
    [{"page": "/wujin/qiye/", "hrefs": [...], "text": "..."}] once the list stops changing."""
    if mobile:
        page.click("label.md-header__button[for=__search]")
    open_search(page)
    page.fill("input.md-search__input", "")
    page.keyboard.press("End")
    page.keyboard.type(query)
    page.keyboard.press("End")
    page.wait_for_function(
        """() => { const m = document.querySelector('.md-search-result__meta');
                   return m && !/键入以开始搜索/.test(m.textContent); }""", timeout=15_000)
    last, stable_since = None, 0.0
    import time

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        html = page.inner_html(".md-search-result")
        if html != last:
            last, stable_since = html, time.monotonic()
        elif (time.monotonic() - stable_since) * 1000 >= settle_ms:
            break
        page.wait_for_timeout(50)
    return page.eval_on_selector_all(
        ".md-search-result__item",
        """els => els.map(li => ({
             page: new URL(li.querySelector('a').href).pathname,
             hrefs: [...li.querySelectorAll('a.md-search-result__link')].map(a => a.href),
             text: li.innerText }))""",
    )


# --- deployments by deploy/README.md (added for issue 14) ---------------------------------
# The real docs/ built with the deployment's SITE_URL and deployed by the README's own
# command blocks onto Debian's nginx configuration in a temporary prefix (workers as
# www-data when the tests run as root): devtools.nginx_local.ReadmeDeploy. Shared by
# test_deploy_nginx.py (headers, caching, a reader's path) and test_deploy_readme.py (the
# steps themselves), which leaves each deployment as it found it.

DEPLOY_CONFIG = Path(os.environ.get("SAFETY_MONTH_CONFIG", Path(__file__).resolve().parents[2] / "mkdocs.yml"))


def _readme_deployment(tmp_path_factory, layout: str):
    from devtools.nginx_local import NGINX, ReadmeDeploy, free_port
    from tests.conftest import run_mkdocs_build

    if not Path(NGINX).exists():
        pytest.fail(f"nginx missing at {NGINX}: run `make system-deps` as root (nginx-light)")
    deploy = ReadmeDeploy(layout, tmp_path_factory.mktemp(f"deploy-{layout}"), free_port())
    result = run_mkdocs_build(DEPLOY_CONFIG, deploy.build_site, {"SITE_URL": deploy.home})
    if result.returncode != 0:
        pytest.fail(f"build with SITE_URL={deploy.home} failed:\n{result.stderr[-4000:]}")
    deploy.site = deploy.build_site   # what the build wrote, to compare the served files with
    return deploy


@pytest.fixture(scope="session")
def root_deploy(tmp_path_factory):
    deploy = _readme_deployment(tmp_path_factory, "root")
    try:
        yield deploy.start()
    finally:
        deploy.stop()


@pytest.fixture(scope="session")
def subpath_deploy(tmp_path_factory):
    deploy = _readme_deployment(tmp_path_factory, "subpath")
    try:
        yield deploy.start()
    finally:
        deploy.stop()
