"""The paragraphs of a speech page's Markdown body and their anchors (#p-N), read from the
source the way the build numbers them.

A speech page holds plain text: the build (safety_month.site.markup) gives the N-th
paragraph of the page the id "p-N". The 五进 excerpts (site.outreach_text), the conversion of
old pages (commands convert) and the editors' checks need the same numbers without rendering
the page, so they read the body here, block by block: a block (lines between blank lines,
outside fenced code) is a paragraph unless it starts like another Markdown block (heading,
list, quote, table, raw HTML block, admonition, indented code, attribute list).
tests/pages/test_paragraphs.py renders pages and checks the two agree.

A page written before the build made the anchors has a line "{: #p-N }" after each paragraph
(attr_list): that N is kept (the build keeps an id already there), so old pages read the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "{: #p-N }" (with possibly other attributes) alone on the line after a paragraph.
PARA_ATTR_RE = re.compile(r"^\s*\{:?\s*[^{}]*#p-(\d+)\b[^{}]*\}\s*$")
# An attribute-list line of any kind.
ATTR_LINE_RE = re.compile(r"^\s*\{:?\s*[#.][^{}]*\}\s*$")
HEADING_RE = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# Blocks Python-Markdown (with the site's extensions) does not make a <p> of.
_NOT_PARA_RE = re.compile(
    r"^(?: {4}|\t"                                   # indented code / continuation
    r"|\s{0,3}(?:[-*+]\s|\d+[.)]\s|>|\||!!!|\?\?\?|===|:\s"   # list, quote, table, blocks, def
    r"|(?:[-*_]\s*){3,}$"                            # horizontal rule
    r"|\{:?\s*[#.]"                                  # attribute list alone
    r"|<(?:!--|/?(?:div|p|figure|table|details|section|blockquote|ul|ol|dl|h[1-6]|pre|hr|form"
    r"|iframe|script|style|article|aside|header|footer|nav|video|audio)\b)))")


@dataclass(frozen=True)
class Block:
    kind: str                 # "heading", "paragraph" or "other"
    start: int                # index of its first line in the body lines
    lines: tuple[str, ...]    # its lines, without a trailing "{: #p-N }" line
    number: int = 0           # N of #p-N (paragraphs only)
    anchor_line: int | None = None   # index of an old "{: #p-N }" line, when there is one


def blocks(lines: list[str]) -> list[Block]:
    """The blocks of a body (its lines, front matter excluded), paragraphs numbered."""
    out: list[Block] = []
    current: list[tuple[int, str]] = []
    fence: str | None = None
    count = 0

    def flush():
        nonlocal count
        if not current:
            return
        start, first = current[0]
        texts = [line for _, line in current]
        anchor = PARA_ATTR_RE.match(texts[-1]) if len(texts) > 1 else None
        if anchor:
            texts.pop()
        if _NOT_PARA_RE.match(first):
            out.append(Block("other", start, tuple(texts)))
        else:
            count += 1
            number = int(anchor.group(1)) if anchor else count
            out.append(Block("paragraph", start, tuple(texts), number,
                             current[-1][0] if anchor else None))
        current.clear()

    for index, line in enumerate(lines):
        m = _FENCE_RE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            flush()
            fence = m.group(1)
            continue
        if not line.strip():
            flush()
            continue
        if HEADING_RE.match(line) and (not current or not _NOT_PARA_RE.match(current[0][1])):
            flush()
            out.append(Block("heading", index, (line,)))
            continue
        current.append((index, line))
    flush()
    return out


def paragraphs(lines: list[str]) -> list[Block]:
    return [b for b in blocks(lines) if b.kind == "paragraph"]
