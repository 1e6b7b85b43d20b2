"""Remember what a pure page filter returned, for the live preview.

In `mkdocs serve` every save re-runs each page's on_post_page filters, although the preview
(preview_pages) hands back the very same rendered HTML for the pages that did not change:
with 1,000 speeches the whitespace trim alone took 2 s of a rebuild. `PageMemo` maps an input
to the filter's output so unchanged pages cost a dictionary look-up. The build (`mkdocs
build`) renders each page once and does not use it.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable

# Enough for every page of a large site; the oldest entries go first beyond it.
MAX_ENTRIES = 20_000


class PageMemo:
    def __init__(self, func: Callable[[str], str], max_entries: int = MAX_ENTRIES):
        self.func = func
        self.max_entries = max_entries
        self._memo: OrderedDict[str, str] = OrderedDict()
        self.hits = 0

    def __call__(self, text: str) -> str:
        out = self._memo.get(text)
        if out is not None:
            self.hits += 1
            self._memo.move_to_end(text)
            return out
        out = self.func(text)
        self._memo[text] = out
        if len(self._memo) > self.max_entries:
            self._memo.popitem(last=False)
        return out
