"""Paragraph anchors of speech pages: every paragraph carries a unique ``{: #p-N }`` line.

五进 excerpts and links point at these ids; a paragraph without one is never excerpted, and
a duplicated id (a paragraph split by copy-paste) makes links land on the wrong paragraph.
"""

from __future__ import annotations

import re

from .issue import Issue
from .page import Page

_ATTR_RE = re.compile(r"^\s*\{:?\s*#p-(\d+)\s*\}\s*$")
_NOT_PARA_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\{:|<!--|<div|</div|!!!|\?\?\?|---\s*$|\|)")


def check(page: Page) -> list[Issue]:
    if page.fm.data.get("kind") != "speech":
        return []
    out: list[Issue] = []
    seen: dict[int, int] = {}
    body = [(no, line) for no, line in page.body_lines]
    numbers = [int(m.group(1)) for _, line in body if (m := _ATTR_RE.match(line))]
    next_free = max(numbers, default=0) + 1
    block: list[tuple[int, str]] = []
    for i, (no, line) in enumerate(body + [(0, "")]):
        m = _ATTR_RE.match(line)
        if m:
            n = int(m.group(1))
            if n in seen:
                out.append(Issue(page.path, no, 1, "text.para_id",
                                 f"段落锚点 #p-{n} 重复（第 {seen[n]} 行已用过）",
                                 f"改成未用过的编号，例如 {{: #p-{next_free} }}"))
                next_free += 1
            seen.setdefault(n, no)
            block = []
            continue
        if not line.strip():
            if block and not _NOT_PARA_RE.match(block[0][1]):
                first = block[0][0]
                out.append(Issue(page.path, first, 1, "text.para_id",
                                 "这一段后面没有段落锚点行，不会出现在五进摘编中，也无法被链接",
                                 f"在这一段的下一行加 {{: #p-{next_free} }}（段落与锚点行之间不空行）", "warning"))
                next_free += 1
            block = []
            continue
        block.append((no, line))
    return out
