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


ADDED_LINK = ADDED.stem           # the added speech's folder: in every link to it
# Where a speech added in 2023 must show (its year, one of its tags, the 五进 page of its
# 企业 paragraphs, the home page's newest speeches); the 2023 year page is new.
ADDED_ON = ("library/2023/index.html", "tags/qi-ye-zhu-ti-ze-ren/index.html", "wujin/qiye/index.html", "index.html")
# An edit that must move the lists and the 社区 excerpts: a new title and a paragraph that
# outscores every other for 社区.
SHEQU = "社区物业要清理楼道杂物，保持消防通道和生命通道畅通，小区电动自行车不得在楼道充电，社区要组织燃气安全检查。"


def _add(docs):
    (docs / "speeches" / "2023").mkdir(exist_ok=True)
    shutil.copy2(ADDED, docs / "speeches" / "2023" / ADDED.name)


def _edit(docs):
    page = docs / EDITED
    text = page.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    head = re.sub(r"^title: (.*)$", lambda m: f"title: {m[1]}{TOKEN}", head, count=1, flags=re.M)
    page.write_text(head + "\n---\n" + body.replace("\n\n", f"\n\n{TOKEN}{SHEQU}", 1), encoding="utf-8")


def _text(site, path):
    return (site / path).read_text(encoding="utf-8")


def _same_as_uncached(config, site, tmp_path, name):
    reused, computed = _build(config, site)
    assert reused > 0 and computed > 0
    assert _build(config, tmp_path / f"uncached-{name}", cache=False) is None
    assert _differences(site, tmp_path / f"uncached-{name}") == []


def test_cached_builds_write_the_same_site_as_uncached_ones(tmp_path):
    config = _project(tmp_path / "project")
    docs = config.parent / "docs"
    reused, computed = _build(config, tmp_path / "cold")
    assert reused == 0 and computed > 0
    reused, computed = _build(config, tmp_path / "warm")
    assert computed == 0 and reused > 0
    assert _differences(tmp_path / "cold", tmp_path / "warm") == []
    assert not any(ADDED_LINK in _text(tmp_path / "warm", p) for p in ADDED_ON[1:])

    # One speech added: it shows on its year, tag, 五进 and home pages, and the lists and
    # excerpts made from the other speeches' kept facts are the ones an uncached build makes.
    _add(docs)
    _same_as_uncached(config, tmp_path / "added", tmp_path, "added")
    for path in ADDED_ON:
        assert ADDED_LINK in _text(tmp_path / "added", path), path
    assert (tmp_path / "added" / "speeches" / "2023" / ADDED.stem / "index.html").is_file()

    # One speech edited (title and text): its list items and the 社区 excerpts change.
    _edit(docs)
    _same_as_uncached(config, tmp_path / "edited", tmp_path, "edited")
    edited = _text(tmp_path / "edited", EDITED.removesuffix(".md") + "/index.html")
    assert TOKEN in edited
    assert "楼道杂物" in _text(tmp_path / "edited", "wujin/shequ/index.html")
    assert "楼道杂物" not in _text(tmp_path / "added", "wujin/shequ/index.html")
    year = EDITED.split("/")[1]
    assert TOKEN in _text(tmp_path / "edited", f"library/{year}/index.html")


# The editors' checks (checks.cached) read unchanged pages from the cache: a page the cache
# holds as clean and then broken must be checked again, in the build that fails.
BROKEN = "speeches/2021/2021-8e8c839b-2.md"
ISSUE_LINE = re.compile(r"^docs/\S+:\d+(?::\d+)?: |^构建失败：")


def _report(result) -> list[str]:
    """The failing build's issue lines (file:line, in the order printed) and its summary line."""
    return [line for line in (result.stderr + result.stdout).splitlines() if ISSUE_LINE.match(line)]


def _break(docs) -> dict:
    """One cached page's front matter broken (YAML), another's text given a half-width comma
    (a warning: it fails the strict build as an error does); returns the pages' old bytes."""
    old = {rel: (docs / rel).read_bytes() for rel in (BROKEN, EDITED)}
    broken = docs / BROKEN
    broken.write_text(broken.read_text(encoding="utf-8").replace("\nyear: 2021\n", "\nyear: 2021: 二〇二一\n", 1),
                      encoding="utf-8")
    texty = docs / EDITED
    head, body = texty.read_text(encoding="utf-8").split("\n---\n", 1)
    texty.write_text(head + "\n---\n" + body.replace("，", ",", 1), encoding="utf-8")
    return old


def test_a_failing_build_reports_the_same_issues_with_the_cache_as_without(tmp_path):
    config = _project(tmp_path / "project")
    docs = config.parent / "docs"
    assert _build(config, tmp_path / "cold")[1] > 0             # every page checked and kept
    old = _break(docs)
    reports = []
    for cache in ("on", "off"):
        result = run_mkdocs_build(config, tmp_path / f"failing-{cache}", {session.ENV_SWITCH: cache})
        assert result.returncode != 0
        reports.append(_report(result))
    assert reports[0] == reports[1]
    assert any(line.startswith(f"docs/{BROKEN}:3:") and ": fm.yaml " in line for line in reports[0])
    assert any(line.startswith(f"docs/{EDITED}:") and ": text.halfwidth [警告]" in line for line in reports[0])
    assert reports[0][-1].startswith("构建失败：共 2 个问题，涉及 2 个文件")
    for rel, data in old.items():
        (docs / rel).write_bytes(data)
    reused, computed = _build(config, tmp_path / "restored")    # the failing build kept nothing wrong
    assert computed == 0 and reused > 0
    assert _differences(tmp_path / "cold", tmp_path / "restored") == []


REMOVED = "speeches/2021/2021-8e8c839b-2.md"


def test_a_build_over_the_last_site_leaves_exactly_what_an_uncached_build_writes(tmp_path):
    """The cached build writes over site/ instead of emptying it (buildcache.site_dir): a
    removed speech's page and a stray file are gone, a dot entry stays, the rest is what a
    build without the cache writes into an empty folder."""
    config = _project(tmp_path / "project")
    docs, site = config.parent / "docs", tmp_path / "site"
    assert _build(config, site)[1] > 0
    removed_page = site / REMOVED.removesuffix(".md") / "index.html"
    assert removed_page.is_file()
    (site / "stray" / "deep").mkdir(parents=True)
    (site / "stray" / "deep" / "old.html").write_text("旧文件", encoding="utf-8")
    (site / ".keep").write_text("部署工具的文件", encoding="utf-8")
    (docs / REMOVED).unlink()
    _add(docs)
    reused, computed = _build(config, site)
    assert reused > 0 and computed > 0
    assert not removed_page.exists() and not removed_page.parent.exists()
    assert not (site / "stray").exists()
    assert (site / ".keep").read_text(encoding="utf-8") == "部署工具的文件"
    (site / ".keep").unlink()
    assert _build(config, tmp_path / "uncached", cache=False) is None
    assert _differences(site, tmp_path / "uncached") == []
