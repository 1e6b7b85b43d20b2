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
