"""`safety-month review`: every open 待核对 item of the site, one line each (file:line, the
item's number, what to check in full), a summary last; `--done FILE N` resolves one."""

from __future__ import annotations

import pytest

from safety_month import cli
from tests.pages.test_review import PAGE


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    speeches = tmp_path / "docs" / "speeches" / "undated"
    speeches.mkdir(parents=True)
    (speeches / "a.md").write_text(PAGE, encoding="utf-8")
    (speeches / "b.md").write_text(PAGE.replace("review_count: 2", "review_count: 1")
                                   .replace('- line: 16\n  rule: "script.lost_char"\n  message: "转码时此处丢失了字，请核对"\n', ""),
                                   encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("---\ntitle: 首页\n---\n\n正文\n", encoding="utf-8")
    (tmp_path / "docs" / ".hidden").mkdir()
    (tmp_path / "docs" / ".hidden" / "c.md").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_lists_every_open_item_then_a_summary(project, capsys):
    assert cli.main(["review"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        "docs/speeches/undated/a.md:14: 第 1 项 [年份未定] 年份未能确定，请核对后填写 year",
        "docs/speeches/undated/a.md:16: 第 2 项 [丢字修复] 转码时此处丢失了字，请核对",
        "docs/speeches/undated/b.md:14: 第 1 项 [年份未定] 年份未能确定，请核对后填写 year",
    ]
    assert lines[3].startswith("共 3 项待核对，涉及 2 个页面。") and "safety-month review --done 文件 序号" in lines[3]
    assert len(lines) == 4


def test_done_removes_the_item_and_the_list_follows(project, capsys):
    page = project / "docs" / "speeches" / "undated" / "a.md"
    assert cli.main(["review", "--done", "docs/speeches/undated/a.md", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("docs/speeches/undated/a.md: 已删除第 1 项（[年份未定] 年份未能确定") and "还有 1 项待核对" in out
    text = page.read_text(encoding="utf-8")
    assert "structure.year_range" not in text and "review_count: 1" in text
    assert cli.main(["review", "docs/speeches/undated/a.md"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "docs/speeches/undated/a.md:16: 第 1 项 [丢字修复] 转码时此处丢失了字，请核对")


@pytest.mark.parametrize("argv,code,message", [
    (["review", "--done", "docs/speeches/undated/a.md", "5"], 1, "docs/speeches/undated/a.md: 没有第 5 项"),
    (["review", "--done", "docs/speeches/undated/a.md", "x"], 2, "序号应为正整数"),
    (["review", "--done", "docs/nope.md", "1"], 1, "docs/nope.md: 文件不存在"),
    (["review", "--done", "docs/index.md", "1"], 1, "docs/index.md: 这个页面没有待核对事项"),
    (["review", "docs/nope"], 2, "docs/nope 不存在"),
])
def test_mistakes_get_a_message_naming_the_file(project, capsys, argv, code, message):
    before = (project / "docs" / "speeches" / "undated" / "a.md").read_bytes()
    assert cli.main(argv) == code
    assert message in capsys.readouterr().err
    assert (project / "docs" / "speeches" / "undated" / "a.md").read_bytes() == before


def test_a_page_that_is_not_utf8_is_named_not_skipped_silently(project, capsys):
    (project / "docs" / "gbk.md").write_bytes(PAGE.encode("gbk"))
    assert cli.main(["review"]) == 1
    assert "docs/gbk.md: 无法按 UTF-8 读取" in capsys.readouterr().err
