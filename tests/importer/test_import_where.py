"""importer.where resolves a source's folder once per run: the same real path as
os.path.realpath (links of the source, of its folder, relative names), and a folder that
became a link between two runs is resolved again, so the pages name the right source_file
and an editor's page is still left alone."""

from __future__ import annotations

import os
import shutil

import pytest

from safety_month.importer import pipeline, store, where
from safety_month.importer.pipeline import import_paths
from safety_month.importer.placing import _ClaimedByOthers
from tests import paths

SOURCE = sorted(p for p in (paths.ROOT / "sources").iterdir() if p.suffix == ".txt")[0]


def test_realpath_is_os_realpath(tmp_path, monkeypatch):
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    (real / "b.txt").symlink_to(real / "a.txt")
    monkeypatch.chdir(tmp_path)
    where.real_folders_forget()
    for path in ("link/a.txt", "link/b.txt", str(tmp_path / "link" / "a.txt"), "real/missing.txt",
                 "a.txt", "link/../real/a.txt", "link", ".", str(tmp_path / "link" / "b.txt")):
        assert where.realpath(path) == os.path.realpath(path), path


def test_a_folder_linked_between_runs_is_resolved_again(tmp_path):
    project = tmp_path / "project"
    out = project / "docs" / "speeches"
    first = project / "sources" / "in"
    first.mkdir(parents=True)
    shutil.copy2(SOURCE, first / SOURCE.name)
    given = str(project / "sources" / "in")
    run = import_paths([given], out, root=project)
    assert run.inputs[0].source_file == f"sources/in/{SOURCE.name}"
    assert run.inputs[0].pages[0].status == store.CREATED

    # The same folder name now links outside the project: the next run must see it.
    outside = tmp_path / "outside"
    shutil.copytree(first, outside)
    shutil.rmtree(first)
    (project / "sources" / "in").symlink_to(outside, target_is_directory=True)
    page = out / run.inputs[0].pages[0].path
    page.write_text(page.read_text(encoding="utf-8") + "\n编辑加的一句话。\n", encoding="utf-8")
    again = import_paths([given], out, root=project)
    item = again.inputs[0]
    assert item.source_file == f"sources/{SOURCE.name}"                  # outside the project now
    assert any("不在项目的 sources/ 文件夹中" in note for note in item.notes)
    assert "编辑加的一句话" in page.read_text(encoding="utf-8")            # the editor's page stays


def test_claims_of_other_sources_are_the_taken_paths():
    claimed = {"a.md": ("s1", "sha1"), "b.md": ("s2", "sha2")}
    taken = _ClaimedByOthers(claimed, "sha1")
    assert "b.md" in taken and "a.md" not in taken and "c.md" not in taken
    claimed["c.md"] = ("s3", "sha3")          # a claim made later in the run counts at once
    assert "c.md" in taken


@pytest.fixture(autouse=True)
def _forget():
    where.real_folders_forget()
    yield
    where.real_folders_forget()


def test_import_paths_forgets_the_folders_of_the_last_run(monkeypatch, tmp_path):
    where._real_folders[(os.getcwd(), "stale")] = "/nowhere"
    import_paths([str(tmp_path / "none.txt")], tmp_path / "out", root=None, pipeline=pipeline.default_pipeline())
    assert (os.getcwd(), "stale") not in where._real_folders
