"""A checked page written as JSON data for the build's page cache comes back exactly: every
YAML type (dates above all: a date read back as text would change the library's years and
the schema's verdicts), the positions issues are reported at, the errors, the link targets."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from safety_month.checks import links
from safety_month.checks.issue import Issue
from safety_month.checks.page import parse_page
from safety_month.checks.page_codec import (
    Unencodable, decode_issues, decode_page, decode_value, encode_issues, encode_page, encode_value, same)

YAML_TYPES = """\
---
title: 讲话
date: 2021-06-01
at: 2021-06-01 09:30:00+08:00
naive: 2021-06-01 09:30:00
micro: 2021-06-01T09:30:00.250-05:30
count: 3
ratio: 0.5
whole: 2.0
huge: 123456789012345678901234567890
nan: .nan
inf: -.inf
yes: true
nothing: null
quoted_date: "2021-06-01"
2021: 数字键
2021-06-02: 日期键
1.5: 小数键
null: 空键
blob: !!binary aGVsbG8=
seen: !!set {a, b}
ordered: !!omap [{b: 1}, {a: 2}]
pairs: !!pairs [{x: 1}, {x: 2}]
review:
  - {line: 3, text: 待核对, at: 2022-01-02}
  - [1, [2, [3]]]
---

## 一、总体要求

见[上一篇](../2020/a.md#p-2)和<a href="b.md">另一篇</a>。
"""


def _round_trip(page):
    data = json.loads(json.dumps(encode_page(page, links.targets(page)), ensure_ascii=False, allow_nan=False))
    return decode_page(data, page.path, page.text, page.src_uri)


def test_every_yaml_type_comes_back_with_its_type_and_order():
    page = parse_page("docs/speeches/2021/a.md", YAML_TYPES, "speeches/2021/a.md")
    data = page.fm.data
    assert not page.fm.errors and isinstance(data["date"], dt.date) and isinstance(data["at"], dt.datetime)
    back = _round_trip(page)
    assert same(back.fm.data, data)
    got = back.fm.data
    assert type(got["date"]) is dt.date and got["date"] == dt.date(2021, 6, 1)
    assert got["at"].utcoffset() == dt.timedelta(hours=8) and got["naive"].tzinfo is None
    assert got["micro"] == data["micro"] and got["micro"].microsecond == 250000
    assert type(got["whole"]) is float and type(got["count"]) is int and got["huge"] == 123456789012345678901234567890
    assert math.isnan(got["nan"]) and got["inf"] == -math.inf
    assert got["quoted_date"] == "2021-06-01" and type(got["quoted_date"]) is str
    assert got[2021] == "数字键" and got[dt.date(2021, 6, 2)] == "日期键" and got[1.5] == "小数键" and got[None] == "空键"
    assert got["blob"] == b"hello" and got["seen"] == {"a", "b"}
    assert got["ordered"] == [("b", 1), ("a", 2)] and type(got["ordered"][0]) is tuple
    assert got["review"][0]["at"] == dt.date(2022, 1, 2)
    assert list(got) == list(data)                           # key order kept


def test_positions_errors_and_link_targets_come_back():
    page = parse_page("docs/a.md", YAML_TYPES, "speeches/2021/a.md")
    back = _round_trip(page)
    for attr in ("present", "open_line", "close_line", "key_pos", "value_pos", "errors"):
        assert getattr(back.fm, attr) == getattr(page.fm, attr), attr
    assert back.fm.where(("review", 0, "text")) == page.fm.where(("review", 0, "text")) == (25, 21)
    assert back.derived["link_targets"] == tuple(links.targets(page))
    assert [t[2] for t in links.targets(back)] == ["../2020/a.md#p-2", "b.md"]
    assert back.body_lines == page.body_lines and back.path == "docs/a.md"


def test_front_matter_errors_come_back():
    text = "---\ntitle: 讲话\ntitle: 又一个\nyear: [1\n---\n\n正文\n"
    page = parse_page("docs/b.md", text)
    assert page.fm.errors
    back = _round_trip(page)
    assert back.fm.errors == page.fm.errors and back.fm.data == page.fm.data == {}
    dup = parse_page("docs/c.md", "---\ntitle: 讲话\ntitle: 又一个\n---\n\n正文\n")
    assert [e.code for e in _round_trip(dup).fm.errors] == ["fm.duplicate_key"]


def test_issues_come_back_in_order():
    issues = [Issue("docs/a.md", 3, 7, "text.halfwidth", "半角逗号", "改成全角", "warning"),
              Issue("docs/a.md", 1, 0, "fm.yaml", "YAML 语法错误", "检查")]
    assert decode_issues(json.loads(json.dumps(encode_issues(issues)))) == issues


@pytest.mark.parametrize("a, b", [
    (1, 1.0), (1, True), (dt.date(2021, 6, 1), "2021-06-01"), ({"a": 1, "b": 2}, {"b": 2, "a": 1}),
    (dt.datetime(2021, 6, 1, 9), dt.datetime(2021, 6, 1, 9, tzinfo=dt.timezone.utc)), ([1, 2], (1, 2)),
    (dt.datetime(2021, 6, 1), dt.date(2021, 6, 1)),
])
def test_same_tells_apart_what_equality_mixes_up(a, b):
    assert not same(a, b) and same(a, a) and same(b, b)


def test_a_value_the_codec_cannot_write_is_refused():
    with pytest.raises(Unencodable):
        encode_value({"x": [object()]})
    page = parse_page("docs/a.md", "---\ntitle: 讲话\n---\n\n正文\n")
    page.fm.data["when"] = dt.time(9, 30)       # no YAML loader gives a time: refused, not mangled
    with pytest.raises(Unencodable):
        encode_page(page, [])
    assert decode_value(encode_value({"ok": [1, "二"]})) == {"ok": [1, "二"]}
