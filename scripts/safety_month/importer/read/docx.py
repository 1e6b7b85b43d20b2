"""Word documents (.docx) via python-docx: paragraphs and table cells in document order.

Heading styles (Heading 1-4, 标题 1-4 as WPS names them, Title/标题, and custom styles
based on one of these) give heading_levels; empty paragraphs are skipped; a merged table
cell is read once. Old binary .doc files are refused by the dispatcher, not here.

Styles are the slow part: python-docx parses every XML part when it opens a file, and the
styles part of Word's and WPS's templates is several hundred KB (most of a document's read
time), while a speech uses a handful of styles. Documents made from the same template carry
byte-identical styles parts, and a style's heading level depends on nothing but that part
and the style id; so the levels are remembered per styles part (by its bytes), and a styles
part already parsed once is opened unparsed (python-docx's own StylesPart, parsed on first
use, which is only for a style id not seen with that part before).
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

# Styles parts whose heading levels are remembered (each key is a whole styles.xml, a few
# hundred KB): a batch of speeches comes from a few templates; more are simply recomputed.
MAX_REMEMBERED_STYLES = 8

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


class _LazyStylesPart:
    """Makes the part below; its class is built on first use (python-docx is imported only
    when a .docx is read)."""

    part_class = None

    @classmethod
    def make(cls, partname, content_type, blob: bytes, package):
        if cls.part_class is None:
            from docx.opc.part import Part
            from docx.oxml.parser import parse_xml
            from docx.parts.styles import StylesPart

            class LazyStylesPart(StylesPart):
                """python-docx's StylesPart whose XML is parsed when first asked for (the
                same parse StylesPart.load does on open)."""

                def __init__(self, partname, content_type, blob, package):
                    Part.__init__(self, partname, content_type, package=package)
                    self._xml = blob
                    self._parsed = None

                @property
                def _element(self):
                    if self._parsed is None:
                        self._parsed = parse_xml(self._xml)
                    return self._parsed

            cls.part_class = LazyStylesPart
        return cls.part_class(partname, content_type, blob, package)


# styles.xml bytes -> {paragraph style id: heading level} for styles parts that parsed.
_LEVELS_BY_STYLES: dict[bytes, dict] = {}


class _Opener:
    """docx.Document() for bytes, through python-docx's own unmarshalling with a part factory
    that leaves a known styles part unparsed; records each styles part's bytes."""

    def __init__(self):
        self.styles_blobs: dict[str, bytes] = {}

    def part(self, partname, content_type, reltype, blob, package):
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.part import PartFactory

        if content_type == CT.WML_STYLES and reltype == RT.STYLES:
            self.styles_blobs[partname] = blob
            if blob in _LEVELS_BY_STYLES:      # parsed before: parse again only if needed
                return _LazyStylesPart.make(partname, content_type, blob, package)
        return PartFactory(partname, content_type, reltype, blob, package)

    def document(self, data: bytes):
        """What docx.Document(io.BytesIO(data)) returns (same steps, same errors)."""
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.package import Unmarshaller
        from docx.opc.pkgreader import PackageReader
        from docx.package import Package

        stream = io.BytesIO(data)
        package = Package()
        Unmarshaller.unmarshal(PackageReader.from_file(stream), package, self.part)
        document_part = package.main_document_part
        if document_part.content_type != CT.WML_DOCUMENT_MAIN:
            tmpl = "file '%s' is not a Word file, content type is '%s'"
            raise ValueError(tmpl % (stream, document_part.content_type))
        return document_part.document

    def levels(self, document) -> dict:
        """The style-id -> level memo for the document's styles part: shared with earlier
        documents whose styles part has the same bytes, else a new one (remembered)."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        try:
            styles = document.part.part_related_by(RT.STYLES)
        except KeyError:                # python-docx adds its default styles: not remembered
            return {}
        blob = self.styles_blobs.get(styles.partname)
        if blob is None:
            return {}
        if blob not in _LEVELS_BY_STYLES:
            if len(_LEVELS_BY_STYLES) >= MAX_REMEMBERED_STYLES:
                del _LEVELS_BY_STYLES[next(iter(_LEVELS_BY_STYLES))]
            _LEVELS_BY_STYLES[blob] = {}
        return _LEVELS_BY_STYLES[blob]


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
    opener = _Opener()
    try:
        document = opener.document(data)
        blocks = _blocks(document, set(), opener.levels(document))
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types on broken parts
        raise SourceError(path, f".docx 文件内容损坏，无法读取（{type(exc).__name__}: {exc}）") from exc
    text, levels, removed = assemble(blocks)
    if not text.strip():
        raise SourceError(path, "文档中没有文字（empty document）")
    return Decoded(text=text, encoding="docx", heading_levels=levels, source_url=None,
                   removed_controls=removed)
