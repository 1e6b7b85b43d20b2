"""`safety-month import --brief` (the import step of `make build` and `make serve`): one line
per source whose pages changed, then one summary line; nothing for sources that did not change,
no cleaning rules or review items (those stay in the full report, which the line names)."""

from __future__ import annotations

import pytest

from safety_month import cli
# The import command's own tests' speech and fake stages (autouse: every test here runs the
# command on the fake pipeline).
from tests.importer.test_import_cmd import SPEECH, fake_stages  # noqa: F401


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.txt").write_text(SPEECH, encoding="utf-8")
    (tmp_path / "sources" / "b.txt").write_text("第二篇讲话\n" + SPEECH, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _brief(capsys, *paths: str) -> tuple[int, list[str], str]:
    code = cli.main(["import", "--brief", *paths, "--out", "out"])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_one_line_per_changed_source_and_a_summary(project, capsys):
    code, lines, _ = _brief(capsys, "sources")
    assert code == 0
    pages = sorted(p.relative_to(project / "out").as_posix() for p in (project / "out").rglob("*.md"))
    assert len(lines) == 3 and len(pages) == 2, lines
    for source, line in zip(("sources/a.txt", "sources/b.txt"), lines):
        assert line.startswith(f"✓ {source} → 新建 undated/"), line
    assert {line.split("新建 ")[1].split("（")[0] for line in lines[:2]} == set(pages)
    assert lines[2] == "导入：原稿 2 个；新建 2 页（完整报告：safety-month import sources）"


def test_nothing_changed_is_one_line(project, capsys):
    _brief(capsys, "sources")
    code, lines, _ = _brief(capsys, "sources")
    assert code == 0 and lines == ["导入：原稿 2 个；没有页面变化（完整报告：safety-month import sources）"]


def test_only_the_changed_source_is_listed_and_failures_go_to_stderr(project, capsys):
    _brief(capsys, "sources")
    (project / "sources" / "b.txt").write_text("第二篇讲话\n" + SPEECH + "新的一段。\n", encoding="utf-8")
    (project / "sources" / "c.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    code, lines, err = _brief(capsys, "sources")
    assert code == 1
    # (Whether the page is updated or made anew beside the old one is the store's business.)
    assert len(lines) == 2 and lines[0].startswith("✓ sources/b.txt → "), lines
    assert "新建 undated/" in lines[0] or "更新 undated/" in lines[0], lines
    assert lines[1].startswith("导入：原稿 3 个，失败 1 个；") and lines[1].endswith("（完整报告：safety-month import sources）")
    assert err.startswith("sources/c.doc: 不支持的文件类型 .doc") and "c.doc" not in "\n".join(lines)
