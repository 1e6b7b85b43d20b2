"""Read stage, .docx: a real Word file made by python-docx (tests/fixtures/make_fixtures.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from safety_month.errors import SourceError
from safety_month.read import docx as docx_reader
from safety_month.read import read_source

from tests.fixtures.make_fixtures import EXPECTED, make_speech_docx

FIXTURES = Path(__file__).parent / "fixtures"


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
