"""Paragraph anchors of speech pages: the build gives the N-th paragraph id="p-N"
(safety_month.site.markup); a page converted before may still carry "{: #p-N }" lines.

五进 excerpts and links point at these ids. An old anchor line whose number is taken by
another paragraph (a paragraph added or split by copy-paste in an old page) makes two
paragraphs share an id and links land on the wrong one: reported, with the fix (delete the
old anchor lines, or run `safety-month convert`, and the build numbers the paragraphs).
"""

from __future__ import annotations

from safety_month.pages import paragraphs

from .issue import Issue
from .page import Page


def check(page: Page) -> list[Issue]:
    if page.fm.data.get("kind") != "speech" or "#p-" not in page.text:
        return []
    body = page.lines[page.fm.body_start - 1:]
    seen: dict[int, int] = {}
    out: list[Issue] = []
    for block in paragraphs.paragraphs(body):
        line = page.fm.body_start + (block.anchor_line if block.anchor_line is not None else block.start)
        n = block.number
        if n in seen:
            out.append(Issue(page.path, line, 1, "text.para_id",
                             f"段落锚点 #p-{n} 重复（第 {seen[n]} 行的段落已是 #p-{n}）",
                             "删去本页所有 {: #p-数字 } 行（段落锚点由网站构建自动生成），"
                             "或运行 safety-month convert 转换本页"))
        seen.setdefault(n, line)
    return out
