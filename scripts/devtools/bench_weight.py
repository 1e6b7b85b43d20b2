"""Speech page weight: what a reader downloads besides the speech's own text, and its parts.

Definitions (the issue's target: everything except the speech's own text <= 2 KB gzip):

- the speech's own text is the content of the page's `<div class="sm-speech-body">` block (the
  paragraphs and section headings the importer wrote; the title, year line, tags and the
  provenance note around it are the page's, not the text);
- `outside_text(page)` is the page's bytes with that content removed (the block's own
  opening and closing tags stay), and the figure is its gzip size (level 6, as nginx's
  anquan-gzip.conf compresses): what the page costs when the speech is empty. It is not
  gzip(page) - gzip(text): the two compress together, so that difference undercounts.

`breakdown(page)` names where that weight is: it removes the parts of PARTS one after another
from the page without its text (parsed and written back with lxml) and records each removal's
raw and gzip bytes; what is left is "rest". The rows add up to the lxml-serialised page, which
is within a few bytes of the built file.

Run on built pages:  .venv/bin/python -m devtools.bench_weight site/speeches/2021/<page>/index.html
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

BODY_START, BODY_END = b'<div class="sm-speech-body">', b'<aside class="sm-provenance"'
_BODY_CLOSE = b"</div>"

# (label, XPath): removed in this order; an element already removed with an earlier part is
# not counted again. Icons first: they sit inside the header, buttons and footer.
PARTS: list[tuple[str, str]] = [
    ("CSP <meta>", "//meta[@http-equiv='Content-Security-Policy']"),
    ("other <head> meta (description, og:*, generator…)", "//head/meta[not(@charset)]"),
    ("<head> links (stylesheets, icon, canonical)", "//head/link"),
    ("<title>", "//head/title"),
    ("inline SVG icons", "//svg"),
    ("__config JSON script", "//script[@id='__config']"),
    ("other inline scripts", "//script[not(@src)]"),
    ("script tags with src", "//script[@src]"),
    ("search dialog", "//div[@data-md-component='search']"),
    ("header bar (rest)", "//header[contains(@class,'md-header')]"),
    ("tabs", "//nav[contains(@class,'md-tabs')]"),
    ("sidebars (navigation, toc)", "//div[contains(@class,'md-sidebar')]"),
    ("speech head (kicker, title, year, tags)", "//header[contains(@class,'sm-speech-head')]"),
    ("outline 提纲 (links to the headings' anchors)", "//nav[contains(@class,'sm-outline')]"),
    ("provenance note", "//aside[contains(@class,'sm-provenance')]"),
    ("share block and QR", "//div[contains(@class,'sm-share')]"),
    ("back-to-top button", "//button[@data-md-component='top']"),
    ("footer", "//footer"),
    ("drawer/search toggles, overlay, dialog, banner",
     "//input[contains(@class,'md-toggle')] | //label[contains(@class,'md-overlay')]"
     " | //div[@data-md-component='dialog'] | //div[@data-md-component='announce']"
     " | //div[@data-md-component='skip']"),
]


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def speech_text(data: bytes) -> bytes | None:
    """The speech-body block of one built speech page (None in pages of other templates)."""
    start = data.find(BODY_START)
    end = data.find(BODY_END, start)
    return data[start:end] if start >= 0 and end > start else None


def outside_text(data: bytes) -> bytes | None:
    """The page without the content of its speech-body block (None when it has none)."""
    start = data.find(BODY_START)
    end = data.find(BODY_END, start)
    if start < 0 or end <= start:
        return None
    close = data.rfind(_BODY_CLOSE, start, end)
    inner_start = start + len(BODY_START)
    if close < inner_start:
        return None
    return data[:inner_start] + data[close:]


def outside_text_gzip(data: bytes) -> int | None:
    rest = outside_text(data)
    return None if rest is None else gzip_size(rest)


def _serialise(tree) -> bytes:
    """The tree as HTML bytes, attribute values as the build writes them. libxml2's HTML
    serialiser percent-encodes non-ASCII characters in URI attributes (href="#一、" becomes
    "#%E4%B8%80%E3%80%81", 9 bytes a character instead of 3), which built pages do not do: the
    rows would count an outline of Chinese heading links three times over. Such values are
    written as ASCII tokens and put back."""
    import html

    import lxml.html

    held: list[tuple[object, str, str]] = []
    for element in tree.iter():
        for name, value in element.attrib.items():
            if not value.isascii():
                held.append((element, name, value))
                element.set(name, f"smtoken{len(held) - 1:08d}x")
    try:
        data = lxml.html.tostring(tree, encoding="utf-8", doctype="<!doctype html>")
    finally:
        for element, name, value in held:
            element.set(name, value)
    for n, (_, _, value) in enumerate(held):
        data = data.replace(f"smtoken{n:08d}x".encode(), html.escape(value, quote=True).encode("utf-8"), 1)
    return data


def breakdown(data: bytes) -> list[tuple[str, int, int]]:
    """(part, raw bytes, gzip bytes) of the page without its text, part by part, then "rest";
    ValueError for a page without a speech-body block."""
    import lxml.html

    rest = outside_text(data)
    if rest is None:
        raise ValueError("not a speech page: no sm-speech-body block")
    tree = lxml.html.document_fromstring(rest)
    before = _serialise(tree)
    rows = []
    for label, xpath in PARTS:
        for element in tree.xpath(xpath):
            if element.getparent() is not None:
                element.drop_tree()
        after = _serialise(tree)
        rows.append((label, len(before) - len(after), gzip_size(before) - gzip_size(after)))
        before = after
    rows.append(("rest (html/body/main wrappers, text nodes)", len(before), gzip_size(before)))
    return rows


def format_breakdown(rows: list[tuple[str, int, int]]) -> str:
    width = max(len(label) for label, _, _ in rows) + 2
    lines = [f"{label:<{width}}{raw:>8,} B raw {gz:>7,} B gzip" for label, raw, gz in rows]
    lines.append(f"{'total':<{width}}{sum(r for _, r, _ in rows):>8,} B raw "
                 f"{sum(g for _, _, g in rows):>7,} B gzip")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Where a built speech page's weight outside its text is")
    ap.add_argument("pages", nargs="+", type=Path)
    args = ap.parse_args(argv)
    for page in args.pages:
        data = page.read_bytes()
        size = outside_text_gzip(data)
        if size is None:
            print(f"{page}: not a speech page (no sm-speech-body block)", file=sys.stderr)
            return 1
        print(f"{page}: page {gzip_size(data):,} B gzip; outside the speech text {size:,} B gzip")
        print(format_breakdown(breakdown(data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
