"""A reader's path through a deployed site, shared by the deploy tests (root, subpath, offline).

home → a 五进 page → a speech → search returns a result, recording along the way every
console error, Content-Security-Policy violation, outside request and failed response.
"""

from __future__ import annotations

import re

from .search_box import open_search
from dataclasses import dataclass, field

# Recorded by the page itself (Playwright's init scripts run outside the page's policy).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}:${e.lineNumber}`);
});
"""
FIVE = re.compile("进(?:企业|农村|社区|学校|家庭)")
SEARCH_QUERY = "安全生产"


@dataclass
class DeployWatch:
    """What one page (tab) saw; empty lists mean a clean visit."""

    console: list[str] = field(default_factory=list)       # console errors and warnings about CSP
    csp: list[str] = field(default_factory=list)           # securitypolicyviolation events
    outside: list[str] = field(default_factory=list)       # requests to other hosts
    failed: list[str] = field(default_factory=list)        # responses >= 400 and failed requests

    def problems(self) -> list[str]:
        return [*self.console, *self.csp, *self.outside, *self.failed]


def watch(page, local_prefixes: tuple[str, ...]) -> DeployWatch:
    """Attach listeners to page; local_prefixes are URL starts that count as the site."""
    w = DeployWatch()

    def on_console(msg):
        text = msg.text
        if msg.type == "error" or "Content Security Policy" in text or "Content-Security-Policy" in text:
            w.console.append(f"console {msg.type}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda e: w.console.append(f"pageerror: {e}"))
    page.on("response", lambda r: r.status >= 400 and w.failed.append(f"{r.status} {r.url}"))
    # ERR_ABORTED is the browser cancelling a request itself (a worker still loading when the
    # reader clicks on to the next page), not a failure of the site or the server.
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
            and w.failed.append(f"failed {r.url}: {r.failure}"))
    page.add_init_script(CSP_LISTENER)

    def route(r):
        url = r.request.url
        if url.startswith(local_prefixes) or url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            w.outside.append(url)
            r.abort()

    page.route("**/*", route)
    return w


def collect_csp(page, w: DeployWatch) -> None:
    w.csp.extend(page.evaluate("window.__cspViolations || []"))


def _click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state("load")


def click_through(page, home_url: str, w: DeployWatch) -> dict:
    """Walk home → 五进 → speech → search; return the URLs visited and the hit count."""
    visited = {}
    page.goto(home_url)
    page.wait_for_load_state("load")
    assert "安全生产月" in page.title(), page.title()
    collect_csp(page, w)

    # A page for one of the five audiences: linked from home directly or via the 五进 section.
    five = page.locator("a:visible", has_text=FIVE)
    if five.count() == 0:
        _click_and_wait(page, page.locator("a:visible", has_text="五进").first)
        collect_csp(page, w)
        five = page.locator("article a:visible, .md-content a:visible", has_text=FIVE)
    assert five.count() > 0, f"no link to a 五进 page found from {page.url}"
    _click_and_wait(page, five.first)
    assert FIVE.search(page.locator("h1").first.inner_text()), page.url
    visited["five"] = page.url
    collect_csp(page, w)

    speech = page.locator(".md-content a[href*='speeches/']:visible")
    assert speech.count() > 0, f"no link to a speech on {page.url}"
    _click_and_wait(page, speech.first)
    assert "/speeches/" in page.url
    assert page.locator("#p-1").count() == 1, f"{page.url} has no first paragraph anchor #p-1"
    visited["speech"] = page.url
    collect_csp(page, w)

    # Stylesheets applied: Material's layout is there, not unstyled HTML.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")

    open_search(page)
    page.locator("input.md-search__input").fill(SEARCH_QUERY)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    visited["hits"] = page.locator(".md-search-result__item").count()
    collect_csp(page, w)
    return visited
