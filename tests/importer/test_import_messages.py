"""Messages that name the file and the place, and file names in any encoding or with control
characters: recorded faithfully in the pages, shown safely in the terminal."""

from __future__ import annotations

import json
import os
import re

import pytest
import yaml

from safety_month import cli
from safety_month.pages import writer
from safety_month.importer import pipeline
from safety_month.importer.errors import SourceError, display_name, name_text, shown
from safety_month.importer.pipeline import scan_inputs
from safety_month.pages.reader import fields
from safety_month.importer.read import decode_source, read_source
from tests import _site_markdown as site_markdown

SPEECH = "安全生产讲话\n同志们：今年是全国第20个“安全生产月”。要坚持安全第一。\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    (tmp_path / "sources").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(args, capsys):
    code = cli.main(["import", *args, "--out", "docs/speeches"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_missing_folder_does_not_exist(project, capsys):
    code, out, err = run(["missing_folder", "missing.txt"], capsys)
    assert code == 1
    assert "missing_folder: 文件或文件夹不存在" in err and "missing.txt: 文件或文件夹不存在" in err
    assert "不支持的文件类型" not in out + err
    with pytest.raises(SourceError, match="不存在"):
        read_source(project / "nothing_here")


def test_an_unreadable_folder_is_an_error(project, capsys, monkeypatch):
    """Skipped silently with exit 0 ("导入 0 个文件") before. (os.walk's failure is simulated:
    the tests may run as root, who reads any folder.)"""
    (project / "sources" / "locked").mkdir()
    real_walk = os.walk

    def walk(top, onerror=None, **kw):
        if str(top).endswith("locked"):
            onerror(PermissionError(13, "Permission denied", str(top)))
            return iter(())
        return real_walk(top, onerror=onerror, **kw)

    monkeypatch.setattr(os, "walk", walk)
    code, out, err = run(["sources/locked"], capsys)
    assert code == 1
    assert "sources/locked: 无法读取文件夹" in err and "Permission denied" in err


def test_an_unreadable_subfolder_is_named_and_the_rest_imported(project, capsys, monkeypatch):
    (project / "sources" / "a.txt").write_text(SPEECH, encoding="utf-8")
    (project / "sources" / "sub").mkdir()
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run(["sources"], capsys)
    assert code == 1 and "sources/sub: 无法读取文件夹" in err
    assert "✓ sources/a.txt" in out


def test_an_empty_folder_is_a_warning(project, capsys):
    (project / "sources" / "empty").mkdir()
    (project / "sources" / "empty" / ".hidden.txt").write_text(SPEECH, encoding="utf-8")
    code, out, err = run(["sources/empty"], capsys)
    assert code == 0
    assert "警告：文件夹 sources/empty 中没有可导入的文件" in out
    report = pipeline.import_paths(["sources/empty"], project / "docs" / "speeches")
    assert report.warnings and not report.inputs


def test_one_bad_byte_in_utf8_is_imported_marked_and_listed():
    data = SPEECH.encode("utf-8")
    cut = data.index("今".encode())
    raw, reports = decode_source(data[:cut] + b"\xff" + data[cut:], "sources/x.txt")
    assert raw.encoding == "utf-8" and "□今年" in raw.text
    [item] = raw.review
    assert item.line == 2 and "UTF-8" in item.message and "□" in item.message
    assert [r.rule for r in reports] == ["read.undecodable"]
    [page] = pipeline.plan_source(raw, reports, "sources/x.txt", pipeline.default_pipeline()).pages
    meta = fields(page.text)
    assert any(r["rule"] == "read.undecodable" for r in meta["review"])
    assert "同志们：□今年" in page.text                      # □ written as it is ...
    assert "sm-redact" in site_markdown.render(page.text.split("\n---\n", 1)[1])   # ... shown as a placeholder


def test_gbk_cut_in_the_middle_of_a_character_is_imported():
    data = (SPEECH * 3).encode("gbk") + "安".encode("gbk")[:1]
    raw, _ = decode_source(data, "sources/x.txt")
    assert raw.encoding == "gb18030" and raw.text.rstrip().endswith("□")
    assert raw.review[0].line == raw.text.count("\n") + 1


def test_an_undecodable_file_names_the_line_and_the_byte():
    data = "安全生产\n讲话\n".encode("utf-8") + bytes(range(0x80, 0x100)) * 4
    with pytest.raises(SourceError) as info:
        decode_source(data, "sources/x.txt")
    message = str(info.value)
    assert message.startswith("sources/x.txt: 第 3 行第 1 字节: 无法识别文字编码")
    assert f"文件第 {len('安全生产讲话'.encode()) + 3} 字节" in message


def test_a_gbk_file_name_imports_with_its_name_read_and_said(project, capsys):
    raw_name = "安全讲话.txt".encode("gbk")
    path = os.path.join(os.fsencode(project / "sources"), raw_name)
    with open(path, "wb") as handle:
        handle.write(SPEECH.encode("utf-8"))
    code, out, err = run(["sources"], capsys)
    assert code == 0, err
    assert "✓ sources/安全讲话.txt" in out
    [page] = list((project / "docs" / "speeches").rglob("*.md"))
    meta = fields(page.read_text(encoding="utf-8"))
    assert meta["source_file"] == "sources/安全讲话.txt"
    assert any("GB18030" in r["message"] for r in meta["review"])


def test_a_name_in_no_encoding_is_kept_as_bytes():
    name = os.fsdecode(b"sources/\xff\xfe\\x.txt")
    text, how = name_text(name)
    assert (text, how) == ("sources/\\xff\\xfe\\\\x.txt", "bytes")
    dumped = writer.dump({"source_file": writer.Text(text)})
    assert yaml.safe_load(dumped) == {"source_file": text}
    # reversible: the bytes come back from the text
    back = text.replace("\\\\", "\x00").encode("latin-1", "backslashreplace").decode("unicode_escape")
    assert back.replace("\x00", "\\").encode("latin-1") == os.fsencode(name)


def test_control_characters_in_names_are_recorded_faithfully_and_shown_escaped(project, capsys):
    name = "a\nb\tc\x1bd.txt"
    (project / "sources" / name).write_text(SPEECH, encoding="utf-8")
    code, out, err = run(["sources", "--report", "r.json"], capsys)
    assert code == 0, err
    assert "✓ sources/a\\nb\\tc\\x1bd.txt" in out and "\x1b" not in out and "\t" not in out
    [page] = list((project / "docs" / "speeches").rglob("*.md"))
    text = page.read_text(encoding="utf-8")
    # Newline and tab as YAML escapes; ESC, which no page may hold, as the text \x1b (the
    # review item says how to read the name back)
    assert 'source_file: "sources/a\\nb\\tc\\\\x1bd.txt"' in text
    assert fields(text)["source_file"] == "sources/a\nb\tc\\x1bd.txt"
    assert sum("source_file" in r["message"] for r in fields(text)["review"]) == 2
    report = json.loads((project / "r.json").read_text(encoding="utf-8"))
    assert report["inputs"][0]["source_file"] == "sources/a\nb\tc\\x1bd.txt"
    from safety_month import checks

    _, issues = checks.check_text("docs/speeches/x.md", text, "speeches/x.md")
    assert not [i for i in issues if i.code.startswith("fm.")]


def test_names_are_reversible_and_hold_no_control_character():
    for raw in (b"sources/a\x1bb.txt", b"sources/\xc2\x9b\x9b.txt", b"sources/a\\x1b\xff.txt"):
        text, how = name_text(os.fsdecode(raw))
        assert how == "bytes" and text.isprintable()
        # read back: \\ is "\", \xNN below 0x80 and above it the byte, \uNNNN the character
        back = re.sub(r"\\\\|\\x([0-9a-f]{2})|\\u([0-9a-f]{4})",
                      lambda m: "\\" if m.group() == "\\\\" else (
                          os.fsdecode(bytes([int(m.group(1), 16)])) if m.group(1) else chr(int(m.group(2), 16))),
                      text)
        assert os.fsencode(back) == raw


def test_shown_makes_every_unprintable_character_visible():
    assert shown("a\nb\tc\x1bd\u202ee\udcb0") == "a\\nb\\tc\\x1bd\\u202ee\\xb0"
    assert shown("安全生产") == "安全生产"
    assert display_name(os.fsdecode(b"\xb0\xb2\xc8\xab.txt")) == "安全.txt"
    assert str(SourceError("a\nb.txt", "坏")) == "a\\nb.txt: 坏"


def test_scan_inputs_lists_each_file_once_in_order(project):
    (project / "sources" / "b.txt").write_text(SPEECH, encoding="utf-8")
    (project / "sources" / "a.txt").write_text(SPEECH, encoding="utf-8")
    found = scan_inputs(["sources", "sources/a.txt", "nope"])
    assert found.files == ["sources/a.txt", "sources/b.txt"]
    assert [p for p, _ in found.problems] == ["nope"]
