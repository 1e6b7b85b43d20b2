"""Plans of unchanged sources are reused by the next import (importer.plan_memo): the same
pages, statuses and report, with no source cleaned or structured again; a source whose bytes
or name changed is planned again, and placing still sees an editor's hand edit."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from safety_month.buildcache.store import Store
from safety_month.importer import pipeline, store
from safety_month.importer.pipeline import import_paths
from safety_month.importer.plan_memo import PlanMemo
from tests import paths

SOURCES = sorted(p for p in (paths.ROOT / "sources").iterdir() if p.suffix in (".txt", ".html", ".docx"))[:3]


@pytest.fixture
def project(tmp_path):
    (tmp_path / "sources").mkdir()
    for src in SOURCES:
        shutil.copy2(src, tmp_path / "sources" / src.name)
    return tmp_path


def _run(project, *, planned_again=True, monkeypatch=None):
    table = Store(project / ".cache", "stamp", "imports.sqlite")
    try:
        if not planned_again:
            monkeypatch.setattr(pipeline, "plan_source", lambda *a: pytest.fail("planned an unchanged source again"))
        return import_paths([str(project / "sources")], project / "docs" / "speeches", root=project,
                            plans=PlanMemo(table))
    finally:
        table.commit()
        table.close()
        if monkeypatch is not None:
            monkeypatch.undo()


def _facts(run):
    return [(i.source, i.source_file, i.encoding, i.kind, i.sha256, i.source_url, i.ok,
             [dataclasses.astuple(r) for r in i.rules],
             [(p.path, p.title, p.part, p.status, p.review) for p in i.pages]) for i in run.inputs]


def _pages(project):
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "docs").rglob("*.md")}


def test_an_unchanged_folder_is_not_planned_again_and_reports_the_same(project, monkeypatch):
    assert len(SOURCES) == 3
    first = _run(project)
    pages = _pages(project)
    assert {p.status for i in first.inputs for p in i.pages} == {store.CREATED}
    second = _run(project, planned_again=False, monkeypatch=monkeypatch)
    assert _pages(project) == pages
    expected = [(*row[:8], [(path, title, part, store.UNCHANGED, review) for path, title, part, _, review in row[8]])
                for row in _facts(first)]
    assert _facts(second) == expected
    without = import_paths([str(project / "sources")], project / "docs" / "speeches", root=project)
    assert _facts(without) == _facts(second)


def test_changed_bytes_or_a_new_name_are_planned_again(project, monkeypatch):
    _run(project)
    calls = []
    original = pipeline.plan_source
    monkeypatch.setattr(pipeline, "plan_source", lambda *a: calls.append(a[2]) or original(*a))
    first = project / "sources" / SOURCES[0].name
    first.write_bytes(first.read_bytes() + "\n同志们，谢谢大家。\n".encode("utf-8"))
    second = project / "sources" / SOURCES[1].name
    second.rename(second.with_name("renamed" + second.suffix))
    _run(project)
    assert sorted(calls) == sorted([f"sources/{first.name}", f"sources/renamed{second.suffix}"])


def test_a_hand_edited_page_is_still_left_alone(project, monkeypatch):
    _run(project)
    page = sorted((project / "docs").rglob("*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n编辑补充的一段。\n", encoding="utf-8")
    run = _run(project, planned_again=False, monkeypatch=monkeypatch)
    mine = [p for i in run.inputs for p in i.pages if (project / "docs" / "speeches" / p.path) == page]
    assert [p.status for p in mine] == [store.REFUSED] and "编辑补充的一段" in page.read_text(encoding="utf-8")


def test_an_unreadable_stored_plan_is_planned_again(project):
    _run(project)
    import sqlite3
    db = sqlite3.connect(project / ".cache" / "imports.sqlite")
    db.execute("UPDATE entries SET value = x'00ff'")
    db.commit()
    db.close()
    run = _run(project)
    assert all(i.ok for i in run.inputs) and {p.status for i in run.inputs for p in i.pages} == {store.UNCHANGED}


def test_the_import_command_keeps_the_plans_in_the_project_cache_unless_switched_off(project):
    import os
    import subprocess
    import sys
    from pathlib import Path

    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    cmd = [str(Path(sys.executable).parent / "safety-month"), "import", "--brief", "sources"]
    env = dict(os.environ, SAFETY_MONTH_PAGE_CACHE="off")
    assert subprocess.run(cmd, cwd=project, env=env, capture_output=True).returncode == 0
    assert not (project / ".cache").exists()
    env.pop("SAFETY_MONTH_PAGE_CACHE")
    assert subprocess.run(cmd, cwd=project, env=env, capture_output=True).returncode == 0
    table = Store(project / ".cache", "", "imports.sqlite")
    import sqlite3
    rows = sqlite3.connect(table.path).execute("SELECT COUNT(*) FROM entries WHERE kind = 'plan'").fetchone()[0]
    assert rows == len(SOURCES)


def test_stand_in_stages_never_use_or_fill_the_table(project):
    """Plans are the real stages'; a pipeline of other stages (tests, a changed stage) plans
    afresh and keeps nothing."""
    from tests._import_fakes import FAKE

    _run(project)
    table = Store(project / ".cache", "stamp", "imports.sqlite")
    memo = PlanMemo(table)
    run = import_paths([str(project / "sources")], project / "elsewhere", root=project, pipeline=FAKE, plans=memo)
    assert run.inputs and table.hits == 0 and table.written == 0
    table.close()


def test_plans_of_another_stamp_are_not_read(project, monkeypatch):
    """The first import after a change of the importer's code (a new stamp) plans every
    source again: the table drops the old stamp's plans only when that import commits."""
    _run(project)
    calls = []
    original = pipeline.plan_source
    monkeypatch.setattr(pipeline, "plan_source", lambda *a: calls.append(a[2]) or original(*a))
    table = Store(project / ".cache", "new code", "imports.sqlite")
    try:
        run = import_paths([str(project / "sources")], project / "docs" / "speeches", root=project,
                           plans=PlanMemo(table))
    finally:
        table.close()
    assert sorted(calls) == sorted(f"sources/{src.name}" for src in SOURCES)
    assert {p.status for i in run.inputs for p in i.pages} == {store.UNCHANGED}
