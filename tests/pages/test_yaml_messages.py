"""Front-matter syntax errors are explained in Chinese only (issue 17, item 6): the message names
the place and what to fix, never PyYAML's English wording, for every slip an editor makes."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from safety_month.pages import reader

GOOD = ["title: 在全县安全生产会议上的讲话", "kind: speech", "year: 2023", "tags: [隐患排查治理, 应急管理]",
        "audience_reasons:", "  企业: 文中写明“企业主体责任”"]
SLIPS = [
    "title: 会议：讲话: 通知",          # a second colon
    "title：会议讲话",                   # full-width colon after the key
    'title: "未闭合',                    # unclosed quote
    "tags: [隐患排查, 应急管理",          # unclosed bracket
    "\tkind: speech",                    # tab indentation
    "  year: 2023",                      # wrong indentation
    "title: *星号开头",                   # alias
    "title: &锚点",                       # anchor
    "title: @开头",                       # reserved character
    "date: 2023-02-30",                  # impossible date
    "- 列表项",                          # list item at the top level
    "title: {a: 1",                      # unclosed brace
    "? [a]: b",                          # unhashable key
]
# Latin letters allowed in a message: names the editor guide uses too (YAML, Tab 键, MkDocs,
# front matter) and field names quoted from the page.
_ALLOWED = re.compile(r"YAML|YYYY-MM-DD|Tab|MkDocs|front matter|title|kind|year|date|tags|[A-Za-z_]+(?=:)|!!")


def _yaml_messages(lines: list[str]) -> list[str]:
    fm = reader.parse("---\n" + "\n".join(lines) + "\n---\n\n正文。\n")
    return [f"{e.message_zh} {e.fix_zh}" for e in fm.errors if e.code == "fm.yaml"]


def _latin(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", _ALLOWED.sub("", text))


def test_each_known_slip_is_explained_in_chinese():
    for slip in SLIPS:
        messages = _yaml_messages(GOOD[:2] + [slip] + GOOD[2:])
        assert messages, slip
        assert all(_latin(m) == [] for m in messages), (slip, messages)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(GOOD + SLIPS + [":", "[", "\"", "{", "  - x", "\t", "---x"]), min_size=1, max_size=8))
def test_any_broken_front_matter_is_explained_in_chinese(lines):
    for message in _yaml_messages(lines):
        assert _latin(message) == [], message
