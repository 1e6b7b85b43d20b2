"""A page's 待核对 list (safety_month.pages.review): listing its items and resolving one by
deleting it, with nothing else in the file changed; review_count is derived from the list."""

from __future__ import annotations

import pytest

from safety_month.checks import check_page, parse_page
from safety_month.pages import review

PAGE = """\
---
title: 讲话
kind: speech
audiences: [企业]
tags: [安全生产月]
source_file: sources/a.txt
source_sha256: "{sha}"
review:
- line: 14
  rule: "structure.year_range"
  message: "年份未能确定，请核对后填写 year"
- line: 16
  rule: "script.lost_char"
  message: "转码时此处丢失了字，请核对"
review_count: 2
generated_hash: "{sha}"
---

同志们：
{{: #p-1 }}

第二段。
{{: #p-2 }}
""".format(sha="0" * 64)


def test_items_list_the_open_entries_with_their_page_line_and_number():
    found = review.items(PAGE)
    assert [(i.number, i.line, i.rule) for i in found] == [(1, 14, "structure.year_range"), (2, 16, "script.lost_char")]
    assert found[0].message == "年份未能确定，请核对后填写 year" and found[0].fm_line == 9


def test_removing_one_item_deletes_its_lines_and_recounts():
    after = review.remove(PAGE, 1)
    expected = PAGE.replace('- line: 14\n  rule: "structure.year_range"\n  message: "年份未能确定，请核对后填写 year"\n', "")
    assert after == expected.replace("review_count: 2", "review_count: 1")
    assert [i.rule for i in review.items(after)] == ["script.lost_char"]


def test_removing_the_last_item_removes_the_list_and_the_page_still_passes_the_checks():
    after = review.remove(review.remove(PAGE, 2), 1)
    assert "review:" not in after and "review_count: 0" in after and review.items(after) == []
    assert after.split("---")[2] == PAGE.split("---")[2]  # the body is untouched
    page = parse_page("docs/speeches/undated/undated-12345678.md", after, "speeches/undated/undated-12345678.md")
    assert [i for i in check_page(page) if i.code.startswith("fm.")] == []


def test_crlf_and_bom_are_kept():
    text = "\ufeff" + PAGE.replace("\n", "\r\n")
    after = review.remove(text, 2)
    assert after.startswith("\ufeff---\r\n") and "\n" not in after.replace("\r\n", "")
    assert after == "\ufeff" + review.remove(PAGE, 2).replace("\n", "\r\n")


def test_a_page_without_review_count_stays_without_it():
    text = PAGE.replace("review_count: 2\n", "")
    assert "review_count" not in review.remove(text, 1)


@pytest.mark.parametrize("text,number,message", [
    (PAGE, 3, "没有第 3 项：这个页面的待核对事项是第 1 到第 2 项"),
    (PAGE, 0, "没有第 0 项"),
    ("---\ntitle: 无\n---\n\n正文\n", 1, "这个页面没有待核对事项"),
    (PAGE.replace("title: 讲话", "title：讲话"), 1, "第 2 行"),
    (PAGE.replace(PAGE[PAGE.index("review:"):PAGE.index("review_count")],
                  'review: [{line: 1, rule: a, message: b}, {line: 2, rule: c, message: d}]\n'), 1, "写在一行里"),
])
def test_what_cannot_be_done_is_said(text, number, message):
    with pytest.raises(review.ReviewError, match=message):
        review.remove(text, number)


def test_a_review_count_that_disagrees_with_the_list_is_flagged():
    def issues(text):
        page = parse_page("docs/speeches/undated/undated-12345678.md", text, "speeches/undated/undated-12345678.md")
        return [i for i in check_page(page) if "review_count" in i.message_zh]

    assert issues(PAGE) == [] and issues(PAGE.replace("review_count: 2\n", "")) == []
    [issue] = issues(PAGE.replace("review_count: 2", "review_count: 3"))
    assert (issue.line, issue.code) == (15, "fm.value")
    assert issue.message_zh == "review_count 写的是 3，但 review 列表里有 2 项待核对"
    assert "删除 review_count 这一行" in issue.fix_zh and "改为 2" in issue.fix_zh
