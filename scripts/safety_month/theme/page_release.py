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

from . import internals


def release(page) -> None:
    """Drop a written page's Markdown and HTML (its title, URL, outline and anchors stay)."""
    internals.patch(internals.RELEASE_PAGES, page, "markdown", "")
    internals.patch(internals.RELEASE_PAGES, page, "content", "")
