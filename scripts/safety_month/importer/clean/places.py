"""Review items' places (line, column) carried through one clean rule.

A rule's review items name a place in the text it returned; every later rule may delete,
join or change lines, so clean() moves each earlier item along: its line through the rule's
line map, its column by comparing the item's old line with the line it went to. Nothing is
searched for by excerpt (an excerpt can occur anywhere on a page, and a line repeated in the
text would send every item to its first copy): the place is computed from the two texts.

- A line that went to a line of its own (changed in place): the characters before the
  first difference and after the last one are the same in both lines, so a column outside
  the changed stretch moves by the change in length; one inside it stays where it was,
  kept within the changed stretch (rules change a word or a mark at a time, so the error is
  at most the length difference of that line).
- Lines joined into one (hard wraps, page markers between halves of a sentence): each joined
  line's text is found in order in the joined line (its own line, not the page) and its
  columns move by where it starts there.
- A dropped line maps to the next kept line (keep_lines): its items point at that line's start.
"""

from __future__ import annotations

from dataclasses import replace
from os.path import commonprefix

from ..model import ReviewItem


def carry_col(old: str, new: str, col: int) -> int:
    """col (an offset in old) moved to the same place in new, a changed copy of old."""
    if old == new or col <= 0:
        return max(col, 0)
    prefix = len(commonprefix([old, new]))
    if col < prefix:
        return col
    # the common suffix, not overlapping the common prefix in either line
    room = min(len(old), len(new)) - prefix
    suffix = 0
    while suffix < room and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    if col >= len(old) - suffix:
        return col + len(new) - len(old)
    return min(col, max(len(new) - suffix - 1, prefix))


def join_offsets(parts: list[str], joined: str) -> list[int | None]:
    """Where each of parts (old lines, in order) starts in joined (the line they became):
    each part's stripped text looked for after the previous one; None for a part that is not
    there unchanged (dropped, or changed while joined)."""
    out: list[int | None] = []
    pos = 0
    for part in parts:
        text = part.strip()
        found = joined.find(text, pos) if text else -1
        if found < 0:
            out.append(None)
            continue
        out.append(found - (len(part) - len(part.lstrip())))
        pos = found + len(text)
    return out


def carry(items: list[ReviewItem], old_text: str, new_text: str,
          line_map: list[int] | None) -> list[ReviewItem]:
    """items (places in old_text) with their places in new_text (line_map: the rule's map of
    old 0-based lines to new ones, None when the lines stayed one to one)."""
    if not items:
        return items
    old_lines = old_text.split("\n")
    new_lines = new_text.split("\n")
    top_old, top_new = len(old_lines) - 1, len(new_lines) - 1
    sources: dict[int, list[int]] = {}
    if line_map is not None:
        for i, j in enumerate(line_map):
            sources.setdefault(j, []).append(i)
    offsets: dict[int, dict[int, int | None]] = {}     # new line -> old line -> offset
    out: list[ReviewItem] = []
    for item in items:
        if not item.line:
            out.append(item)
            continue
        i = min(item.line - 1, top_old)
        j = i if line_map is None else line_map[min(i, len(line_map) - 1)]
        j = min(max(j, 0), top_new)
        olds = sources.get(j, [i]) if line_map is not None else [i]
        if len(olds) == 1:
            col = carry_col(old_lines[i], new_lines[j], item.col) if olds[0] == i else 0
        else:
            if j not in offsets:
                offsets[j] = dict(zip(olds, join_offsets([old_lines[k] for k in olds], new_lines[j])))
            start = offsets[j].get(i)
            col = 0 if start is None else max(start + item.col, 0)
        out.append(replace(item, line=j + 1, col=min(col, len(new_lines[j]))))
    return out
