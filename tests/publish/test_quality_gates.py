"""Quality gates over every page of the real site, built once with its own SITE_URL.

- the Nu HTML Checker (npm vnu-jar): zero errors, no filters;
- linkchecker with [AnchorCheck] against a local server: zero broken links or anchors;
- zero references to outside hosts (safety_month.publish.outside_refs.scan_tree);
- sitemap.xml lists every page under SITE_URL; a 404 page exists;
- every page has a meta description and Open Graph og:title, og:description, og:image.
axe-core on each page template runs in a real browser: tests/browser/test_deploy_axe.py.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from devtools.nginx_local import free_port
from safety_month.publish.outside_refs import own_hosts_for, scan_tree
from tests.conftest import ROOT, run_mkdocs_build

CONFIG = Path(os.environ.get("SAFETY_MONTH_CONFIG", ROOT / "mkdocs.yml"))
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LINKCHECKER = Path(sys.executable).parent / "linkchecker"
LINKCHECKER_RC = """\
[checking]
threads=2
timeout=30
[filtering]
checkextern=0
[output]
status=0
[AnchorCheck]
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def gate_site(tmp_path_factory):
    """(site_dir, site_url, server_url): the real site built for, and served at, a local port."""
    port = free_port()
    site_url = f"http://127.0.0.1:{port}/"
    site = tmp_path_factory.mktemp("gates") / "site"
    result = run_mkdocs_build(CONFIG, site, {"SITE_URL": site_url})
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.stderr[-4000:]}")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield site, site_url
    httpd.shutdown()
    httpd.server_close()


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "_deploy")


def test_nu_html_checker_finds_no_error(gate_site):
    site, _ = gate_site
    java = shutil.which("java")
    assert java, "java is missing: apt-get install default-jre-headless (scripts/system-deps.sh)"
    assert VNU.is_file(), f"{VNU} missing: run `make npm`"
    result = subprocess.run([java, "-jar", str(VNU), "--skip-non-html", "--errors-only", str(site)],
                            capture_output=True, text=True, timeout=600)
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0 and report == "", f"vnu found errors:\n{report[:6000]}"


def test_linkchecker_finds_no_broken_link_or_anchor(gate_site, tmp_path):
    site, site_url = gate_site
    assert LINKCHECKER.exists(), "linkchecker missing from the venv: pip install -r requirements.lock"
    rc = tmp_path / "linkcheckerrc"
    rc.write_text(LINKCHECKER_RC, encoding="utf-8")
    result = subprocess.run(
        [str(LINKCHECKER), "--config", str(rc), "--no-status", site_url, site_url + "sitemap.xml"],
        capture_output=True, text=True, timeout=1200, env=dict(os.environ, HOME=str(tmp_path)),
    )
    out = result.stdout
    checked = re.search(r"(\d+) links? in (\d+) URLs? checked", out)
    assert checked and int(checked.group(2)) >= len(_pages(site)), out[-3000:]
    assert result.returncode == 0 and "0 warnings found. 0 errors found." in out, out[-8000:]


def test_no_reference_to_an_outside_host(gate_site):
    site, site_url = gate_site
    refs = scan_tree(site, own_hosts_for(site_url))
    assert refs == [], "\n".join(map(str, refs[:30]))


def test_sitemap_lists_every_page_under_site_url(gate_site):
    site, site_url = gate_site
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", text)
    assert locs and all(loc.startswith(site_url) for loc in locs), locs[:5]
    listed = {urlsplit(loc).path for loc in locs}
    expected = set()
    for page in _pages(site):
        rel = page.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        expected.add("/" + rel.removesuffix("index.html"))
    assert expected - listed == set(), sorted(expected - listed)[:20]
    assert (site / "sitemap.xml.gz").is_file()


def test_404_page_exists_and_says_so(gate_site):
    site, site_url = gate_site
    page = site / "404.html"
    assert page.is_file()
    doc = lxml_html.fromstring(page.read_bytes())
    # In Chinese (Material's own says "404 - Not found"), with the way on: home, the library
    # (文库) and a search form that opens the site's search on the home page (?q=).
    assert doc.xpath("string(//article//h1)") == "没有找到这个页面"
    assert "Not found" not in doc.text_content()
    base = urlsplit(site_url).path
    links = {a.text_content().strip(): a.get("href") for a in doc.xpath("//article//a")}
    assert links["返回首页"] == base, links
    assert links["讲话资料库（文库）"] == base + "library/", links
    form = doc.xpath("//article//form[@role='search']")[0]
    assert form.get("action") == base and form.xpath(".//input/@name") == ["q"]
    # Served at any depth, so its own assets use absolute paths under SITE_URL's path.
    css = doc.xpath("//link[@rel='stylesheet']/@href")
    assert css and all(h.startswith(urlsplit(site_url).path) for h in css), css


def _meta(doc, attr: str, name: str) -> str:
    found = doc.xpath(f"//head/meta[@{attr}=$n]/@content", n=name)
    return found[0].strip() if found else ""


def test_every_page_has_description_and_open_graph(gate_site):
    site, site_url = gate_site
    missing = []
    for page in _pages(site):
        rel = page.relative_to(site).as_posix()
        doc = lxml_html.fromstring(page.read_bytes())
        for attr, name in (("name", "description"), ("property", "og:title"),
                           ("property", "og:description"), ("property", "og:image")):
            if not _meta(doc, attr, name):
                missing.append(f"{rel}: {name}")
        image = _meta(doc, "property", "og:image")
        if image:
            # Open Graph needs an absolute URL; it must be this site's own file.
            if not image.startswith(site_url):
                missing.append(f"{rel}: og:image {image} is not under {site_url}")
            elif not (site / image[len(site_url):]).is_file():
                missing.append(f"{rel}: og:image {image} is not in the build")
    assert missing == [], f"{len(missing)} problem(s):\n" + "\n".join(missing[:40])
