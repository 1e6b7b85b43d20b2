"""Invisible control characters anywhere in a page (code blocks and front matter included).

NUL, ESC, backspace and the other C0/C1 control characters, DEL, the Unicode line and
paragraph separators and the noncharacters are never meant in a page: they come from
copy-paste, conversion tools or a file saved in another encoding, nothing shows them in an
editor, and MkDocs copies them into the HTML unchanged (where a browser shows a box, drops
them or, for U+0000, a replacement character). Tab and newline are fine; carriage returns
are newlines (MkDocs reads files with universal newlines).

Reported as file.control errors, one per line with the first character named, so that the
build stops before any page is converted (checks.FRONT_CHECKS).
"""

from __future__ import annotations

from safety_month.text.controls import CONTROL_RE, describe, find

from .issue import Issue
from .page import Page

__all__ = ["CONTROL_RE", "describe", "find", "check"]

# Lines reported per file; a file full of them (a binary file renamed .md) gets one more
# issue that counts the rest instead of thousands of lines.
MAX_LINES = 10


def check(page: Page) -> list[Issue]:
    found = find(page.text)
    out = []
    for no, col, ch, n in found[:MAX_LINES]:
        more = f"（这一行共有 {n} 个）" if n > 1 else ""
        out.append(Issue(page.path, no, col, "file.control",
                         f"这里有看不见的控制字符 {describe(ch)}{more}，会原样进入网页",
                         "删除这个字符：它多来自复制粘贴或转换工具，在编辑器中打开“显示不可见字符”可以看到"))
    if len(found) > MAX_LINES:
        no, col, ch, _n = found[MAX_LINES]
        out.append(Issue(page.path, no, col, "file.control",
                         f"从这一行起还有 {len(found) - MAX_LINES} 行含有控制字符（第一个是 {describe(ch)}）",
                         "这个文件可能不是文本文件，或来自错误的转换：检查整个文件"))
    return out
