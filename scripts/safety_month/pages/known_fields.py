"""Front-matter blocks this process has read, by their text, so that no page's block is parsed
twice in a build.

Three readers meet every page on each build: the editors' checks (reader.parse with positions,
first), the library and 五进 pages (reader.parse without), and MkDocs itself (its own
yaml.load in mkdocs.utils.meta.get_data, when it reads the page). Each parse of the same block
gives the same fields (reader and MkDocs use the same YAML loader on the same text), so the
first one is kept here, keyed by the block's exact text, and the others take a copy:

- `remember(block, data)` / `known(block)`: reader.parse records what it read, and reads a
  block without positions from here when it is known;
- `reading_from_memory(get_data)`: MkDocs' get_data that answers from here (the checks hook
  installs it through theme.internals), falling back to MkDocs' own for any block not known.

Only blocks whose text YAML and MkDocs split into the same lines are kept (no CR, no
U+0085/U+2028/U+2029, which reader.bounded reads as spaces). Every answer is a copy: hooks
change page.meta (template, description …), and the next reader must see the page's own
fields. Pure: no file access, no MkDocs import.
"""

from __future__ import annotations

import pickle
import re

# The same pattern as mkdocs.utils.meta.YAML_RE (group 1 is the block reader.parse reads).
MKDOCS_BLOCK = re.compile(r'^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n', re.UNICODE | re.DOTALL)
# Blocks kept at most: more than any site's pages; beyond it the oldest half is dropped.
LIMIT = 20_000
_UNSAFE = re.compile("[\r\x85\u2028\u2029]")

# Kept pickled: every answer is then a fresh copy made in C (a Python deep copy of a speech's
# fields cost as much as parsing them).
_blocks: dict[str, bytes] = {}


def remember(block: str, data: dict) -> None:
    """Keep a copy of the fields read from `block` (a mapping; other values are not kept)."""
    if not isinstance(data, dict) or _UNSAFE.search(block):
        return
    if len(_blocks) >= LIMIT:
        for key in list(_blocks)[: LIMIT // 2]:
            del _blocks[key]
    try:
        _blocks[block] = pickle.dumps(data, pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass   # not plain data: MkDocs parses it itself


def known(block: str) -> dict | None:
    """A copy of the fields of `block` when it was read before, else None."""
    data = _blocks.get(block)
    return None if data is None else pickle.loads(data)


def forget() -> None:
    _blocks.clear()


def reading_from_memory(get_data):
    """MkDocs' get_data(doc) -> (Markdown, fields), answering from the blocks kept here."""
    def get_data_known(doc: str):
        m = MKDOCS_BLOCK.match(doc)
        data = known(m.group(1)) if m else None
        if data is None:
            return get_data(doc)
        return doc[m.end():].lstrip("\n"), data   # what get_data returns for a mapping
    get_data_known.wrapped = get_data
    return get_data_known
