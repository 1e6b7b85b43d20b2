"""A page belongs to its source, wherever it is (issue 17 item 1), with the real stages on two
seeds: a moved page is updated at its new place or left alone, never created again; a retired
speech (by `safety-month remove` or by deleting the page) does not come back on the next
import, nor on the import `make build` runs; an edited page is reported once, with its
current title; `safety-month diff` shows what an import would change and writes nothing; and
no edit, in any front-matter field or in the body, is ever overwritten.

"A newer importer" is simulated by a render stage that adds a paragraph: without it an
unedited page would be "unchanged" and nothing would prove that it is updated.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from safety_month import cli
from safety_month.importer import pipeline, retired
from safety_month.pages import contract
from tests import paths

SEEDS = paths.ROOT / "sources"
UNDATED_SEED = "004_f5891a29fcc1c762.txt"     # one undated speech
PARTS_SEED = "002_7de4ea19178481f7.txt"       # a compilation: two speeches of 2021
REAL = pipeline.default_pipeline()
NEWER = "新版导入程序加上的一段。"


def newer_pipeline(extra: str = NEWER):
    def render(*args):
        page = REAL.render_page(*args)
        return dataclasses.replace(page, text=contract.set_hash(page.text + f"\n{extra}\n"))
    return REAL._replace(render_page=render)


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    (tmp_path / "sources").mkdir()
    for name in (UNDATED_SEED, PARTS_SEED):
        shutil.copy2(SEEDS / name, tmp_path / "sources" / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pipeline, "default_pipeline", lambda: REAL)
    assert cli.main(["import", "sources"]) == 0
    return tmp_path


def speeches(project: Path) -> Path:
    return project / "docs" / "speeches"


def pages(project: Path) -> dict[str, bytes]:
    return {p.relative_to(speeches(project)).as_posix(): p.read_bytes()
            for p in speeches(project).rglob("*.md")}


def run_import(monkeypatch, capsys, *args, pipe=None) -> str:
    monkeypatch.setattr(pipeline, "default_pipeline", lambda: pipe or REAL)
    capsys.readouterr()
    assert cli.main(["import", *args, "sources"]) == 0
    return capsys.readouterr().out


def undated_page(project: Path) -> Path:
    return next((speeches(project) / "undated").glob("undated-*.md"))


# --- moving ---------------------------------------------------------------------------------

@pytest.mark.parametrize("new_place", ["undated/区里/renamed.md", "2021/moved-here.md"])
def test_unedited_moved_page_is_updated_at_its_new_place(project, monkeypatch, capsys, new_place):
    page = undated_page(project)
    target = speeches(project) / new_place
    target.parent.mkdir(parents=True, exist_ok=True)
    page.rename(target)
    before = set(pages(project))
    out = run_import(monkeypatch, capsys, pipe=newer_pipeline())
    assert set(pages(project)) == before                 # nothing created again, nothing moved back
    assert target.read_text(encoding="utf-8").endswith(f"{NEWER}\n")
    assert f"更新  {new_place}" in out
    assert not contract.is_hand_edited(target.read_text(encoding="utf-8"))


def test_edited_page_moved_into_its_year_folder_is_left_alone(project, monkeypatch, capsys):
    """The guide's task: write year and year_reason, move the page into the year's folder."""
    page = undated_page(project)
    text, n = re.subn(r"^(title: .*\n)", lambda m: m.group(1) + 'year: 2019\n'
                      'year_reason: "编辑核对：文中提到响水“3·21”事故"\n', page.read_text(encoding="utf-8"),
                      count=1, flags=re.M)
    assert n == 1
    target = speeches(project) / "2019" / page.name
    target.parent.mkdir()
    target.write_text(text, encoding="utf-8")
    page.unlink()
    before = pages(project)
    run_import(monkeypatch, capsys, pipe=newer_pipeline())
    run_import(monkeypatch, capsys, "--brief")
    assert pages(project) == before                     # byte for byte, and no undated copy
    assert not (speeches(project) / "undated").exists() or not list((speeches(project) / "undated").glob("*.md"))
    assert not (project / "sources" / "retired.yml").exists()    # a move is not a retirement


def test_the_importers_own_page_follows_a_new_year_but_an_editors_placement_stays(project, monkeypatch, capsys):
    page = undated_page(project)
    def in_2019(speech, raw):
        return "2019/" + REAL.page_relpath(speech, raw).split("/")[1].replace("undated-", "2019-")
    out = run_import(monkeypatch, capsys, pipe=REAL._replace(page_relpath=in_2019))
    assert not page.exists() and (speeches(project) / "2019" / page.name.replace("undated-", "2019-")).is_file()
    assert "移到" in out
    # the editor puts it back where they want it: the importer does not move it again
    moved = speeches(project) / "2019" / page.name.replace("undated-", "2019-")
    mine = speeches(project) / "2019" / "mine.md"
    moved.rename(mine)
    run_import(monkeypatch, capsys, pipe=REAL._replace(page_relpath=lambda s, r: "2020/x-" + in_2019(s, r).split("/")[1]))
    # (the compilation's pages, still at the importer's places, do move: they are its own)
    assert mine.is_file() and not (speeches(project) / "2020" / f"x-{moved.name}").exists()
    assert len(list((speeches(project) / "2020").glob("x-2021-*.md"))) == 2


# --- retiring -------------------------------------------------------------------------------

def test_deleting_a_page_retires_it_for_import_and_the_build_path(project, monkeypatch, capsys):
    page = undated_page(project)
    title = re.search(r'^title: "?(.*?)"?$', page.read_text(encoding="utf-8"), re.M).group(1)
    page.unlink()
    out = run_import(monkeypatch, capsys)
    assert not page.exists() and "删除即撤下" in out
    listed = retired.load(project / "sources" / "retired.yml")
    assert [(e.source_file, e.part) for e in listed] == [(f"sources/{UNDATED_SEED}", None)]
    assert title in (project / "sources" / "retired.yml").read_text(encoding="utf-8")
    # the import `make build` and `make serve` run, as a separate process (Makefile: --brief sources/)
    done = subprocess.run([str(Path(sys.executable).parent / "safety-month"), "import", "--brief", "sources/"],
                          cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not page.exists()
    assert done.stdout.strip().splitlines() == [
        "导入：原稿 2 个；没有页面变化（完整报告：safety-month import sources/）"]


def test_remove_command_retires_and_deleting_the_entry_brings_it_back(project, monkeypatch, capsys):
    page = undated_page(project)
    relative = page.relative_to(project).as_posix()
    assert cli.main(["remove", relative]) == 0
    out = capsys.readouterr().out
    assert not page.exists() and "已撤下" in out and "sources/retired.yml" in out
    assert not list(page.parent.glob(".*.bak"))             # unedited: nothing to keep
    run_import(monkeypatch, capsys, "--brief")
    run_import(monkeypatch, capsys, pipe=newer_pipeline())
    assert not page.exists()
    # restore: the entry deleted from the list (the header comments kept)
    (project / "sources" / "retired.yml").write_text(retired.HEADER, encoding="utf-8")
    out = run_import(monkeypatch, capsys)
    assert page.is_file() and "新建" in out


def test_remove_of_an_edited_page_keeps_a_backup_and_one_part_only(project, monkeypatch, capsys):
    part2 = next((speeches(project) / "2021").glob("*-2.md"))
    edited = part2.read_text(encoding="utf-8") + "\n编辑补充的一段。\n"
    part2.write_text(edited, encoding="utf-8")
    assert cli.main(["remove", str(part2)]) == 0
    backup = part2.with_name(f".{part2.name}.bak")
    assert backup.read_text(encoding="utf-8") == edited and "备份" in capsys.readouterr().out
    run_import(monkeypatch, capsys, pipe=newer_pipeline())
    assert not part2.exists()
    part1 = next((speeches(project) / "2021").glob("*-1.md"))
    assert part1.read_text(encoding="utf-8").endswith(f"{NEWER}\n")     # the other speech is not retired


def test_remove_refuses_a_page_written_by_hand(project, capsys):
    hand = speeches(project) / "2021" / "hand.md"
    hand.write_text('---\ntitle: 手工\nkind: speech\nyear: 2021\n---\n\n正文\n', encoding="utf-8")
    assert cli.main(["remove", str(hand)]) == 1
    err = capsys.readouterr().err
    assert "不是导入生成的页面" in err and "hand.md" in err
    assert hand.is_file() and not (project / "sources" / "retired.yml").exists()


def test_an_unreadable_retired_list_stops_the_import_with_its_place(project, monkeypatch, capsys):
    page = undated_page(project)
    page.unlink()
    (project / "sources" / "retired.yml").write_text(retired.HEADER + "- source_file: [\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "default_pipeline", lambda: REAL)
    assert cli.main(["import", "sources"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"sources/retired\.yml:\d+: 格式有误", err) and "导入未进行" in err
    assert not page.exists()


# --- edited pages ---------------------------------------------------------------------------

def test_an_edited_page_is_reported_once_with_its_current_title(project, monkeypatch, capsys):
    page = undated_page(project)
    text = page.read_text(encoding="utf-8")
    line = re.search(r'^title: .*$', text, re.M).group(0)
    old_title = line[len("title: "):].strip('"')
    page.write_text(text.replace(line, 'title: 编辑改过的标题', 1), encoding="utf-8")
    first = run_import(monkeypatch, capsys, "--brief", pipe=newer_pipeline())
    assert "编辑改过的标题" in first and old_title not in first
    assert f"safety-month diff docs/speeches/undated/{page.name}" in first
    assert "--force" not in first and "未覆盖" not in first
    again = run_import(monkeypatch, capsys, pipe=newer_pipeline())       # `make import`: listed, no hint
    assert f"手改保留  undated/{page.name}  《编辑改过的标题》" in again and "提示" not in again and "diff" not in again
    brief = run_import(monkeypatch, capsys, "--brief", pipe=newer_pipeline())   # every build: silent
    assert brief.strip().splitlines() == ["导入：原稿 2 个；没有页面变化（完整报告：safety-month import sources）"]
    # a newer fresh page (a corrected source, a better importer) is news again: reported once more
    assert "编辑改过的标题" in run_import(monkeypatch, capsys, "--brief", pipe=newer_pipeline("又一版。"))
    assert "编辑改过的标题" not in run_import(monkeypatch, capsys, "--brief", pipe=newer_pipeline("又一版。"))


def test_diff_shows_what_an_import_would_change_and_writes_nothing(project, monkeypatch, capsys):
    page = undated_page(project)
    text = page.read_text(encoding="utf-8")
    edited = text.replace("同志们：", "同志们、朋友们：", 1)
    page.write_text(edited, encoding="utf-8")
    files = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    capsys.readouterr()
    relative = page.relative_to(project).as_posix()
    assert cli.main(["diff", relative]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"--- {relative}（现在的页面）" and out[1] == f"+++ {relative}（重新导入的结果）"
    assert "-同志们、朋友们：" in out and "+同志们：" in out
    assert [line for line in out if line[:1] in "+-" and not line.startswith(("+++", "---"))] == \
        ["-同志们、朋友们：", "+同志们："]
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == files
    # an unchanged page: no difference; a page without a source: a clear error
    part1 = next((speeches(project) / "2021").glob("*-1.md"))
    assert cli.main(["diff", str(part1)]) == 0 and "没有差异" in capsys.readouterr().out
    hand = speeches(project) / "2021" / "hand.md"
    hand.write_text("---\ntitle: 手工\n---\n\n正文\n", encoding="utf-8")
    assert cli.main(["diff", str(hand)]) == 1 and "不是导入生成的页面" in capsys.readouterr().err


def _variants(text: str):
    """(name, edited page) for an edit of every front-matter line and of the body."""
    lines = text.split("\n")
    close = lines.index("---", 1)
    for number in range(1, close):
        line = lines[number]
        if not line.strip():
            continue
        if line.endswith('"'):
            changed = line[:-1] + '改"'                  # a text value
        elif re.search(r"\d$", line):
            changed = line + "9"                         # a number (year, part, line, count)
        else:
            changed = line + "  # 编辑的注释"             # a key of a list or mapping
        yield f"front matter line {number + 1}: {line[:30]}", "\n".join(lines[:number] + [changed] + lines[number + 1:])
        yield f"front matter line {number + 1} deleted", "\n".join(lines[:number] + lines[number + 1:])
    body = close + 2
    yield "a body paragraph changed", "\n".join(lines[:body] + [lines[body] + "编辑补充。"] + lines[body + 1:])
    yield "a body paragraph added", text + "\n编辑新写的一段。\n"
    yield "the body cut", "\n".join(lines[:body + 3]) + "\n"


def test_no_editor_text_is_ever_lost(project, monkeypatch, capsys):
    page = undated_page(project)
    original = page.read_text(encoding="utf-8")
    variants = list(_variants(original))
    assert len(variants) > 30, len(variants)
    record = speeches(project) / ".imported.yml"
    state = record.read_bytes()
    lost = []
    for name, edited in variants:
        for where in (page, speeches(project) / "2019" / page.name):     # in place, and moved
            record.write_bytes(state)                                    # each edit from the same start
            (project / "sources" / "retired.yml").unlink(missing_ok=True)
            for path in speeches(project).rglob("*.md"):
                if path.parent.name in ("undated", "2019"):
                    path.unlink()
            where.parent.mkdir(exist_ok=True)
            where.write_text(edited, encoding="utf-8")
            run_import(monkeypatch, capsys, "--brief", pipe=newer_pipeline())
            run_import(monkeypatch, capsys, pipe=newer_pipeline())
            if where.read_text(encoding="utf-8") != edited:
                lost.append((name, where.parent.name))
            extra = [p for p in speeches(project).rglob("*.md") if p.parent.name in ("undated", "2019") and p != where]
            if extra:
                lost.append((name, where.parent.name, "created again", extra))
            if where == page and (project / "sources" / "retired.yml").exists():
                # at its recorded place a page stays its source's page, whatever fields were edited
                lost.append((name, "taken for deleted"))
    assert lost == []
