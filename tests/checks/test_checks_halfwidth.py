import re

from safety_month.checks import halfwidth

from tests._checks_helpers import issues_of, noisy_lines, same_matches, where


def test_ascii_marks_between_chinese_characters_are_reported_with_their_column():
    found = issues_of("text_halfwidth_bad.md", code="text.halfwidth")
    assert where(found) == [(5, 4), (5, 8), (5, 15), (5, 21), (5, 28), (7, 1), (7, 3), (9, 6), (9, 8)]
    assert found[0].fix_zh == "改为全角“，”"
    assert found[5].fix_zh == "改为全角“（”"


def test_full_width_text_english_numbers_links_and_code_pass():
    assert issues_of("text_halfwidth_ok.md") == []


def test_find_rules():
    assert halfwidth.find("安全,发展") == [(2, ",")]
    assert halfwidth.find("为什么?") == [(3, "?")]
    assert halfwidth.find("电话:12350") == []          # a digit follows: left alone
    assert halfwidth.find("Hello, 世界") == []
    assert halfwidth.find("会议(2021年)召开") == [(2, "("), (8, ")")]


def test_guarded_patterns_match_as_the_plain_ones():
    assert same_matches(halfwidth._MARK_RE, re.compile(halfwidth.MARK_PATTERN)) > 0
    assert same_matches(halfwidth._LONE_PAREN_RE, re.compile(halfwidth.LONE_PAREN_PATTERN),
                        lines=noisy_lines() + ("安全(生产月", "第一)条")) > 0


def test_ascii_double_quotes_in_chinese_text_get_the_chinese_quote_to_write():
    from safety_month.checks import parse_page

    assert halfwidth.find_quotes('他说"要落实"。') == [(2, "“"), (6, "”")]
    assert halfwidth.find_quotes('标题"甲"和"乙"') == [(2, "“"), (4, "”"), (6, "“"), (8, "”")]
    assert halfwidth.find_quotes('英文 the "AI" model 不查') == []          # no Chinese next to the quotes
    assert halfwidth.find_quotes('!!! tip "举报安全隐患"') == []              # Markdown syntax: a block's title
    assert halfwidth.find_quotes('=== "标签"') == []
    text = ('---\ntitle: 引号\n---\n\n他说"要落实"。\n\n'
            '<span class="sm-redact" title="原文隐去">XX</span>，见[首页](index.md "首页")。\n\n'
            '```\n代码里"不查"\n```\n')
    found = halfwidth.check(parse_page("docs/a.md", text, "a.md"))
    assert [(i.line, i.col, i.code, i.severity) for i in found] == [(5, 3, "text.halfwidth", "warning"),
                                                                    (5, 7, "text.halfwidth", "warning")]
    assert found[0].message_zh == '中文里用了英文双引号 "' and found[0].fix_zh.startswith("改为中文前引号“")
    assert found[1].fix_zh.startswith("改为中文后引号”")
