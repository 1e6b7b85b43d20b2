"""`make offline`: the zip opened from disk (file://) navigates and searches with no request out."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lxml_html

from safety_month.publish import offline_package
from safety_month.publish.outside_refs import own_hosts_for, scan_tree
from tests.conftest import ROOT

from .conftest import DESKTOP
from .deploy_flow import click_through, watch

pytestmark = pytest.mark.browser

CONFIG = Path(os.environ.get("SAFETY_MONTH_CONFIG", ROOT / "mkdocs.yml"))


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory) -> Path:
    """The real make_offline.py run, its zip extracted where a reader would."""
    tmp = tmp_path_factory.mktemp("offline")
    out = tmp / "anquan-offline.zip"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_offline.py"), "--out", str(out), "--config-file", str(CONFIG)],
        capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    if result.returncode != 0:
        pytest.fail(f"make_offline.py failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    target = tmp / "unzipped"
    with zipfile.ZipFile(out) as zf:
        assert not [n for n in zf.namelist() if not n.startswith(offline_package.ZIP_FOLDER + "/")]
        zf.extractall(target)
    return target / offline_package.ZIP_FOLDER


def test_zip_holds_the_local_shim_and_no_outside_reference(unzipped):
    assert (unzipped / "index.html").is_file()
    assert (unzipped / offline_package.SHIM_DEST).read_bytes() == (ROOT / offline_package.SHIM_PACKAGE).read_bytes()
    html = (unzipped / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/javascripts/iframe-worker/shim.js"' in html
    assert "unpkg.com" not in html
    assert (unzipped / "search" / "search_index.js").is_file()
    # the editor guide is for editors: not in the package, nor in its search index
    assert not (unzipped / "guide").exists()
    assert '"guide/' not in (unzipped / "search" / "search_index.js").read_text(encoding="utf-8")
    assert scan_tree(unzipped, own_hosts_for(None)) == []


def test_every_local_link_opens_a_file_from_disk(unzipped):
    """From file:// a link to a folder (href="library/") shows no page: every one must name a file."""
    broken = []
    for page in sorted(unzipped.rglob("*.html")):
        if page.name == "404.html":
            continue  # a server's answer to a missing page; never opened from disk
        doc = lxml_html.fromstring(page.read_bytes())
        for href in doc.xpath("//a/@href | //link[@rel='stylesheet']/@href | //script/@src"):
            target = urlsplit(href)
            if target.scheme or target.netloc or not target.path:
                continue  # outside links (the reader's choice), mailto:, same-page #anchors
            resolved = (page.parent / unquote(target.path)).resolve()
            if not resolved.is_file():
                broken.append(f"{page.relative_to(unzipped)}: {href}")
    assert broken == [], f"{len(broken)} link(s) that do not open from disk:\n" + "\n".join(sorted(set(broken))[:40])


def test_reader_browses_and_searches_from_disk(unzipped, browser):
    ctx = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        page = ctx.new_page()
        home = (unzipped / "index.html").as_uri()
        w = watch(page, ("file://",))
        visited = click_through(page, home, w)
        assert visited["five"].startswith("file://") and visited["five"].endswith(".html")
        assert visited["speech"].startswith("file://")
        assert visited["hits"] > 0
        assert w.problems() == []
    finally:
        ctx.close()
