"""What the public sees is for the public (issue 18): the published site has no editor guide
(page, navigation or search entry) and no editors' data on a speech page (source path, hash,
rule ids, line numbers, 待核对 items); the preview (mkdocs.preview.yml) has both, for editors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, build_or_fail

HASH = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


def _speech_pages(site: Path) -> list[Path]:
    pages = sorted((site / "speeches").rglob("index.html"))
    assert pages, "the site has no speech page to look at"
    return pages


def test_the_published_site_has_no_editor_guide(built_site: Path):
    assert not (built_site / "guide").exists()
    for path in (built_site / "search").rglob("*"):
        if path.is_file():
            assert '"guide/' not in path.read_text(encoding="utf-8", errors="replace"), path
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'href="guide/' not in html and "/guide/" not in html, page
        assert "sm-preview-bar" not in html and "编辑指南" not in html, page


def test_published_speech_pages_carry_no_editors_data(built_site: Path):
    for page in _speech_pages(built_site):
        html = page.read_text(encoding="utf-8")
        assert "sm-editorial" not in html and "来源与整理说明" in html, page
        assert not HASH.search(html), page                    # source or generated hash
        assert not re.search(r"第\s*\d+\s*行", html), page    # line numbers of the Markdown file
        assert "sources/" not in html and "待核对" not in html, page
        for rule in ("chrome", "spin", "title_repeat", "placeholders", "markers"):
            assert f"<code>{rule}" not in html, (page, rule)


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory) -> Path:
    return build_or_fail(ROOT / "mkdocs.preview.yml", tmp_path_factory.mktemp("preview") / "site", "preview build")


def test_the_preview_shows_editors_the_guide_and_each_speech_s_data(preview_site: Path):
    assert (preview_site / "guide" / "index.html").is_file()
    home = (preview_site / "index.html").read_text(encoding="utf-8")
    assert "sm-preview-bar" in home and 'href="guide/' in home
    shown = 0
    for page in _speech_pages(preview_site):
        html = page.read_text(encoding="utf-8")
        source = ROOT / "docs" / page.parent.relative_to(preview_site).with_suffix(".md")
        meta = yaml.safe_load(source.read_text(encoding="utf-8").split("---\n")[1])
        assert "sm-editorial" in html, page
        assert meta["source_sha256"] in html and meta["source_file"] in html, page
        shown += len(meta.get("review") or [])
        for item in meta.get("review") or []:
            assert f"第{item['line']}行" in html, (page, item)
    assert shown > 0          # (the seeds have 待核对 items: the loop above checked some)
