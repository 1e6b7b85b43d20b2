"""Unchanged sources and pages are not read again (importer/seen.py), and nothing else changes:
a source edited in place (same size, mtime set back or moved by a nanosecond) is imported
again, an editor's edit to a page is never overwritten, a deleted page is still retired, and a
page whose stored text is gone is planned again from its source."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from safety_month.buildcache.store import Store
from safety_month.importer import identity, plan_memo, seen, store
from safety_month.importer.pipeline import import_paths
from safety_month.importer.plan_memo import PlanMemo

# The project of three sources of the plan memo's tests (all .txt in UTF-8: edited in place below).
from tests.importer.test_plan_memo import SOURCES, project  # noqa: E402,F401


@pytest.fixture
def settled(monkeypatch):
    """Every file looks older than the racy window (as sources and pages are between two
    builds), so the statuses are kept; the tests that edit within the window use the clock."""
    monkeypatch.setattr(seen, "_now_ns", lambda: time.time_ns() + 60 * 10**9)


def _run(project, **kwargs):
    table = Store(project / ".cache", "stamp", "imports.sqlite")
    try:
        return import_paths([str(project / "sources")], project / "docs" / "speeches", root=project,
                            plans=PlanMemo(table), **kwargs)
    finally:
        table.commit()
        table.close()


def _statuses(run):
    return {p.path: p.status for i in run.inputs for p in i.pages}


def _pages(project):
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "docs").rglob("*.md")}


def _facts(run):
    return [(i.source, i.source_file, i.encoding, i.kind, i.sha256, i.source_url, i.ok, i.error,
             [(r.rule, r.count, list(r.examples)) for r in i.rules],
             [(p.path, p.title, p.part, p.status, p.backup, p.review) for p in i.pages], i.stale, i.notes)
            for i in run.inputs]


def _no_reading(monkeypatch):
    monkeypatch.setattr(PlanMemo, "_bytes", staticmethod(lambda *a: pytest.fail("read a source")))
    monkeypatch.setattr(identity, "owner_of", lambda *a: pytest.fail("read a page's front matter"))
    monkeypatch.setattr(store, "write_page", lambda *a, **k: pytest.fail("read a page to compare it"))


def _same_size_edit(path, old: str, new: str, *, mtime_shift_ns: int) -> None:
    """Edit a file in place keeping its size, then set its mtime back (shift 0) or to one a
    few nanoseconds off: what a quick second save in the same second can leave."""
    before = os.stat(path)
    data = path.read_bytes()
    assert old.encode() in data and len(old.encode()) == len(new.encode())
    with open(path, "r+b") as handle:    # in place: the same inode
        handle.write(data.replace(old.encode(), new.encode(), 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + mtime_shift_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_ino) == (before.st_size, before.st_ino)
    assert after.st_mtime_ns == before.st_mtime_ns + mtime_shift_ns


def test_an_unchanged_folder_reads_no_source_and_no_page_and_reports_the_same(project, settled, monkeypatch):
    first = _run(project)
    pages = _pages(project)
    _run(project)                                   # notes the pages it finds
    _no_reading(monkeypatch)
    third = _run(project)
    monkeypatch.undo()
    assert set(_statuses(third).values()) == {store.UNCHANGED} and _pages(project) == pages
    without = import_paths([str(project / "sources")], project / "docs" / "speeches", root=project)
    assert _facts(third) == _facts(without)
    assert [f[:7] for f in _facts(first)] == [f[:7] for f in _facts(third)]


@pytest.mark.parametrize("mtime_shift_ns", [0, 1, 999])
@pytest.mark.parametrize("clock", ["real", "settled"])
def test_a_source_edited_in_place_with_the_same_size_is_imported_again(project, monkeypatch, clock, mtime_shift_ns):
    if clock == "settled":
        monkeypatch.setattr(seen, "_now_ns", lambda: time.time_ns() + 60 * 10**9)
    _run(project)
    _run(project)
    source = project / "sources" / SOURCES[0].name
    time.sleep(0.05) if clock == "settled" else None   # the edit falls in a later tick of the ctime
    _same_size_edit(source, "工作", "任务", mtime_shift_ns=mtime_shift_ns)
    run = _run(project)
    mine = [p for i in run.inputs if i.source_file == f"sources/{source.name}" for p in i.pages]
    assert mine and {p.status for p in mine} == {store.UPDATED}
    page = project / "docs" / "speeches" / mine[0].path
    fresh = import_paths([str(source)], project / "fresh", root=project)
    assert page.read_bytes() == (project / "fresh" / fresh.inputs[0].pages[0].path).read_bytes()
    again = _run(project)
    assert {p.status for i in again.inputs for p in i.pages} == {store.UNCHANGED}


@pytest.mark.parametrize("mtime_shift_ns", [0, 1])
def test_an_editors_edit_to_a_page_is_never_overwritten(project, settled, monkeypatch, mtime_shift_ns):
    _run(project)
    _run(project)                                   # the pages' statuses are known now
    page = sorted((project / "docs" / "speeches").rglob("*.md"))[0]
    rel = page.relative_to(project / "docs" / "speeches").as_posix()
    time.sleep(0.05)
    _same_size_edit(page, "工作", "任务", mtime_shift_ns=mtime_shift_ns)
    edited = page.read_bytes()
    first = _run(project)
    assert _statuses(first)[rel] == store.REFUSED and page.read_bytes() == edited
    later = _run(project)                           # known by status now: not read, still the editor's
    assert _statuses(later)[rel] == "kept" and page.read_bytes() == edited
    forced = _run(project, force=True)              # --force still replaces it, after a backup
    assert _statuses(forced)[rel] == store.FORCED
    assert (page.parent / f".{page.name}.bak").read_bytes() == edited and page.read_bytes() != edited


def test_an_editor_saving_the_same_bytes_again_changes_nothing(project, settled):
    _run(project)
    _run(project)
    page = sorted((project / "docs" / "speeches").rglob("*.md"))[0]
    time.sleep(0.05)
    page.write_bytes(page.read_bytes())             # touched: a new ctime, the same bytes
    run = _run(project)
    assert set(_statuses(run).values()) == {store.UNCHANGED}


def test_a_deleted_page_is_still_retired(project, settled):
    _run(project)
    _run(project)
    page = sorted((project / "docs" / "speeches").rglob("*.md"))[0]
    rel = page.relative_to(project / "docs" / "speeches").as_posix()
    page.unlink()
    run = _run(project)
    assert _statuses(run)[rel] == "removed" and not page.exists()
    assert rel in (project / "sources" / "retired.yml").read_text(encoding="utf-8")


def test_a_page_to_write_whose_stored_text_is_gone_is_planned_again(project, settled):
    _run(project)
    _run(project)
    pages = _pages(project)
    page = sorted((project / "docs" / "speeches").rglob("*.md"))[0]
    page.unlink()
    (project / "docs" / "speeches" / ".imported.yml").unlink()   # no record: the page is made again
    db = sqlite3.connect(project / ".cache" / "imports.sqlite")
    assert db.execute("UPDATE entries SET value = x'00ff' WHERE kind = ?", (plan_memo.KIND,)).rowcount == len(SOURCES)
    db.commit()
    db.close()
    run = _run(project)
    assert all(i.ok for i in run.inputs) and _pages(project) == pages
    assert sorted(_statuses(run).values()).count(store.CREATED) == 1


def test_a_source_changed_while_its_page_text_was_needed_is_an_error_naming_it(project, settled, monkeypatch):
    """The page's text is not in the table and the source planned again gives another page:
    the source fails with a message naming it, nothing is written."""
    _run(project)
    _run(project)
    page = sorted((project / "docs" / "speeches").rglob("*.md"))[0]
    page.unlink()
    (project / "docs" / "speeches" / ".imported.yml").unlink()
    real = PlanMemo.page_text
    monkeypatch.setattr(PlanMemo, "page_text", lambda self, key, index, sha, replan: real(self, key, index, "0" * 64, replan))
    run = _run(project)
    failed = [i for i in run.inputs if not i.ok]
    assert len(failed) == 1 and failed[0].source in failed[0].error and "重新导入" in failed[0].error
    assert not page.exists()


def test_a_no_change_import_does_not_load_the_cleaning_rules(project):
    """The stages are imported at their first use (pipeline.default_pipeline): an import of
    unchanged sources never needs the cleaning rules (a third of its time)."""
    import subprocess
    import sys

    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    code = ("import sys\nfrom safety_month import cli\nrc = cli.main(['import', '--brief', 'sources'])\n"
            "print(rc, 'safety_month.importer.clean' in sys.modules)")
    outputs = [subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True).stdout
               for _ in range(2)]
    assert outputs[0].splitlines()[-1] == "0 True"      # the first import cleans every source
    assert outputs[1].splitlines()[-1] == "0 False"


def test_a_status_from_within_the_racy_window_is_never_kept(monkeypatch):
    """A file written in the same timestamp tick after it was read would keep its status: a
    status whose mtime or ctime is within RACY_NS of the run's start is not kept."""
    now = 10**18
    monkeypatch.setattr(seen, "_now_ns", lambda: now)
    old = now - seen.RACY_NS - 1
    for mtime, ctime, kept in [(old, old, True), (now - 1, old, False), (old, now - 1, False),
                               (old, now - seen.RACY_NS, False), (old, now + 5, False)]:
        record = seen.Seen()
        stat = (10, mtime, ctime, 1, 2)
        record.note_source("s.txt", "sources/s.txt", stat, "key", ([], [], []))
        record.note_page("a.md", stat, seen.PageSeen(None, "0" * 64, False))
        later = seen.Seen(record.state(lambda name: True))
        assert (later.source("s.txt", "sources/s.txt", stat) is not None) is kept
        assert (later.page("a.md", stat) is not None) is kept
        assert later.source("s.txt", "sources/s.txt", (11, *stat[1:])) is None    # another status


def test_the_import_record_is_read_from_the_last_import_only_for_the_very_same_text(project, settled, monkeypatch):
    from safety_month.importer import ledger

    _run(project)
    _run(project)
    out = project / "docs" / "speeches"
    table = Store(project / ".cache", "stamp", "imports.sqlite")
    memo = PlanMemo(table)
    known = memo.begin(out)
    parsed = ledger.load(out)                                    # PyYAML's reading
    monkeypatch.setattr(ledger, "_entries", lambda text: pytest.fail("parsed the same record again"))
    same = ledger.load(out, known)
    assert list(same.entries.items()) == list(parsed.entries.items()) and same.save() is False
    monkeypatch.undo()
    record = out / ledger.LEDGER_FILE
    text = record.read_text(encoding="utf-8")
    first = parsed._sorted()[0]
    record.write_text(text.replace(first.page, "2099/moved-by-hand.md"), encoding="utf-8")   # an edit by hand
    edited = ledger.load(out, known)
    assert edited.find(first.source_sha256, first.source_file, first.part).page == "2099/moved-by-hand.md"
    table.close()
