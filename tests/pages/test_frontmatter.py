import pytest

from safety_month.pages import reader
from tests._checks_helpers import FIXTURES


@pytest.mark.parametrize("name, line, col, words", [
    ("fm_yaml_colon.md", 4, 14, "多余的冒号"),
    ("fm_fullwidth_colon.md", 3, 5, "中文冒号"),
    ("fm_unclosed_quote.md", 2, 8, "引号没有闭合"),
    ("fm_unclosed_block.md", 1, 1, "没有结束的 ---"),
    ("fm_tab_indent.md", 5, 1, "Tab"),
    ("fm_duplicate_key.md", 6, 1, "写了两次"),
])
def test_errors_point_at_the_line_in_the_md_file(name, line, col, words):
    fm = reader.parse((FIXTURES / name).read_text(encoding="utf-8"))
    assert len(fm.errors) == 1
    err = fm.errors[0]
    assert (err.line, err.col) == (line, col)
    assert words in err.message_zh
    assert err.fix_zh


def test_positions_of_keys_list_items_and_nested_keys():
    text = "---\ntitle: 标题\naudiences:\n  - 企业\n  - 学校\nreview:\n  - {line: 3, rule: x, message: y}\n---\n正文\n"
    fm = reader.parse(text)
    assert fm.errors == []
    assert fm.key_pos[("title",)] == (2, 1)
    assert fm.where(("audiences", 1)) == (5, 5)
    assert fm.key_where(("review", 0, "rule")) == (7, 15)
    assert fm.body_start == 9
    assert fm.where(("nothing", "here")) == (1, 1)


def test_bom_and_crlf_are_read_like_mkdocs_does():
    fm = reader.parse("\ufeff---\r\ntitle: 标题\r\n---\r\n正文")
    assert fm.data == {"title": "标题"} and fm.close_line == 3


def test_missing_opening_delimiter_is_reported():
    fm = reader.parse("title: 标题\nkind: speech\n---\n\n正文")
    assert [e.code for e in fm.errors] == ["fm.no_opening"]


def test_no_front_matter_is_fine_and_a_list_is_not_a_mapping():
    assert reader.parse("# 标题\n\n正文").errors == []
    fm = reader.parse("---\n- a\n- b\n---\n")
    assert [e.code for e in fm.errors] == ["fm.not_mapping"] and fm.data == {}


@pytest.mark.parametrize("text", ["---\n\x00\x01: [\n---\n", "---\n" + "[" * 200 + "\n---\n", "---\n*a\n---\n", "---\n: :\n---\n"])
def test_never_raises(text):
    fm = reader.parse(text)
    assert fm.errors and fm.errors[0].line >= 1
