"""Whole builds with the page cache (issue 20) write exactly the site a build without it
writes: a second build of an unchanged project reuses every speech and gives the same bytes,
and after a speech is edited and another added, a build that reuses the rest gives the same
bytes as a build that renders everything."""

from __future__ import annotations

import re
import shutil

from safety_month.buildcache import session
from tests.conftest import ROOT, run_mkdocs_build
from tests.publish.test_one_pass_build import _differences

ADDED = ROOT / "tests" / "fixtures" / "site" / "speeches" / "2023" / "2023-ff80ac6c.md"
EDITED = "speeches/2021/2021-8e8c839b-1.md"
TOKEN = "缓存核对标记"


def _project(dest):
    dest.mkdir()
    for name in ("mkdocs.yml", "overrides", "docs", "sources"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, dest / name)
    (dest / "scripts").symlink_to(ROOT / "scripts")
    return dest / "mkdocs.yml"


def _build(config, site, *, cache=True):
    result = run_mkdocs_build(config, site, {session.ENV_SWITCH: "on" if cache else "off"})
    assert result.returncode == 0, result.stderr[-3000:]
    found = re.search(r"page cache: (\d+) results reused, (\d+) computed", result.stderr)
    return (int(found[1]), int(found[2])) if found else None


def _edit(docs):
    page = docs / EDITED
    text = page.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    page.write_text(head + "\n---\n" + body.replace("\n\n", f"\n\n{TOKEN}", 1), encoding="utf-8")
    (docs / "speeches" / "2023").mkdir(exist_ok=True)
    shutil.copy2(ADDED, docs / "speeches" / "2023" / ADDED.name)


def test_cached_builds_write_the_same_site_as_uncached_ones(tmp_path):
    config = _project(tmp_path / "project")
    reused, computed = _build(config, tmp_path / "cold")
    assert reused == 0 and computed > 0
    reused, computed = _build(config, tmp_path / "warm")
    assert computed == 0 and reused > 0
    assert _differences(tmp_path / "cold", tmp_path / "warm") == []

    _edit(config.parent / "docs")
    reused, computed = _build(config, tmp_path / "changed")
    assert reused > 0 and computed > 0
    assert _build(config, tmp_path / "uncached", cache=False) is None
    assert _differences(tmp_path / "changed", tmp_path / "uncached") == []
    edited = (tmp_path / "changed" / EDITED.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    assert TOKEN in edited
    assert (tmp_path / "changed" / "speeches" / "2023" / ADDED.stem / "index.html").is_file()
