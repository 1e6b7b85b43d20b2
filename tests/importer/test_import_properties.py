"""Properties of the import path: no byte sequence crashes the reader, and (with the real
stages) no text becomes anything but a valid page whose HTML holds only the contract's tags."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from safety_month.importer.errors import SourceError
from safety_month.importer.pipeline import default_pipeline, plan_source
from safety_month.pages.reader import fields
from safety_month.importer.model import RawDocument
from safety_month.importer.read import READERS, decode_source, read_source
from tests import paths
from tests import _site_markdown as site_markdown

DOCX = (paths.TESTS / "fixtures" / "read" / "speech.docx").read_bytes()
SUFFIXES = sorted(READERS) + [".doc", ".pdf", ""]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_raw(raw: RawDocument) -> None:
    assert raw.text.strip()
    assert "\r" not in raw.text and "\x00" not in raw.text
    assert not raw.text.startswith("\ufeff")
    assert raw.text.split("\n") == raw.text.splitlines() or raw.text.endswith("\n")
    n_lines = raw.text.count("\n") + 1
    assert all(0 <= line < n_lines and 1 <= level <= 4 for line, level in raw.heading_levels.items())
    assert len(raw.sha256) == 64


def read_or_error(data: bytes, name: str) -> None:
    try:
        raw, reports = decode_source(data, name)
    except SourceError as exc:
        assert str(exc).startswith(f"{name}: ") and "\n" not in str(exc)
        return
    check_raw(raw)
    assert all(report.count > 0 for report in reports)


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(data=st.binary(max_size=2048))
def test_any_bytes_any_suffix(suffix, data):
    read_or_error(data, f"x{suffix}")


# Bytes that get past the first checks: text in many encodings with markup and controls.
_TEXTY = st.text(alphabet=st.sampled_from(list("安全生产月讲话同志们，。：“”（）〔*〕<>/&;#=\"' \n\r\t\x00\x1bab1<p>h1")) |
                 st.characters(), max_size=300)


@pytest.mark.parametrize("suffix", [".txt", ".html"])
@FUZZ
@given(text=_TEXTY, codec=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "big5"]))
def test_encoded_text_with_markup(suffix, text, codec):
    data = text.encode(codec, errors="replace")
    read_or_error(data, f"x{suffix}")


@FUZZ
@given(position=st.integers(min_value=0, max_value=len(DOCX) - 1), value=st.integers(0, 255),
       cut=st.integers(min_value=1, max_value=len(DOCX)))
def test_damaged_docx(position, value, cut):
    data = bytearray(DOCX)
    data[position] = value
    read_or_error(bytes(data[:cut]), "x.docx")


@FUZZ
@given(xml=st.binary(max_size=512))
def test_docx_with_garbage_document_xml(xml):
    source = zipfile.ZipFile(io.BytesIO(DOCX))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, xml if name == "word/document.xml" else source.read(name))
    read_or_error(buffer.getvalue(), "x.docx")


def test_reading_from_disk_matches_pure_decode(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("安全生产\r\n讲话".encode("gb18030"))
    assert read_source(path).text == decode_source(path.read_bytes(), str(path))[0].text


# --- whole pipeline (real stages) -------------------------------------------------------------

REAL = default_pipeline()
# What a speech body may contain per the page contract, and nothing else.
ALLOWED_TAGS = {"p", "h2", "h3", "h4", "strong", "span", "a", "div", "br"}
ALLOWED_ATTRS = {"id", "class", "title", "href"}

_SPEECH_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["一、提高认识", "（一）压实责任", "一是强化规划准入。", "同志们：", "〔*〕", "XXX",
                         "X同志", "201x年", "……", "___", "<script>alert(1)</script>", "<b>粗</b>",
                         "*强调*", "**粗体**", "`代码`", "# 标题", "---", "title: 假", "{: #x }",
                         "[链接](javascript:alert(1))", "&lt;", "&amp;", "<!-- c -->", "| a | b |",
                         "> 引用", "    缩进代码", "1. 列表", "- 列表", "\\", "!!! note", "==标记==",
                         "^^上^^", "~~删~~", "[^1]", "*[HTML]: x", "</div>", "<span class=x>",
                         "安全生产月讲话", "今年6月是全国第20个“安全生产月”。"]),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
    ),
    min_size=1, max_size=12,
).map("\n".join)


def _imported_pages(text: str) -> list:
    """The pages the real pipeline makes of a .txt source holding text ([] for a clear error)."""
    try:
        raw, reports = decode_source(text.encode("utf-8"), "sources/x.txt")
        return plan_source(raw, reports, "sources/x.txt", REAL).pages
    except SourceError:
        return []


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_SPEECH_TEXT)
def test_any_text_gives_a_valid_page_with_no_source_html(text):
    for page in _imported_pages(text):
        meta = fields(page.text)
        assert meta is not None and meta.get("kind") == "speech" and isinstance(meta.get("title"), str)
        assert REAL.is_hand_edited(page.text) is False
        body = page.text.split("\n---\n", 1)[1]
        rendered = site_markdown.render(body)     # as the build renders a speech page
        if not rendered.strip():
            continue
        tree = lxml_html.fragment_fromstring(rendered, create_parent="div")
        for el in tree.iterdescendants():
            assert isinstance(el.tag, str), "HTML comment from the source"
            assert el.tag in ALLOWED_TAGS, (el.tag, body)
            assert set(el.attrib) <= ALLOWED_ATTRS, (el.attrib, body)
            if el.tag == "span":
                assert el.get("class") == "sm-redact", body
            if el.tag == "a":   # only toc permalinks / footnote-free anchors, never source links
                assert (el.get("href") or "").startswith("#"), body


# Chinese text glued to placeholders and half-width marks in any order ("同志们___:",
# "XX20xx年", "X厂", "〔×〕"): what the editors' checks look for, dense.
_GLUED_TEXT = st.lists(
    st.sampled_from(["同志们", "安全", "生产", "局", "厂", "年", "月", "县", "。", "，", "“", "”",
                     "XX", "xx", "Ｘｘ", "××", "X", "20xx", "201x", "20x", "19ｘｘ", "___", "__", "＿＿",
                     "〔*〕", "〔×〕", "……", "□", ":", ",", ";", "?", "!", " ", "\n", "3", "10:30", "a"]),
    min_size=1, max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_GLUED_TEXT)
def test_imported_pages_pass_the_editors_placeholder_and_punctuation_checks(text):
    """The strict build runs the editors' checks on every page: an imported page must never
    fail them with an unmarked placeholder or a half-width mark in Chinese text."""
    from safety_month import checks

    for page in _imported_pages("安全生产月讲话\n" + text):
        _, issues = checks.check_text("docs/speeches/x.md", page.text, "speeches/x.md")
        found = [i.format() for i in issues if i.code in ("text.placeholder", "text.halfwidth")]
        assert found == [], (text, page.text.split("\n---\n", 1)[1])
