"""The editor guide's page tasks done as the guide says, then the build `make build` runs:
fix an undated speech's year and move it into its year's folder, retire one speech by deleting
its page and another with `safety-month remove`, create a 五进 article and a speech with
`safety-month new` and fill in the optional fields by uncommenting them, put an image and an
attachment next to the article and link them. Then: `safety-month check` passes, the import
`make build` runs creates nothing again, the strict build passes, the moved speech is at its
new address, the retired ones are nowhere in the site, and the image and the attachment are
in site/ where the article's links point.

Runs in a temporary copy of the project (scripts/ linked: mkdocs.yml names hooks by path).
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from safety_month import campaign
from safety_month.importer.identity import owner_of
from tests.conftest import ROOT, run_mkdocs_build

BIN = Path(sys.executable).parent


def sm(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore::DeprecationWarning")
    return subprocess.run([str(BIN / "safety-month"), *argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def copy_project(dest: Path) -> None:
    for name in ("mkdocs.yml", "mkdocs.preview.yml"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("overrides", "docs", "sources"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("*.bak"))
    (dest / "scripts").symlink_to(ROOT / "scripts")


def page_of(speeches: Path, source_name: str) -> Path:
    """The page made from sources/<source_name> (found by what its front matter names)."""
    found = [p for p in speeches.rglob("*.md")
             if (owner := owner_of(p.read_text(encoding="utf-8"))) and owner.source_file == f"sources/{source_name}"]
    assert len(found) == 1, found
    return found[0]


def png(width: int, height: int) -> bytes:
    rows = b"".join(b"\x00" + b"\xc0\x30\x30" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def fix_year(page: Path, year: int) -> Path:
    """The guide's 'fix a year': year, year_reason, edition and theme, then into docs/speeches/<year>/."""
    camp = campaign.by_year(year)
    text = page.read_text(encoding="utf-8")
    fields = (f'year: {year}\nyear_reason: "文中提到响水“3·21”特别重大爆炸事故（2019年3月21日）"\n'
              f'edition: {camp.edition}\ntheme: "{camp.theme}"\n')
    text, n = re.subn(r"^(kind: .*\n)", lambda m: m.group(1) + fields, text, count=1, flags=re.M)
    assert n == 1
    target = page.parent.parent / str(year) / page.name
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, encoding="utf-8")
    page.unlink()
    return target


def uncomment(path: Path) -> None:
    path.write_text(re.sub(r"^# (?=[a-z_]+: )", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")


def test_guide_tasks_then_the_build(tmp_path):
    build_recipe = re.search(r"^build:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert "safety-month import --brief sources/" in build_recipe.group(1)   # what this test runs
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    speeches = project / "docs" / "speeches"

    moved = fix_year(page_of(speeches, "004_f5891a29fcc1c762.txt"), 2019)
    deleted = page_of(speeches, "003_76533f23ec9cc237.txt")
    deleted.unlink()
    removed = page_of(speeches, "000_3cb2acb485c3cde3.txt")
    result = sm("remove", str(removed.relative_to(project)), cwd=project)
    assert result.returncode == 0 and not removed.exists(), result.stderr

    article = project / sm("new", "wujin", "企业开展安全生产月活动掠影", "--audience", "企业", "--date", "2025-06-10",
                           cwd=project).stdout.strip()
    speech = project / sm("new", "speech", "在全区安全生产月动员会上的讲话", "--year", "2023", cwd=project).stdout.strip()
    for page in (article, speech):
        uncomment(page)
    (article.parent / "huodong.png").write_bytes(png(4, 3))
    (article.parent / "tongzhi.pdf").write_bytes(b"%PDF-1.4\n% test\n")
    with article.open("a", encoding="utf-8") as fh:
        fh.write("\n![企业员工参加应急演练](huodong.png)\n\n活动通知全文见附件：[活动通知（PDF）](tongzhi.pdf)。\n")

    first = sm("import", "--brief", "sources/", cwd=project)
    assert first.returncode == 0, first.stderr
    assert "删除即撤下" in first.stdout and "手改保留 2019/" in first.stdout
    second = sm("import", "--brief", "sources/", cwd=project)
    assert second.stdout.strip().splitlines() == ["导入：原稿 5 个；没有页面变化（完整报告：safety-month import sources/）"]
    assert not deleted.exists() and not removed.exists() and moved.is_file()
    assert not list((speeches / "undated").glob("*.md"))
    check = sm("check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr

    site = tmp_path / "site"
    build = run_mkdocs_build(project / "mkdocs.yml", site)
    assert build.returncode == 0, build.stderr[-4000:]
    assert (site / "speeches" / "2019" / moved.stem / "index.html").is_file()
    assert (site / "speeches" / "2023" / speech.stem / "index.html").is_file()
    html = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    for gone in (deleted, removed):       # (the editor guide's examples name seed pages: not a listing)
        assert [p for p, text in html.items() if (gone.stem in text or gone.stem in p.as_posix())
                and not p.is_relative_to(site / "guide")] == []
    # the image and the attachment: copied next to the article's page, and its links reach them
    rel = article.relative_to(project / "docs").with_suffix("")
    page_html = html[site / rel / "index.html"]
    image = re.search(r'<img alt="企业员工参加应急演练" src="([^"]+)"', page_html)
    link = re.search(r'<a href="([^"]+)">活动通知（PDF）</a>', page_html)
    assert image and link, page_html[-3000:]
    for href, data in ((image.group(1), png(4, 3)), (link.group(1), b"%PDF-1.4\n% test\n")):
        target = posixpath.normpath(posixpath.join(rel.as_posix(), href))
        assert (site / target).read_bytes() == data
