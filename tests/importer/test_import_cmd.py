"""`safety-month import` through safety_month.cli.main: exit codes, output, JSON report."""

from __future__ import annotations

import dataclasses

import json

import pytest

from safety_month import cli
from safety_month.importer import pipeline
from tests._import_fakes import FAKE

SPEECH = "在全区安全生产工作会议上的讲话\n同志们：\n今年是全国第20个“安全生产月”。广告\n"


@pytest.fixture(autouse=True)
def fake_stages(monkeypatch):
    monkeypatch.setattr(pipeline, "default_pipeline", lambda: FAKE)


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.txt").write_text(SPEECH, encoding="utf-8")
    (tmp_path / "sources" / "b.txt").write_bytes(("第二篇讲话\n" + SPEECH).encode("gb18030"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_help_lists_import(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--help"])
    assert info.value.code == 0
    assert "import" in capsys.readouterr().out


def test_default_out_is_docs_speeches_under_project_root(project, monkeypatch, capsys):
    (project / "docs").mkdir()
    monkeypatch.chdir(project / "docs")              # root found upwards
    assert cli.main(["import", "../sources"]) == 0
    pages = sorted(p.relative_to(project).as_posix() for p in project.rglob("*.md"))
    assert len(pages) == 2 and all(p.startswith("docs/speeches/undated/") for p in pages)
    out = capsys.readouterr().out
    assert "新建" in out and "成功 2，失败 0" in out
    assert "（txt，gb18030）" in out


def test_no_project_root_and_no_out_is_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pipeline, "find_project_root", lambda start=None: None)
    (tmp_path / "a.txt").write_text(SPEECH, encoding="utf-8")
    assert cli.main(["import", "a.txt"]) == 2
    assert "mkdocs.yml" in capsys.readouterr().err
    assert not list(tmp_path.rglob("*.md"))


def test_missing_path_argument_is_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["import"])
    assert info.value.code == 2


def test_one_failure_gives_exit_1_and_the_rest_is_done(project, capsys):
    (project / "sources" / "c.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    assert cli.main(["import", "sources", "--out", "site_pages"]) == 1
    captured = capsys.readouterr()
    assert len(list((project / "site_pages").rglob("*.md"))) == 2
    error_lines = captured.err.strip().split("\n")
    assert error_lines == ["sources/c.doc: 不支持的文件类型 .doc（旧版 Word 文件（old binary Word）；请另存为 .docx 或 .txt）"]
    assert "✗ sources/c.doc" in captured.out


def test_hand_edited_page_warns_exit_0_and_force_backs_up(project, capsys, monkeypatch):
    assert cli.main(["import", "sources/a.txt", "--out", "out"]) == 0
    page = next((project / "out").rglob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "编辑补充\n", encoding="utf-8")
    (project / "sources" / "a.txt").write_text(SPEECH, encoding="utf-8")
    capsys.readouterr()

    def changed_render(*args):
        page = FAKE.render_page(*args)
        return dataclasses.replace(page, text=page.text + "新版本\n")

    monkeypatch.setattr(pipeline, "default_pipeline",
                        lambda: FAKE._replace(render_page=changed_render))
    assert cli.main(["import", "sources/a.txt", "--out", "out"]) == 0
    out = capsys.readouterr().out
    backup_name = f".{page.name}.bak"
    assert "已手工修改，保留你的版本" in out and f"safety-month diff out/undated/{page.name}" in out
    assert "--force" not in out            # never offered as the fix: it throws the edit away
    assert page.read_text(encoding="utf-8").endswith("编辑补充\n")

    assert cli.main(["import", "sources/a.txt", "--out", "out", "--force"]) == 0
    assert (page.parent / backup_name).read_text(encoding="utf-8").endswith("编辑补充\n")
    assert page.read_text(encoding="utf-8").endswith("新版本\n")


def test_json_report_shape(project, capsys):
    (project / "sources" / "c.pdf").write_bytes(b"%PDF-1.4")
    code = cli.main(["import", "sources", "--out", "out", "--report", "report.json"])
    assert code == 1
    data = json.loads((project / "report.json").read_text(encoding="utf-8"))
    assert data["schema"] == 1 and data["ok"] is False and data["out"] == "out"
    assert data["totals"]["inputs"] == 3 and data["totals"]["failed"] == 1
    assert data["totals"]["pages"]["created"] == 2
    assert data["totals"]["review"] == 2
    first = data["inputs"][0]
    assert set(first) == {"source", "source_file", "ok", "error", "encoding", "kind", "sha256",
                          "source_url", "pages", "rules", "stale", "notes"}
    assert first["source"] == "sources/a.txt" and first["source_file"] == "sources/a.txt"
    assert first["encoding"] == "utf-8" and len(first["sha256"]) == 64
    page = first["pages"][0]
    assert set(page) == {"path", "title", "part", "status", "backup", "review"}
    assert page["status"] == "created" and page["path"].endswith(".md")
    assert page["review"][0]["rule"] == "fake.check" and isinstance(page["review"][0]["line"], int)
    assert {"rule": "fake.ads", "count": 1, "examples": ["广告"]} in first["rules"]
    failed = data["inputs"][2]
    assert failed["ok"] is False and failed["error"].startswith("sources/c.pdf: 不支持的文件类型 .pdf")
    # the same run gives the same report
    cli.main(["import", "sources", "--out", "out", "--report", "report2.json"])
    again = json.loads((project / "report2.json").read_text(encoding="utf-8"))
    assert again["totals"]["pages"]["unchanged"] == 2
    assert [i["pages"][0]["path"] for i in again["inputs"][:2]] == [i["pages"][0]["path"] for i in data["inputs"][:2]]


def test_summary_lists_rules_and_review_lines(project, capsys):
    assert cli.main(["import", "sources/a.txt", "--out", "out"]) == 0
    out = capsys.readouterr().out
    assert "fake.ads 1 处，例：广告\n" in out
    assert "fake.strip" not in out                    # rules that changed nothing are not listed
    assert "[fake.check] 请核对标题" in out
    assert "第 " in out and " 行 [fake.check]" in out


def test_a_changed_source_updates_its_page_in_place(project, capsys):
    assert cli.main(["import", "sources/a.txt"]) == 0
    old = next((project / "docs" / "speeches").rglob("*.md"))
    (project / "sources" / "a.txt").write_text(SPEECH + "补充一句。\n", encoding="utf-8")
    assert cli.main(["import", "sources/a.txt"]) == 0
    # the page of a source is found by its source file when the content changed: same page, new text
    assert [p.name for p in (project / "docs" / "speeches").rglob("*.md")] == [old.name]
    assert "补充一句" in old.read_text(encoding="utf-8")


def test_stale_pages_are_warned_about_and_kept(project, capsys):
    from tests._import_fakes import PART_MARK

    (project / "sources" / "a.txt").write_text(SPEECH + PART_MARK + "第二篇\n正文\n", encoding="utf-8")
    assert cli.main(["import", "sources/a.txt"]) == 0
    old = sorted((project / "docs" / "speeches").rglob("*-2.md"))[0]
    (project / "sources" / "a.txt").write_text(SPEECH + "补充一句。\n", encoding="utf-8")   # now one speech
    capsys.readouterr()
    assert cli.main(["import", "sources/a.txt", "--report", "r.json"]) == 0
    out = capsys.readouterr().out
    relative = old.relative_to(project / "docs" / "speeches").as_posix()
    assert f"警告：旧页面 {relative} 仍来自 sources/a.txt" in out
    assert old.exists()
    data = json.loads((project / "r.json").read_text(encoding="utf-8"))
    # (the one speech it now yields is a new page: parts 1 and 2 were another division of it)
    assert relative in data["inputs"][0]["stale"] and data["totals"]["stale"] == 2
