"""Read stage, .docx: a real Word file made by python-docx (tests/fixtures/make_fixtures.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from safety_month.importer.errors import SourceError
from safety_month.importer.read import docx as docx_reader
from safety_month.importer.read import read_source

from tests.fixtures.make_fixtures import EXPECTED, make_speech_docx
from tests import paths

FIXTURES = paths.TESTS / "fixtures"


def test_real_docx_paragraphs_tables_and_headings():
    raw = read_source(FIXTURES / "read" / "speech.docx")
    assert raw.kind == "docx" and raw.encoding == "docx"
    lines = raw.text.split("\n")
    assert lines == [text for text, _ in EXPECTED]
    assert raw.heading_levels == {i: level for i, (_, level) in enumerate(EXPECTED) if level}


def test_committed_fixture_matches_generator(tmp_path):
    fresh = tmp_path / "fresh.docx"
    make_speech_docx(fresh)
    assert read_source(fresh).text == read_source(FIXTURES / "read" / "speech.docx").text


def test_corrupt_docx_is_refused():
    path = FIXTURES / "read" / "corrupt.docx"
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert str(info.value).startswith(f"{path}: ")
    assert "损坏" in str(info.value)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_that_is_not_word_is_refused(tmp_path):
    path = tmp_path / "a.docx"
    path.write_bytes(_zip({"hello.txt": b"hi"}))
    with pytest.raises(SourceError, match="document.xml"):
        read_source(path)


def test_broken_document_xml_is_refused(tmp_path):
    source = zipfile.ZipFile(FIXTURES / "read" / "speech.docx")
    entries = {name: source.read(name) for name in source.namelist()}
    entries["word/document.xml"] = b"<w:document><unclosed>"
    path = tmp_path / "a.docx"
    path.write_bytes(_zip(entries))
    with pytest.raises(SourceError, match="损坏"):
        read_source(path)


def test_zip_bomb_guard(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(SourceError, match="解压后过大"):
        read_source(FIXTURES / "read" / "speech.docx")


def test_docx_without_text_is_refused(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("")
    path = tmp_path / "blank.docx"
    document.save(path)
    with pytest.raises(SourceError, match="没有文字"):
        read_source(path)


def test_old_word_doc_gets_advice(tmp_path):
    path = tmp_path / "speech.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert str(info.value) == f"{path}: 不支持的文件类型 .doc（旧版 Word 文件（old binary Word）；请另存为 .docx 或 .txt）"


# --- styles parts remembered across documents (read/docx.py _Opener) ------------------------

def _straight_read(data: bytes):
    """The reading without the remembered styles: docx.Document() and a fresh level memo."""
    import docx

    from safety_month.importer.read.normalize import assemble

    return assemble(docx_reader._blocks(docx.Document(io.BytesIO(data)), set(), {}))


def _with_styles(entries: dict[str, bytes], styles: bytes) -> bytes:
    return _zip({**entries, "word/styles.xml": styles})


def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as source:
        return {name: source.read(name) for name in source.namelist()}


@pytest.fixture
def no_remembered_styles(monkeypatch):
    monkeypatch.setattr(docx_reader, "_LEVELS_BY_STYLES", {})
    return docx_reader._LEVELS_BY_STYLES


def test_remembered_styles_read_like_python_docx(no_remembered_styles):
    data = (FIXTURES / "read" / "speech.docx").read_bytes()
    first = docx_reader.read_docx(data, "a.docx")
    assert len(no_remembered_styles) == 1
    second = docx_reader.read_docx(data, "a.docx")          # styles part left unparsed
    text, levels, removed = _straight_read(data)
    for decoded in (first, second):
        assert (decoded.text, decoded.heading_levels, decoded.removed_controls) == (text, levels, removed)


def test_same_styles_part_other_style_ids(no_remembered_styles, tmp_path):
    # Two documents from one template: the second uses a style id the first did not, so the
    # unparsed styles part is parsed on demand.
    import docx

    plain = docx.Document()
    plain.add_paragraph("正文一段。")
    first = tmp_path / "first.docx"
    plain.save(first)
    headed = docx.Document()
    headed.add_paragraph("标题一", style="Heading 2")
    headed.add_paragraph("正文一段。")
    second = tmp_path / "second.docx"
    headed.save(second)
    assert _entries(first)["word/styles.xml"] == _entries(second)["word/styles.xml"]
    for path in (first, second, first, second):
        data = path.read_bytes()
        decoded = docx_reader.read_docx(data, str(path))
        assert (decoded.text, decoded.heading_levels) == _straight_read(data)[:2]
    assert docx_reader.read_docx(second.read_bytes(), "b.docx").heading_levels == {0: 2}


def test_styles_parts_are_told_apart_by_their_bytes(no_remembered_styles):
    # Same document, one styles part renaming "Heading 2" to plain text: each reads as python-docx.
    entries = _entries(FIXTURES / "read" / "speech.docx")
    renamed = entries["word/styles.xml"].replace(b'w:val="heading 2"', b'w:val="Body 2"')
    assert renamed != entries["word/styles.xml"]
    for styles in (entries["word/styles.xml"], renamed, entries["word/styles.xml"], renamed):
        data = _with_styles(entries, styles)
        decoded = docx_reader.read_docx(data, "a.docx")
        assert (decoded.text, decoded.heading_levels) == _straight_read(data)[:2]
    assert len(no_remembered_styles) == 2


def test_broken_styles_part_same_error_before_and_after_a_good_one(no_remembered_styles):
    import docx

    entries = _entries(FIXTURES / "read" / "speech.docx")
    broken = _with_styles(entries, b"<w:styles><unclosed>")
    with pytest.raises(Exception) as plain:
        docx.Document(io.BytesIO(broken))
    docx_reader.read_docx(_with_styles(entries, entries["word/styles.xml"]), "good.docx")
    for _ in range(2):
        with pytest.raises(SourceError) as info:
            docx_reader.read_docx(broken, "bad.docx")
        assert str(info.value) == (f"bad.docx: .docx 文件内容损坏，无法读取（"
                                   f"{type(plain.value).__name__}: {plain.value}）")
    assert len(no_remembered_styles) == 1


def test_remembered_styles_parts_are_bounded(no_remembered_styles, monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_REMEMBERED_STYLES", 2)
    entries = _entries(FIXTURES / "read" / "speech.docx")
    for k in range(4):
        styles = entries["word/styles.xml"].replace(b"</w:styles>", b"<!-- %d --></w:styles>" % k)
        docx_reader.read_docx(_with_styles(entries, styles), "a.docx")
    assert len(no_remembered_styles) == 2
