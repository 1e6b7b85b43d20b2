"""Read stage, saved web pages: main text, headings, charset, source URL, fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from safety_month.importer.errors import SourceError
from safety_month.importer.read import html as html_reader
from safety_month.importer.read import read_source
from tests import paths

FIXTURE = paths.TESTS / "fixtures" / "read" / "saved_page.html"

SPEECH_LINES = [
    "区长在安全生产巡查督导工作座谈会上的讲话",
    "同志们：",
    "一、找准定位，认真履行职责",
    "（一）从调查研究入手",
    "要熟悉近三年来安全生产事故情况、重点工作任务完成情况。",
    "二、突出重点，提高督导实效",
    "同志们，安全生产责任重于泰山。让我们以更加务实的作风，推动全区安全生产形势持续稳定向好！",
]
CHROME = ["欢迎访问", "登录", "首页", "相关文档", "安全生产承诺书范文", "版权", "客服电话", "统计代码",
          "font-family", "_hmt", "上一篇", "分享赚钱", "搜索"]


def _check_main_text(raw):
    lines = raw.text.split("\n")
    for expected in SPEECH_LINES:
        assert expected in lines
    for noise in CHROME:
        assert noise not in raw.text, noise
    levels = {lines[i]: level for i, level in raw.heading_levels.items()}
    assert levels == {
        "区长在安全生产巡查督导工作座谈会上的讲话": 1,
        "一、找准定位，认真履行职责": 2,
        "（一）从调查研究入手": 3,
        "二、突出重点，提高督导实效": 2,
    }
    # <br> splits a paragraph into lines; the table's cells are kept.
    assert "各巡查督导组要全方位、多层次地了解掌握被督导对象的安全生产工作现状，会同区安委办加强问题线索的收集梳理。" in lines
    assert "〔*〕" in lines


def test_saved_page_main_text():
    raw = read_source(FIXTURE)
    assert raw.kind == "html"
    assert raw.encoding == "utf-8"
    _check_main_text(raw)


def test_canonical_url_wins_over_og_url():
    assert read_source(FIXTURE).source_url == "https://www.example.com/jianghua/2019/0612/12345.html"


def test_lxml_fallback_when_trafilatura_finds_nothing(monkeypatch):
    monkeypatch.setattr(html_reader, "_trafilatura_blocks", lambda text: [])
    _check_main_text(read_source(FIXTURE))


def test_gbk_page_with_meta_charset(tmp_path):
    page = FIXTURE.read_text(encoding="utf-8").replace("charset=utf-8", "charset=gb2312")
    path = tmp_path / "page.htm"
    # Pages declaring gb2312 are often GBK or GB18030 (here "•" needs GB18030).
    path.write_bytes(page.encode("gb18030"))
    raw = read_source(path)
    assert raw.encoding == "gb18030"
    _check_main_text(raw)


def test_page_without_meta_charset_is_detected(tmp_path):
    page = FIXTURE.read_text(encoding="utf-8").replace(
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', "")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gb18030"))
    _check_main_text(read_source(path))


def test_short_page_og_url_and_br_paragraphs(tmp_path):
    path = tmp_path / "short.html"
    path.write_text(
        '<html><head><meta property="og:url" content="https://example.org/s/1.html">'
        '<link rel="canonical" href="javascript:alert(1)"></head><body>'
        '<div id="content">在全市安全生产月活动启动会上的讲话<br><br>同志们：今年是全国第20个“安全生产月”。'
        "</div></body></html>", encoding="utf-8")
    raw = read_source(path)
    assert raw.source_url == "https://example.org/s/1.html"
    assert "同志们：今年是全国第20个“安全生产月”。" in raw.text.split("\n")


def test_page_without_text_is_refused(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("<html><head><style>p{}</style></head><body><script>var a='讲话';</script>"
                    "<form><input value='搜索'></form></body></html>",
                    encoding="utf-8")
    with pytest.raises(SourceError, match="正文"):
        read_source(path)


def test_markup_in_text_stays_text(tmp_path):
    path = tmp_path / "esc.html"
    path.write_text("<html><body><article><p>要防范&lt;script&gt;alert(1)&lt;/script&gt;这类"
                    "风险，安全生产责任重于泰山，人人讲安全、个个会应急。</p></article></body></html>",
                    encoding="utf-8")
    assert "<script>alert(1)</script>" in read_source(path).text


def test_huge_page_uses_the_linear_fallback(monkeypatch):
    calls = []
    monkeypatch.setattr(html_reader, "TRAFILATURA_MAX_ELEMENTS", 20)
    monkeypatch.setattr(html_reader, "_trafilatura_blocks", lambda text: calls.append(1) or [])
    _check_main_text(read_source(FIXTURE))
    assert calls == []
