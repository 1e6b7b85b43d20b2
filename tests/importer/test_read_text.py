"""Read stage, plain text: encodings, BOMs, control characters, refusals."""

from __future__ import annotations

import codecs

import pytest

import safety_month.importer.read as read
from safety_month.importer.errors import SourceError
from safety_month.importer.read import decode_source, read_source, read_source_with_reports

# Known text with simplified characters, full-width punctuation and an ASCII part.
SIMPLIFIED = ("区长在安全生产巡查督导工作座谈会上的讲话\n同志们：\n开展安全生产督导是我区坚决贯彻落实"
              "决策部署的重大举措，是举一反三、亡羊补牢的重要安排（2019年）。")
# Big5 cannot hold simplified characters: the same speech in traditional script.
TRADITIONAL = ("區長在安全生產巡查督導工作座談會上的講話\n同志們：\n開展安全生產督導是我區堅決貫徹落實"
               "決策部署的重大舉措，是舉一反三、亡羊補牢的重要安排（2019年）。")


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("codec, expected_encoding", [
    ("utf-8", "utf-8"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),      # GBK bytes are decoded with the GB18030 superset
    ("gb2312", "gb18030"),
])
def test_simplified_encodings(tmp_path, codec, expected_encoding):
    raw = read_source(write(tmp_path, "a.txt", SIMPLIFIED.encode(codec)))
    assert raw.text == SIMPLIFIED
    assert raw.encoding == expected_encoding
    assert raw.kind == "txt"


def test_big5(tmp_path):
    raw = read_source(write(tmp_path, "a.txt", TRADITIONAL.encode("big5")))
    assert raw.text == TRADITIONAL
    assert "big5" in raw.encoding


@pytest.mark.parametrize("bom, codec, label", [
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
])
def test_byte_order_marks_are_honoured_and_removed(tmp_path, bom, codec, label):
    raw = read_source(write(tmp_path, "a.txt", bom + SIMPLIFIED.encode(codec)))
    assert raw.text == SIMPLIFIED
    assert not raw.text.startswith("\ufeff")
    assert raw.encoding == label


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected(tmp_path, codec):
    raw = read_source(write(tmp_path, "a.txt", SIMPLIFIED.encode(codec)))
    assert raw.text == SIMPLIFIED


def test_sha256_is_of_the_raw_bytes(tmp_path):
    import hashlib

    data = SIMPLIFIED.encode("gb18030")
    assert read_source(write(tmp_path, "a.txt", data)).sha256 == hashlib.sha256(data).hexdigest()


def test_newlines_normalized_and_control_chars_removed_and_counted(tmp_path):
    data = "第一行\r\n第二\x00行\r第三行\x07\x1b\n\t缩进\u2028第五行".encode("utf-8")
    raw, reports = read_source_with_reports(write(tmp_path, "a.txt", data))
    assert raw.text == "第一行\n第二行\n第三行\n\t缩进\n第五行"
    assert raw.text.split("\n") == raw.text.splitlines()
    assert [(r.rule, r.count) for r in reports] == [("read.control_chars", 3)]


def test_no_unicode_normalization(tmp_path):
    text = "安全第一，预防为主：（一）ＡＢＣ１２３　全角空格"
    assert read_source(write(tmp_path, "a.txt", text.encode("utf-8"))).text == text


def test_clean_file_has_no_read_reports(tmp_path):
    _, reports = read_source_with_reports(write(tmp_path, "a.txt", SIMPLIFIED.encode()))
    assert reports == []


@pytest.mark.parametrize("data", [b"", b"   \r\n\n", codecs.BOM_UTF8])
def test_empty_file_is_refused(tmp_path, data):
    path = write(tmp_path, "empty.txt", data)
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert str(info.value).startswith(f"{path}: ")
    assert "空" in str(info.value)


def test_undecodable_bytes_are_refused(tmp_path):
    # Latin-1 French: no CJK under any supported encoding.
    path = write(tmp_path, "a.txt", "Sécurité au travail: règles générales à respecter.".encode("latin-1"))
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert "编码" in str(info.value)
    assert "\n" not in str(info.value)


def test_truncated_utf16_after_bom_is_refused(tmp_path):
    path = write(tmp_path, "a.txt", codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le")[:-1])
    with pytest.raises(SourceError, match="utf-16"):
        read_source(path)


def test_oversize_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_SOURCE_BYTES", 64)
    path = write(tmp_path, "big.txt", SIMPLIFIED.encode("utf-8"))
    with pytest.raises(SourceError, match="过大"):
        read_source(path)
    with pytest.raises(SourceError, match="过大"):   # the pure entry point checks too
        decode_source(SIMPLIFIED.encode("utf-8"), "big.txt")


def test_max_source_bytes_is_a_few_megabytes():
    assert 1 << 20 <= read.MAX_SOURCE_BYTES <= 16 << 20


@pytest.mark.parametrize("name, shown", [
    ("speech.doc", ".doc"), ("speech.pdf", ".pdf"), ("speech.md", ".md"), ("README", "（无扩展名）"),
])
def test_unsupported_types_get_one_line_advice(tmp_path, name, shown):
    path = write(tmp_path, name, SIMPLIFIED.encode("utf-8"))
    with pytest.raises(SourceError) as info:
        read_source(path)
    message = str(info.value)
    assert message.startswith(f"{path}: 不支持的文件类型 {shown}")
    assert ".docx 或 .txt" in message
    assert "\n" not in message


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="不存在"):
        read_source(tmp_path / "nope.txt")


def test_suffix_is_case_insensitive(tmp_path):
    assert read_source(write(tmp_path, "A.TXT", SIMPLIFIED.encode())).text == SIMPLIFIED


def test_source_error_is_one_line_with_place():
    error = SourceError("sources/a.txt", "坏了\n（broken）", place="第 3 行")
    assert str(error) == "sources/a.txt: 第 3 行: 坏了 （broken）"
    assert str(SourceError("a.txt", "坏了")) == "a.txt: 坏了"


def test_normalize_text_newlines_and_controls():
    from safety_month.importer.read.normalize import normalize_text

    assert normalize_text("a\r\nb\rc\x85d\u2028e\u2029f\n") == ("a\nb\nc\nd\ne\nf\n", 0)
    assert normalize_text("安\x00\x00全\x07生\x9f产") == ("安全生产", 4)
    assert normalize_text("安全生产\n") == ("安全生产\n", 0)


def test_rare_share_of_a_partly_damaged_reading():
    """The partial reader's plausibility test runs (it imported the t2s converter from a
    module that no longer had it: any file reaching it crashed with an ImportError)."""
    from safety_month.importer.read import encoding

    assert encoding._rare_share("各位领导，同志们：安全生产") == 0.0
    assert encoding._rare_share("abc") == 1.0
