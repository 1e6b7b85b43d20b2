"""Word documents (.docx) via python-docx: paragraphs and table cells in document order.

Heading styles (Heading 1-4, 标题 1-4 as WPS names them, Title/标题, and custom styles
based on one of these) give heading_levels; empty paragraphs are skipped; a merged table
cell is read once. Old binary .doc files are refused by the dispatcher, not here.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import SourceError
from .normalize import Decoded, assemble

# Sum of uncompressed part sizes accepted (zip-bomb guard). A long speech's document.xml is
# well under 1 MB; pictures count too, and the file itself is already bounded by
# MAX_SOURCE_BYTES, so 64 MB leaves room for image-heavy files without risking memory.
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "标题"}
_MAX_STYLE_DEPTH = 10


def _style_level(style) -> int | None:
    """Heading level 1-4 of a paragraph style (following base styles), or None."""
    for _ in range(_MAX_STYLE_DEPTH):
        if style is None:
            return None
        name = (style.name or "").strip()
        if name.lower() in _TITLE_NAMES:
            return 1
        match = _HEADING_NAME.match(name)
        if match:
            level = int(match.group(1))
            return level if level <= 4 else None
        style = style.base_style
    return None


def _paragraph_block(paragraph, levels: dict) -> tuple[str, int | None]:
    # Resolving a style is slow in python-docx (a scan of all styles); cache by style id.
    style_id = paragraph._p.style
    if style_id not in levels:
        try:
            levels[style_id] = _style_level(paragraph.style)
        except (KeyError, ValueError, AttributeError):  # broken styles part: body text
            levels[style_id] = None
    return paragraph.text, levels[style_id]


def _blocks(container, seen_cells: set, levels: dict) -> list[tuple[str, int | None]]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[tuple[str, int | None]] = []
    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            out.append(_paragraph_block(item, levels))
        elif isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    # A merged cell repeats across its span. Keep the elements themselves
                    # (not id()s, which lxml may reuse once a proxy is freed).
                    if cell._tc in seen_cells:
                        continue
                    seen_cells.add(cell._tc)
                    out.extend(_blocks(cell, seen_cells, levels))
    return out


def _check_zip(data: bytes, path: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise SourceError(path, f"不是有效的 .docx 文件，可能已损坏（corrupt zip: {exc}）") from exc
    if "word/document.xml" not in names:
        raise SourceError(path, "不是有效的 .docx 文件：缺少 word/document.xml（not a Word document）")
    if total > MAX_UNZIPPED_BYTES:
        raise SourceError(path, f"解压后过大（{total} 字节，上限 {MAX_UNZIPPED_BYTES}；"
                                "unzipped size over limit）")


def read_docx(data: bytes, path: str) -> Decoded:
    _check_zip(data, path)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _blocks(document, set(), {})
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types on broken parts
        raise SourceError(path, f".docx 文件内容损坏，无法读取（{type(exc).__name__}: {exc}）") from exc
    text, levels, removed = assemble(blocks)
    if not text.strip():
        raise SourceError(path, "文档中没有文字（empty document）")
    return Decoded(text=text, encoding="docx", heading_levels=levels, source_url=None,
                   removed_controls=removed)
