"""The real site builds strictly, keeps Chinese anchors, and references no outside host."""

from __future__ import annotations

import json
import re

from safety_month.publish.outside_refs import own_hosts_for, scan_tree

# Hosts that readers in mainland China or on intranets cannot reach (and that Material and
# common setups pull in by default).
KNOWN_OUTSIDE = re.compile(r"fonts\.googleapis|fonts\.gstatic|unpkg\.com|jsdelivr|cdnjs|api\.github\.com")


def test_strict_build_produces_home(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in home
    assert "安全生产月" in home


def test_no_reference_to_outside_hosts(built_site):
    refs = scan_tree(built_site, own_hosts_for("http://127.0.0.1:8000/"))
    assert refs == [], "\n".join(map(str, refs))


def test_no_known_cdn_or_font_host_anywhere(built_site):
    hits = []
    for path in built_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".css", ".json", ".xml"}:
            if KNOWN_OUTSIDE.search(path.read_text(encoding="utf-8", errors="replace")):
                hits.append(str(path.relative_to(built_site)))
    assert hits == []


def test_no_web_font_requested(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home
    css = (built_site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert "Noto Sans CJK SC" in css  # the system CJK font stack is in place


def test_search_index_segmented_by_jieba(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [d["text"] for d in index["docs"]]
    # 安全生产举报投诉电话 on the home page: jieba splits it into words joined by U+200B.
    joined = "\n".join(texts)
    assert "\u200b举报\u200b" in joined or "举报\u200b投诉" in joined
    assert index["config"]["separator"].find("\\u200b") >= 0 or "\u200b" in index["config"]["separator"]


def test_site_description_and_language(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description"' in home


def test_site_url_from_environment(tmp_path, root):
    from tests.conftest import run_mkdocs_build

    out = tmp_path / "site"
    result = run_mkdocs_build(root / "mkdocs.yml", out, {"SITE_URL": "https://example.org/anquan/"})
    assert result.returncode == 0, result.stderr[-3000:]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/anquan/" in sitemap
