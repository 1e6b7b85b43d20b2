"""The page weight cuts in the real strict build (docs/, the committed speeches): no page
carries inline code or the theme's inline __config, each loads the one early script, named
after its content, whose configuration is the theme's for this build; the CSP <meta> of a
page then lists no hash. The speech outline links to headings by their UTF-8 ids."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from safety_month.site import early

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_EARLY = re.compile(r'<script src="([^"]*?)(assets/javascripts/early\.[0-9a-f]{8}\.min\.js)"></script>')


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_deploy" not in p.parts)


def test_no_page_carries_inline_code_or_the_theme_config(built_site):
    pages = _pages(built_site)
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        inline = [body for attrs, body in _SCRIPT.findall(text) if "src=" not in attrs]
        assert inline == [], page
        assert 'id="__config"' not in text, page
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', text)
        assert csp and "sha256-" not in csp.group(1) and "script-src 'self';" in csp.group(1), page


def test_every_page_loads_the_early_script_in_its_head(built_site):
    names = set()
    for page in _pages(built_site):
        text = page.read_text(encoding="utf-8")
        head = text[:text.index("</head>")]
        found = _EARLY.findall(head)
        assert len(found) == 1, page
        names.add(found[0][1])
    assert len(names) == 1


def test_the_early_script_is_named_after_its_content_and_holds_this_builds_config(built_site, root):
    (name,) = {m[1] for m in _EARLY.findall((built_site / "index.html").read_text(encoding="utf-8"))}
    script = (built_site / name).read_text(encoding="utf-8")
    assert early.asset_name(script) == name
    assert not (built_site / early.SOURCE).exists()      # only under its fingerprinted name
    config = json.loads(re.search(r"var config = (\{.*?\});\n", script).group(1))
    assert (built_site / config["search"]).is_file()      # the renamed (patched) worker
    assert config["search"] != "assets/javascripts/workers/search.a7633da7.min.js"
    mkdocs_yml = (root / "mkdocs.yml").read_text(encoding="utf-8")
    features = re.search(r"  features:\n((?:    - .*\n)+)", mkdocs_yml).group(1)
    assert config["features"] == re.findall(r"- (\S+)", features)
    assert config["translations"]["search.result.none"] == "没有找到符合条件的结果"
    assert config["translations"]["search.result.other"] == "# 个符合条件的结果"


def test_speech_outline_links_use_the_headings_utf8_ids(built_site, root):
    speeches = sorted((built_site / "speeches").rglob("index.html"))
    outlines = 0
    for page in speeches:
        text = page.read_text(encoding="utf-8")
        nav = re.search(r'<nav class="sm-outline".*?</nav>', text, re.S)
        if not nav:
            continue
        outlines += 1
        ids = set(re.findall(r' id="([^"]+)"', text))
        hrefs = re.findall(r'href="#([^"]+)"', nav.group(0))
        assert hrefs and all("%" not in h and h in ids for h in hrefs), page
    assert outlines >= 1


def test_speech_pages_leave_out_the_empty_banner_the_hidden_toc_and_the_generator(built_site):
    speeches = sorted((built_site / "speeches").rglob("index.html"))
    assert speeches
    for page in speeches:
        text = page.read_text(encoding="utf-8")
        assert 'class="md-banner' not in text and 'data-md-type="toc"' not in text, page
        assert '<meta name="generator"' not in text, page
        # what stays: the navigation drawer (the only navigation on a phone) and the search
        assert 'data-md-type="navigation"' in text and 'data-md-component="search"' in text, page
    wujin = (built_site / "wujin" / "qiye" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-type="toc"' in wujin    # pages that show their table of contents keep it
