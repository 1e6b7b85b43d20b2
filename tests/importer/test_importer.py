"""Import orchestration with stand-in stages (tests/_import_fakes.py), and end to end on the
seeds with the real stages once they exist."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from safety_month.importer import pipeline as importer, store
from safety_month.pages import reader
from safety_month.importer.pipeline import default_pipeline, expand_inputs, import_paths, plan_source
from safety_month.importer.model import RuleReport
from safety_month.importer.read import read_source_with_reports
from tests._import_fakes import FAKE, PART_MARK, fake_render
from tests import paths

ROOT = paths.ROOT
SEEDS = ROOT / "sources"
SPEECH = "在全区安全生产工作会议上的讲话\n同志们：\n今年是全国第20个“安全生产月”。\n一是压实责任。"


def make_sources(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def statuses(run):
    return [(page.path, page.status) for item in run.inputs for page in item.pages]


def test_plan_is_pure_and_deterministic(tmp_path):
    path = make_sources(tmp_path, {"a.txt": SPEECH + "\x00广告"}) / "a.txt"
    raw, reports = read_source_with_reports(path)
    first = plan_source(raw, reports, "sources/a.txt", FAKE)
    second = plan_source(raw, reports, "sources/a.txt", FAKE)
    assert [p.text for p in first.pages] == [p.text for p in second.pages]
    assert list(tmp_path.iterdir()) == [path]      # nothing written
    # read-stage reports go first and reach the page's import_changes
    assert [r.rule for r in first.cleaned.reports][:1] == ["read.control_chars"]
    assert "read.control_chars: 1" in first.pages[0].text
    assert "fake.ads: 1" in first.pages[0].text


def test_review_lines_come_from_the_written_page(tmp_path):
    path = make_sources(tmp_path, {"a.txt": SPEECH}) / "a.txt"
    raw, reports = read_source_with_reports(path)
    page = plan_source(raw, reports, "sources/a.txt", FAKE).pages[0]
    assert page.review == [{"line": page.review[0]["line"], "rule": "fake.check", "message": "请核对标题"}]
    assert 1 <= page.review[0]["line"] <= page.text.count("\n") + 1


def test_folder_expansion_sorted_recursive_hidden_skipped(tmp_path):
    make_sources(tmp_path / "in", {"b.txt": "乙", "a.txt": "甲", "sub/c.txt": "丙", ".hidden.txt": "隐",
                                   ".git/x.txt": "隐", "sub/.d.txt": "隐"})
    found = [Path(p).relative_to(tmp_path / "in").as_posix() for p in expand_inputs([str(tmp_path / "in")])]
    assert found == ["a.txt", "b.txt", "sub/c.txt"]
    # the same file given twice is imported once; missing paths are kept to be reported
    again = expand_inputs([str(tmp_path / "in" / "a.txt"), str(tmp_path / "in"), "missing.txt"])
    assert [Path(p).name for p in again] == ["a.txt", "b.txt", "c.txt", "missing.txt"]


def test_bad_inputs_fail_alone(tmp_path):
    src = make_sources(tmp_path / "src", {"1.txt": SPEECH, "2.doc": b"\xd0\xcf\x11\xe0", "3.txt": b"",
                                          "4.txt": SPEECH + "\n第二篇不同"})
    run = import_paths([str(src)], tmp_path / "out", pipeline=FAKE)
    assert [item.ok for item in run.inputs] == [True, False, False, True]
    assert "不支持的文件类型 .doc" in run.inputs[1].error
    assert run.inputs[1].error.startswith(str(src / "2.doc"))
    assert "空" in run.inputs[2].error
    assert len(list((tmp_path / "out").rglob("*.md"))) == 2


def test_reimport_unchanged_then_improved_then_edited(tmp_path):
    src = make_sources(tmp_path / "src", {"a.txt": SPEECH})
    out = tmp_path / "out"
    first = import_paths([str(src)], out, pipeline=FAKE)
    assert [s for _, s in statuses(first)] == [store.CREATED]
    page_path = out / first.inputs[0].pages[0].path
    before = page_path.read_bytes()

    assert [s for _, s in statuses(import_paths([str(src)], out, pipeline=FAKE))] == [store.UNCHANGED]
    assert page_path.read_bytes() == before

    def improved_render(*args):
        page = fake_render(*args)
        return dataclasses.replace(page, text=page.text + "改进后多出的一段\n")

    improved = FAKE._replace(render_page=improved_render)
    assert [s for _, s in statuses(import_paths([str(src)], out, pipeline=improved))] == [store.UPDATED]

    page_path.write_text(page_path.read_text(encoding="utf-8") + "编辑补充\n", encoding="utf-8")
    refused = import_paths([str(src)], out, pipeline=FAKE)
    assert refused.inputs[0].ok and [s for _, s in statuses(refused)] == [store.REFUSED]
    assert "编辑补充" in page_path.read_text(encoding="utf-8")
    forced = import_paths([str(src)], out, pipeline=FAKE, force=True)
    assert [s for _, s in statuses(forced)] == [store.FORCED]
    assert forced.inputs[0].pages[0].backup == f"undated/.{page_path.name}.bak"
    assert "编辑补充" in (page_path.parent / f".{page_path.name}.bak").read_text(encoding="utf-8")


def test_stale_pages_are_reported_not_deleted(tmp_path):
    root = tmp_path
    (root / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    src = make_sources(root / "sources", {"a.txt": SPEECH + PART_MARK + "第二篇\n正文"})
    out = root / "docs" / "speeches"
    first = import_paths([str(src)], out, root=root, pipeline=FAKE)
    old_pages = sorted(p.path for p in first.inputs[0].pages)
    assert len(old_pages) == 2 and first.inputs[0].source_file == "sources/a.txt"
    make_sources(root / "sources", {"a.txt": SPEECH})          # now one speech, new bytes
    second = import_paths([str(src)], out, root=root, pipeline=FAKE)
    assert sorted(second.inputs[0].stale) == old_pages
    assert all((out / p).exists() for p in old_pages)


def test_same_content_twice_is_written_once(tmp_path):
    src = make_sources(tmp_path / "src", {"a.txt": SPEECH, "b.txt": SPEECH})
    run = import_paths([str(src)], tmp_path / "out", pipeline=FAKE)
    assert [p.status for p in run.inputs[1].pages] == ["skipped"]
    assert "内容相同" in run.inputs[1].notes[0]
    assert not run.failed


def test_a_stage_bug_fails_that_input_only(tmp_path):
    src = make_sources(tmp_path / "src", {"a.txt": SPEECH, "b.txt": "炸" + SPEECH})

    def fragile_clean(raw):
        if raw.text.startswith("炸"):
            raise ValueError("boom")
        return FAKE.clean(raw)

    run = import_paths([str(src)], tmp_path / "out", pipeline=FAKE._replace(clean=fragile_clean))
    assert [item.ok for item in run.inputs] == [True, False]
    assert "内部错误" in run.inputs[1].error and "ValueError: boom" in run.inputs[1].error


@pytest.mark.parametrize("relpath", ["../escape.md", "/abs.md", "2021/.hidden.md", "2021/x.txt", "a//b.md"])
def test_render_paths_outside_the_contract_are_refused(tmp_path, relpath):
    src = make_sources(tmp_path / "src", {"a.txt": SPEECH})
    run = import_paths([str(src)], tmp_path / "out",
                       pipeline=FAKE._replace(page_relpath=lambda speech, raw: relpath))
    assert not run.inputs[0].ok and "页面路径" in run.inputs[0].error
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*"))


def test_plan_takes_title_and_review_from_render_without_reading_the_page(tmp_path):
    """The plan reports what render returned; the page text is not parsed again (here it
    says something else on purpose)."""
    src = make_sources(tmp_path / "src", {"a.txt": SPEECH})
    review = [{"line": 7, "rule": "fake.rule", "message": "核对"}]

    def render(*args):
        return dataclasses.replace(fake_render(*args), text="---\ntitle: 别的\n---\n正文\n",
                                   title="渲染给出的标题", review=review)

    run = import_paths([str(src)], tmp_path / "out", pipeline=FAKE._replace(render_page=render))
    assert run.inputs[0].ok, run.inputs[0].error
    assert [(p.title, p.review) for p in run.inputs[0].pages] == [("渲染给出的标题", review)]


def test_source_file_relative_to_root_and_note_outside_sources(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    make_sources(tmp_path, {"sources/2021/a.txt": SPEECH, "inbox/b.txt": SPEECH + "乙"})
    run = import_paths([str(tmp_path / "sources"), str(tmp_path / "inbox")], tmp_path / "out",
                       root=tmp_path, pipeline=FAKE)
    assert [i.source_file for i in run.inputs] == ["sources/2021/a.txt", "inbox/b.txt"]
    assert run.inputs[0].notes == [] and "sources/" in run.inputs[1].notes[0]


def test_find_project_root(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert importer.find_project_root(tmp_path / "a" / "b") == tmp_path.resolve()
    assert importer.find_project_root(Path("/")) is None or (Path("/") / "mkdocs.yml").exists()


def test_no_speech_found_is_an_input_error(tmp_path):
    src = make_sources(tmp_path / "src", {"a.txt": SPEECH})
    run = import_paths([str(src)], tmp_path / "out",
                       pipeline=FAKE._replace(build_speeches=lambda cleaned, raw: []))
    assert "没有识别出讲话正文" in run.inputs[0].error


# --- with the real stages -----------------------------------------------------------------

REAL = default_pipeline()


def test_seeds_end_to_end_deterministic_and_idempotent(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    shutil.copytree(SEEDS, tmp_path / "sources")
    out = tmp_path / "docs" / "speeches"
    first = import_paths([str(tmp_path / "sources")], out, root=tmp_path, pipeline=REAL)
    assert not first.failed, [i.error for i in first.failed]
    assert all(p.status == store.CREATED for i in first.inputs for p in i.pages)
    pages = {p: p.read_bytes() for p in out.rglob("*.md")}
    assert len(pages) >= 5
    for item in first.inputs:
        assert item.source_file.startswith("sources/")
        for page in item.pages:
            text = (out / page.path).read_text(encoding="utf-8")
            meta = reader.fields(text)
            assert meta["source_file"] == item.source_file
            assert meta["source_sha256"] == item.sha256
            n_lines = text.count("\n") + 1
            assert all(1 <= entry["line"] <= n_lines for entry in page.review)
            assert REAL.is_hand_edited(text) is False
    mtimes = {p: p.stat().st_mtime_ns for p in pages}
    second = import_paths([str(tmp_path / "sources")], out, root=tmp_path, pipeline=REAL)
    assert all(p.status == store.UNCHANGED for i in second.inputs for p in i.pages)
    assert {p: p.read_bytes() for p in out.rglob("*.md")} == pages
    assert {p: p.stat().st_mtime_ns for p in pages} == mtimes
    # a fresh import elsewhere gives byte-identical pages
    other = tmp_path / "other"
    import_paths([str(tmp_path / "sources")], other, root=tmp_path, pipeline=REAL)
    assert {p.relative_to(other): p.read_bytes() for p in other.rglob("*.md")} == \
        {p.relative_to(out): b for p, b in pages.items()}


def test_real_hand_edit_detection(tmp_path):
    src = make_sources(tmp_path / "src", {"a.txt": (SEEDS / "004_f5891a29fcc1c762.txt").read_bytes()})
    out = tmp_path / "out"
    run = import_paths([str(src)], out, pipeline=REAL)
    page = out / run.inputs[0].pages[0].path
    page.write_text(page.read_text(encoding="utf-8") + "\n编辑补充的一段。\n", encoding="utf-8")
    def better_render(*args):
        page = REAL.render_page(*args)
        return dataclasses.replace(page, text=page.text + "\n")

    better = REAL._replace(render_page=better_render)
    again = import_paths([str(src)], out, pipeline=better)
    assert [p.status for p in again.inputs[0].pages][0] == store.REFUSED
    assert page.read_text(encoding="utf-8").endswith("编辑补充的一段。\n")


def test_read_reports_merge_keeps_clean_reports(tmp_path):
    path = make_sources(tmp_path, {"a.txt": SPEECH}) / "a.txt"
    raw, _ = read_source_with_reports(path)
    extra = [RuleReport("read.control_chars", 2, ["x"])]
    plan = plan_source(raw, extra, "sources/a.txt", FAKE)
    assert [r.rule for r in plan.cleaned.reports] == ["read.control_chars", "fake.strip"]
    assert dataclasses.is_dataclass(plan.cleaned)


def test_slug_collision_never_overwrites_another_sources_page(tmp_path):
    collide = FAKE._replace(page_relpath=lambda speech, raw: "2021/2021-deadbeef.md")
    src = make_sources(tmp_path / "src", {"a.txt": SPEECH, "b.txt": SPEECH + "不同的内容"})
    out = tmp_path / "out"
    run = import_paths([str(src)], out, pipeline=collide)            # both in one run
    assert [item.ok for item in run.inputs] == [True, False]
    assert "page path collision" in run.inputs[1].error
    page = out / "2021" / "2021-deadbeef.md"
    first_text = page.read_text(encoding="utf-8")
    again = import_paths([str(src / "b.txt")], out, pipeline=collide)  # a later run
    assert not again.inputs[0].ok and "已属于另一来源" in again.inputs[0].error
    assert page.read_text(encoding="utf-8") == first_text


def test_renamed_source_with_same_content_updates_its_page(tmp_path):
    src = make_sources(tmp_path / "src", {"a.txt": SPEECH})
    out = tmp_path / "out"
    first = import_paths([str(src)], out, pipeline=FAKE)
    (src / "a.txt").rename(src / "b.txt")
    second = import_paths([str(src)], out, pipeline=FAKE)
    assert second.inputs[0].ok and [p.status for p in second.inputs[0].pages] == [store.UPDATED]
    assert second.inputs[0].pages[0].path == first.inputs[0].pages[0].path
    assert "sources/b.txt" in (out / first.inputs[0].pages[0].path).read_text(encoding="utf-8")
