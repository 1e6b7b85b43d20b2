"""MkDocs' reading of page front matter, answered from what the build already read.

`mkdocs.utils.meta.get_data` parses each page's YAML block when MkDocs reads the page, after
the editors' checks and the library already parsed the same block. `read_once(wrap)` replaces
it (once per process, through theme.internals) by `wrap(get_data)`, a function that answers
for the blocks it knows and calls MkDocs' own for the others: pages.known_fields.
reading_from_memory, passed in by the checks hook (this room does not import pages).
"""

from __future__ import annotations

from mkdocs.utils import meta

from . import internals


def read_once(wrap) -> bool:
    """Install wrap(meta.get_data) as MkDocs' get_data; False when it is in place already."""
    if internals.patched(meta, "get_data"):
        return False
    internals.patch(internals.FRONT_MATTER, meta, "get_data", wrap(meta.get_data), once=True)
    return True
