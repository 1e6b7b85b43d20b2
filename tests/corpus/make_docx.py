"""Rebuild the .docx evaluation inputs from tests/corpus/docx_specs/*.yml.

Each spec holds real text (from the page the case records) laid out the way Word users lay
out speeches and notices: a Title / Heading 1 / bold-centred Normal title, centred speaker
and date paragraphs, Heading 2/3 section headings, Normal body paragraphs with a first-line
indent, List Number paragraphs, tables, and optional page header/footer text.

The output is deterministic (fixed core properties and zip timestamps), so running

    .venv/bin/python tests/corpus/make_docx.py

reproduces the committed files byte for byte.

Spec format (YAML):
    id: docx-<first 10 hex of sha256(url)>
    url: ...
    author: ...            # core property
    header: ...            # page header text ('' for none)
    footer: ...            # page footer text ('' for none)
    body:
      - {style: title, text: ...}          # Title style
      - {style: title, lines: [..., ...]}  # Title style with a line break
      - {style: h1|h2|h3, text: ...}       # Heading 1/2/3
      - {style: ctitle, text: ...}         # Normal, bold, centred, large (title typed by hand)
      - {style: ctitle_red, text: ...}     # red-header line of an official document
      - {style: center|speaker|date, text: ...}
      - {style: right, text: ...}          # right-aligned (signature date)
      - {style: p, text: ...}              # Normal with a two-character first-line indent
      - {style: p0, text: ...}             # Normal without indent (salutation, addressee)
      - {style: li, text: ...}             # List Number
      - {table: {header: [...], rows: [[...], ...]}}
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import yaml
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

HERE = Path(__file__).resolve().parent
SPECS = HERE / "docx_specs"
CASES = HERE / "cases"
FIXED = dt.datetime(2026, 12, 4, 9, 0, 0)
ZIP_TIME = (2026, 12, 4, 9, 0, 0)


def _east_asian(run_or_style, font: str) -> None:
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), font)


def _setup(doc: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = "Times New Roman"
    _east_asian(normal, "仿宋_GB2312")
    for name, size, font in (("Title", 22, "方正小标宋简体"), ("Heading 1", 18, "方正小标宋简体"),
                             ("Heading 2", 16, "黑体"), ("Heading 3", 16, "楷体_GB2312")):
        st = doc.styles[name]
        st.font.size = Pt(size)
        _east_asian(st, font)


def _para(doc: Document, item: dict) -> None:
    style = item.get("style")
    text = item.get("text", "")
    if style == "title":
        p = doc.add_paragraph(style="Title")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        lines = item.get("lines") or [text]
        for i, line in enumerate(lines):
            run = p.add_run(line)
            if i < len(lines) - 1:
                run.add_break(WD_BREAK.LINE)
        return
    if style in ("h1", "h2", "h3"):
        doc.add_paragraph(text, style="Heading " + style[1])
        return
    if style == "li":
        doc.add_paragraph(text, style="List Number")
        return
    p = doc.add_paragraph()
    run = p.add_run(text)
    if style in ("ctitle", "ctitle_red"):
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run.bold = True
        run.font.size = Pt(22 if style == "ctitle" else 26)
        _east_asian(run, "方正小标宋简体")
        if style == "ctitle_red":
            run.font.color.rgb = RGBColor(0xFF, 0x00, 0x00)
    elif style in ("center", "speaker", "date"):
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if style in ("speaker", "date"):
            _east_asian(run, "楷体_GB2312")
    elif style == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif style == "p":
        p.paragraph_format.first_line_indent = Pt(32)
    elif style == "p0":
        pass
    else:
        raise ValueError(f"unknown style {style!r}")


def _table(doc: Document, spec: dict) -> None:
    header, rows = spec["header"], spec["rows"]
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for j, h in enumerate(header):
        cell = table.rows[0].cells[j]
        cell.text = h
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            table.rows[i].cells[j].text = value


def build(spec: dict) -> bytes:
    doc = Document()
    _setup(doc)
    cp = doc.core_properties
    cp.author = spec.get("author") or ""
    cp.last_modified_by = spec.get("author") or ""
    cp.created = FIXED
    cp.modified = FIXED
    cp.last_printed = FIXED
    cp.revision = 1
    cp.title = ""
    section = doc.sections[0]
    if spec.get("header"):
        section.header.paragraphs[0].text = spec["header"]
        section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if spec.get("footer"):
        section.footer.paragraphs[0].text = spec["footer"]
        section.footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for item in spec["body"]:
        if "table" in item:
            _table(doc, item["table"])
        else:
            _para(doc, item)
    raw = io.BytesIO()
    doc.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Same members, fixed timestamps, so the bytes do not depend on when they were built."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str]) -> int:
    specs = sorted(SPECS.glob("*.yml"))
    if not specs:
        print("no specs found", file=sys.stderr)
        return 1
    for path in specs:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        target = CASES / spec["id"] / "source.docx"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(build(spec))
    print(f"wrote {len(specs)} docx files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
