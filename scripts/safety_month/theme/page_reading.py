"""MkDocs' reading of each page, without the work the build already did or cannot need.

- `read_once(wrap)`: `mkdocs.utils.meta.get_data` parses each page's YAML block when MkDocs
  reads the page, after the editors' checks and the library already parsed the same block. It
  is replaced (once per process) by `wrap(get_data)`, a function that answers for the blocks it
  knows and calls MkDocs' own for the others: pages.known_fields.reading_from_memory, passed in
  by the checks hook (this room does not import pages).
- `scan_markup_only()`: MkDocs runs html.parser over every page's Markdown source to collect
  the id= of raw HTML tags (for its anchor checks), while md_in_html parses the same source
  again. A source without "<" holds no tag, so its scan finds no id: it is skipped (every
  imported speech is plain text).
"""

from __future__ import annotations

from mkdocs.structure import pages
from mkdocs.utils import meta

from . import internals


def read_once(wrap) -> bool:
    """Install wrap(meta.get_data) as MkDocs' get_data; False when it is in place already."""
    if internals.patched(meta, "get_data"):
        return False
    internals.patch(internals.FRONT_MATTER, meta, "get_data", wrap(meta.get_data), once=True)
    return True


def scan_markup_only() -> bool:
    """Skip MkDocs' raw-HTML anchor scan of sources without a tag; False when done already."""
    preprocessor = pages._RawHTMLPreprocessor
    if internals.patched(preprocessor, "run"):
        return False
    scan = preprocessor.run

    def run(self, lines):
        if any("<" in line for line in lines):
            return scan(self, lines)
        self.present_anchor_ids = set()   # what the parser finds in text without tags
        return lines

    run.wrapped = scan
    internals.patch(internals.RAW_HTML_SCAN, preprocessor, "run", run, once=True)
    return True
