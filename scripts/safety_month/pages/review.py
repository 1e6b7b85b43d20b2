"""A page's 待核对 list (front matter `review`): what `safety-month review` lists, and
resolving one item by deleting it from the page.

The list is the truth: an item is open while it is in the list, resolved once deleted (by the
editor, or by ``remove``). ``review_count`` is only derived from it: the importer writes it,
the checks flag a value that disagrees (checks.frontmatter_check), ``remove`` keeps it right,
and a page may leave it out (the library counts the list). It is not dropped altogether
because every imported page carries it and its generated_hash covers it: dropping it would make
each of them look hand-edited to the importer.

Pure functions over the page text; reading uses the one front-matter reader (pages.reader).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import reader

_LINE_END = re.compile(r"\r\n|\r|\n")
_COUNT_LINE = re.compile(r"^review_count:[ \t]*\d*[ \t]*(#.*)?$")


@dataclass(frozen=True)
class Item:
    number: int        # 1-based place in the page's list (what `review --done FILE N` takes)
    line: int          # the page line the item is about (0 when the item does not say)
    rule: str
    message: str
    fm_line: int       # where the item is written in the front matter


class ReviewError(ValueError):
    """The list cannot be read or changed as asked; the message is for the editor."""


def items(text: str) -> list[Item]:
    """The open items of a page (none when it has no list or its front matter is broken:
    `safety-month check` reports the latter)."""
    fm = reader.parse(text)
    value = fm.data.get("review") if not fm.errors else None
    if not isinstance(value, list):
        return []
    out = []
    for i, entry in enumerate(value):
        entry = entry if isinstance(entry, dict) else {"message": str(entry)}
        line = entry.get("line")
        out.append(Item(i + 1, line if isinstance(line, int) and not isinstance(line, bool) else 0,
                        str(entry.get("rule") or ""), str(entry.get("message") or ""),
                        fm.where(("review", i))[0]))
    return out


def count_disagrees(data: dict) -> tuple[int, int] | None:
    """(written review_count, items in the list) when a page's review_count is not the
    length of its review list; None when it agrees or is absent."""
    written, listed = data.get("review_count"), data.get("review")
    if not isinstance(written, int) or isinstance(written, bool):
        return None
    actual = len(listed) if isinstance(listed, list) else 0
    return None if written == actual else (written, actual)


def remove(text: str, number: int) -> str:
    """The page text with item ``number`` (1-based) deleted from its review list, review_count
    (when present) set to the new length, and the `review:` line itself deleted with the last
    item. Only those lines change; the rest of the file stays byte for byte (BOM, CRLF)."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    fm = reader.parse(text)
    if fm.errors:
        e = fm.errors[0]
        raise ReviewError(f"第 {e.line} 行：{e.message_zh}（先改好页面字段，可运行 safety-month check）")
    value = fm.data.get("review")
    if not isinstance(value, list) or not value:
        raise ReviewError("这个页面没有待核对事项（front matter 里没有 review 列表）")
    if not 1 <= number <= len(value):
        raise ReviewError(f"没有第 {number} 项：这个页面的待核对事项是第 1 到第 {len(value)} 项")
    lines = _split(text[len(bom):])
    start = fm.where(("review", number - 1))[0]
    end = _item_end(fm, number - 1, len(value))
    if start >= end or any(fm.where(("review", i))[0] == start for i in range(len(value)) if i != number - 1):
        raise ReviewError("review 列表写在一行里，无法逐项删除：请手工删除这一项")
    drop = set(range(start, end))
    if len(value) == 1:
        drop.add(fm.key_where(("review",))[0])
    kept = []
    for n, line in enumerate(lines, start=1):
        if n in drop:
            continue
        if "review_count" in fm.data and n == fm.key_where(("review_count",))[0]:
            body, ending = _strip_end(line)
            if _COUNT_LINE.match(body):
                line = f"review_count: {len(value) - 1}{ending}"
        kept.append(line)
    return bom + "".join(kept)


def _item_end(fm: reader.FrontMatter, index: int, length: int) -> int:
    """First file line after item ``index``: the next item's line, else the next top-level
    key's (or the closing ---)."""
    if index + 1 < length:
        return fm.where(("review", index + 1))[0]
    review_line = fm.key_where(("review",))[0]
    later = [pos[0] for path, pos in fm.key_pos.items() if len(path) == 1 and pos[0] > review_line]
    return min(later, default=fm.close_line)


def _split(text: str) -> list[str]:
    """Lines with their endings, split exactly where the reader counts lines."""
    out, pos = [], 0
    for match in _LINE_END.finditer(text):
        out.append(text[pos:match.end()])
        pos = match.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def _strip_end(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body):]
