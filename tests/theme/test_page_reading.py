"""safety_month.theme.page_reading.scan_markup_only: MkDocs' raw-HTML anchor scan is skipped for
sources without "<", and gives exactly MkDocs' own ids for every source (the committed pages,
sources with raw HTML, plain speeches); it is installed once."""

from __future__ import annotations

from mkdocs.structure import pages

from safety_month.theme import internals, page_reading
from tests import paths

SOURCES = ["纯文本\n\n第二段 {: #p-2 }\n", '<div id="a">x</div>\n\n<a name="b"></a>\n', "a < b\n", "",
           "<p id='c'>安全</p>"]


def _original(monkeypatch):
    run = pages._RawHTMLPreprocessor.run
    monkeypatch.setattr(pages._RawHTMLPreprocessor, "run", getattr(run, "wrapped", run))   # restored after


def test_the_ids_are_mkdocs_own_for_every_source_and_plain_text_is_not_parsed(monkeypatch):
    _original(monkeypatch)
    original = pages._RawHTMLPreprocessor.run
    docs = [p.read_text(encoding="utf-8") for p in sorted((paths.ROOT / "docs").rglob("*.md"))] + SOURCES
    expected = []
    for doc in docs:
        pre = pages._RawHTMLPreprocessor()
        expected.append((original(pre, doc.split("\n")), pre.present_anchor_ids))
    assert page_reading.scan_markup_only() is True
    assert page_reading.scan_markup_only() is False and internals.patched(pages._RawHTMLPreprocessor, "run")
    for doc, (lines, ids) in zip(docs, expected):
        pre = pages._RawHTMLPreprocessor()
        assert (pages._RawHTMLPreprocessor.run(pre, doc.split("\n")), pre.present_anchor_ids) == (lines, ids)
    assert expected[-5][1] == set() and expected[-4][1] == {"a", "b"} and expected[-1][1] == {"c"}


def test_a_source_without_tags_never_reaches_the_parser(monkeypatch):
    _original(monkeypatch)
    fed = []
    monkeypatch.setattr(pages._HTMLHandler, "feed", lambda self, data: fed.append(data))
    page_reading.scan_markup_only()
    pre = pages._RawHTMLPreprocessor()
    assert pages._RawHTMLPreprocessor.run(pre, ["纯文本", "", "第二段 {: #p-2 }"]) == ["纯文本", "", "第二段 {: #p-2 }"]
    assert fed == [] and pre.present_anchor_ids == set()
    pages._RawHTMLPreprocessor.run(pages._RawHTMLPreprocessor(), ["<b>x</b>"])
    assert fed == ["<b>x</b>"]
