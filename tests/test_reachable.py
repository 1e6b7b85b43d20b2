"""Every published page is reachable: build the site with pages made by `safety-month new
wujin|notice`, walk the links from the home page as a reader would, and find every HTML page
of the site.

Links are resolved the way a browser does (relative to the page's own URL, under the site's
own structure: 'x/' opens x/index.html); only pages of the site are followed.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.conftest import BIN, ROOT, run_mkdocs_build

BASE = "http://site.invalid/"
# Pages that are deliberately not reached by links, each with its reason.
NOT_LINKED = {
    "404.html": "the server's answer for a missing page, never linked",
}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html_text: str) -> list[str]:
    parser = _Links()
    parser.feed(html_text)
    return parser.hrefs


def target(site: Path, page: str, href: str) -> str | None:
    """The site file (relative path) that href on the page at `page` opens; None when it
    leaves the site or is not a page."""
    url = urlsplit(urljoin(BASE + page, href))
    if f"{url.scheme}://{url.netloc}/" != BASE:
        return None
    path = unquote(url.path)[1:]
    if path == "" or path.endswith("/"):
        path += "index.html"
    elif (site / path).is_dir():
        path += "/index.html"
    return path if path.endswith(".html") and (site / path).is_file() else None


def reachable(site: Path, start: str = "index.html") -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        page = todo.pop()
        for href in links_of((site / page).read_text(encoding="utf-8")):
            found = target(site, page, href)
            if found is not None and found not in seen:
                seen.add(found)
                todo.append(found)
    return seen


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def _new(project: Path, *argv: str) -> str:
    result = subprocess.run([str(BIN / "safety-month"), "new", *argv], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def site_with_new_pages(tmp_path_factory):
    project = tmp_path_factory.mktemp("reach") / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "docs", project / "docs")
    (project / "scripts").symlink_to(ROOT / "scripts")
    made = [
        _new(project, "wujin", "农机安全“十不准”", "--audience", "农村", "--date", "2025-06-03"),
        _new(project, "wujin", "校园防溺水六不准", "--audience", "学校", "--date", "2025-06-04"),
        _new(project, "notice", "关于开展2025年“安全生产月”活动的通知", "--date", "2025-05-20"),
        _new(project, "notice", "咨询日活动安排", "--date", "2025-06-10"),
    ]
    out = project.parent / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", out)
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.stderr[-4000:]}")
    return out, made


def test_every_page_is_reached_from_the_home_page(site_with_new_pages):
    site, made = site_with_new_pages
    pages = html_pages(site)
    for md in made:                       # the new pages are among what must be found
        rel = Path(md).relative_to("docs").with_suffix("")
        assert f"{rel.as_posix()}/index.html" in pages, md
    unreached = pages - reachable(site) - set(NOT_LINKED)
    assert unreached == set()


def test_the_walk_misses_a_page_nobody_links(site_with_new_pages, tmp_path):
    """The walk can fail: a page added to the built site without a link is reported."""
    site, _ = site_with_new_pages
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    orphan = copy / "notices" / "orphan" / "index.html"
    orphan.parent.mkdir(parents=True)
    orphan.write_text("<!doctype html><title>x</title><a href='../../'>首页</a>", encoding="utf-8")
    assert html_pages(copy) - reachable(copy) - set(NOT_LINKED) == {"notices/orphan/index.html"}


@pytest.mark.parametrize(("page", "href", "expected"), [
    ("index.html", "notices/", "notices/index.html"),
    ("notices/index.html", "2025-05-20-x/", "notices/2025-05-20-x/index.html"),
    ("notices/2025-05-20-x/index.html", "../../wujin/qiye/", "wujin/qiye/index.html"),
    ("notices/2025-05-20-x/index.html", "../", "notices/index.html"),
    ("notices/index.html", "../library/#y2021", "library/index.html"),
    ("index.html", "https://example.org/notices/", None),
    ("index.html", "tel:12350", None),
    ("index.html", "notices/missing/", None),
])
def test_hrefs_resolve_relative_to_their_page(tmp_path, page, href, expected):
    for rel in ("index.html", "notices/index.html", "notices/2025-05-20-x/index.html",
                "wujin/qiye/index.html", "library/index.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("", encoding="utf-8")
    assert target(tmp_path, page, href) == expected
