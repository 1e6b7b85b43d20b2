"""Let go of each page's Markdown and HTML once MkDocs wrote the page (`mkdocs build` only).

MkDocs converts every page before it renders any and keeps every Page, with its Markdown
source (`markdown`) and converted HTML (`content`), until the build ends. After a page's
last on_post_page nothing reads either: the templates of other pages show titles, URLs and
outlines, the anchor validation reads `present_anchor_ids` and `links_to_anchors`, the search
index was taken in on_page_context, and the post-build steps read site/. At 3,000 speeches
they were about 150 MB of the build process at its peak of memory, when the search shard
writer runs beside it (issue 20: peak <= 1 GB).

Both become '' rather than None: Page.title returns None for a page whose markdown is None,
and parses the Markdown for a heading when content is None; with '' it gives what it gave
for the rendered page (the front matter's title, the rendered <h1>, or the file name).
`mkdocs serve` keeps them: the live preview (safety_month.preview) reuses pages between
rebuilds.
"""

from __future__ import annotations

import ctypes
import ctypes.util

from . import internals


def release(page) -> None:
    """Drop a written page's Markdown and HTML (its title, URL, outline and anchors stay)."""
    internals.patch(internals.RELEASE_PAGES, page, "markdown", "")
    internals.patch(internals.RELEASE_PAGES, page, "content", "")


def return_freed_memory() -> bool:
    """Give the memory the build freed back to the system (glibc's malloc_trim); False where
    the C library has no malloc_trim (macOS, musl): nothing changes there.

    What the pages, the checks' report and the 五进 excerpts held is freed during the build,
    but glibc keeps freed memory inside the process, so the search index written after the
    pages (a few hundred MB while it is serialized and sharded) came on top of it: at 3,000
    speeches trimming before it took the build process from 879 to 746 MB RSS and the peak
    of the process tree from 1,285 to 1,144 MB. Called once per build (a few ms)."""
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is None:
        return False
    trim(0)
    return True
