"""Read stage: a source file -> RawDocument (decoded text, encoding, headings, source URL).

``read_source(path)`` dispatches on the file suffix (.txt, .html/.htm, .docx). Any problem
with the input - unsupported type, empty, too large, undecodable, corrupt - raises a
SourceError with a one-line message naming the file; no other exception escapes for any
byte sequence. The only normalization is newlines and control characters (normalize.py).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable

from ..errors import SourceError
from ..model import RawDocument, RuleReport
from .docx import read_docx
from .html import read_html
from .normalize import Decoded, control_report, undecodable_report
from .text import read_txt

# Largest source file accepted. Real inputs are far smaller: the seeds are 5-12 KB, a long
# speech is under 100 KB of text, a saved page with inline scripts 1-2 MB, a .docx with a
# photo or two 1-3 MB. 5 MB leaves ample room for those while bounding memory and time
# (the cleaning rules are regex passes over the whole text) and refusing things that are
# clearly not one speech (scanned PDFs renamed, archives, whole-site dumps).
MAX_SOURCE_BYTES = 5 * 1024 * 1024

READERS: dict[str, tuple[str, Callable[[bytes, str], Decoded]]] = {
    ".txt": ("txt", read_txt),
    ".text": ("txt", read_txt),
    ".html": ("html", read_html),
    ".htm": ("html", read_html),
    ".xhtml": ("html", read_html),
    ".docx": ("docx", read_docx),
}

# Known but unsupported types get advice on what to do instead.
_ADVICE = {
    ".doc": "旧版 Word 文件（old binary Word）",
    ".wps": "WPS 文件（WPS format）",
    ".rtf": "RTF 文件",
    ".pdf": "PDF 文件",
    ".odt": "OpenDocument 文件",
    ".mht": "单文件网页（MHTML）",
    ".mhtml": "单文件网页（MHTML）",
}


def unsupported_message(suffix: str) -> str:
    shown = suffix or "（无扩展名）"
    kind = _ADVICE.get(suffix, "unsupported file type")
    return f"不支持的文件类型 {shown}（{kind}；请另存为 .docx 或 .txt）"


def decode_source(data: bytes, path: str) -> tuple[RawDocument, list[RuleReport]]:
    """Pure part of the read stage: bytes + name -> (RawDocument, read-stage reports)."""
    suffix = Path(path).suffix.lower()
    if suffix not in READERS:
        raise SourceError(path, unsupported_message(suffix))
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(path, f"文件过大：{len(data)} 字节，上限 {MAX_SOURCE_BYTES} 字节"
                                "（file too large）")
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise SourceError(path, "文件为空（empty file）")
    kind, reader = READERS[suffix]
    decoded = reader(data, path)
    if not decoded.text.strip():
        raise SourceError(path, "文件中没有文字（no text after decoding）")
    raw = RawDocument(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        text=decoded.text,
        encoding=decoded.encoding,
        kind=kind,
        heading_levels=dict(decoded.heading_levels),
        source_url=decoded.source_url,
        review=list(decoded.review),
    )
    return raw, control_report(decoded.removed_controls) + undecodable_report(
        decoded.undecodable, decoded.encoding) + list(decoded.reports)


def read_source_with_reports(path: str | os.PathLike) -> tuple[RawDocument, list[RuleReport]]:
    """Read a file from disk; see decode_source. Checks type and size before reading."""
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    try:
        info = os.stat(name)
    except FileNotFoundError as exc:
        raise SourceError(name, "文件或文件夹不存在（not found）") from exc
    except OSError as exc:
        raise SourceError(name, f"无法读取（{exc.strerror or exc}）") from exc
    if suffix not in READERS:
        raise SourceError(name, unsupported_message(suffix))
    try:
        size = info.st_size
        if not os.path.isfile(name):
            raise SourceError(name, "不是普通文件（not a regular file）")
        if size > MAX_SOURCE_BYTES:
            raise SourceError(name, f"文件过大：{size} 字节，上限 {MAX_SOURCE_BYTES} 字节"
                                    "（file too large）")
        with open(name, "rb") as handle:
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except FileNotFoundError as exc:
        raise SourceError(name, "文件不存在（file not found）") from exc
    except OSError as exc:
        raise SourceError(name, f"无法读取文件（{exc.strerror or exc}）") from exc
    return decode_source(data, name)


def read_source(path: str | os.PathLike) -> RawDocument:
    """Read one source file into a RawDocument; raises SourceError for bad input."""
    return read_source_with_reports(path)[0]
