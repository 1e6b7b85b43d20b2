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

import re

from .issue import Issue
from .page import Page

# C0 except \t and \n (\r is gone after newline normalization), DEL, C1 (with NEL),
# LINE/PARAGRAPH SEPARATOR, the noncharacters U+FDD0-U+FDEF and U+xFFFE/U+xFFFF.
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
CONTROL_RE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_NONCHARACTERS}]")

# Lines reported per file; a file full of them (a binary file renamed .md) gets one more
# issue that counts the rest instead of thousands of lines.
MAX_LINES = 10

_C0_NAMES = ("NUL 空字符", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL 响铃符", "BS 退格符", "HT", "LF",
             "VT 垂直制表符", "FF 换页符", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN",
             "ETB", "CAN", "EM", "SUB", "ESC 转义符，终端颜色代码的开头", "FS", "GS", "RS", "US")


def describe(ch: str) -> str:
    """'U+0000（NUL 空字符）' and the like."""
    code = ord(ch)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL 删除符"
    elif code <= 0x9F:
        name = "C1 控制字符" + ("，NEL 换行" if code == 0x85 else "")
    elif code == 0x2028:
        name = "LINE SEPARATOR 行分隔符"
    elif code == 0x2029:
        name = "PARAGRAPH SEPARATOR 段分隔符"
    else:
        name = "Unicode 非字符"
    return f"U+{code:04X}（{name}）"


def find(text: str) -> list[tuple[int, int, str, int]]:
    """(1-based line, 1-based col, first character, how many on that line) per line with any."""
    out: list[tuple[int, int, str, int]] = []
    line_no, line_start, last_line, previous = 1, 0, 0, 0
    for m in CONTROL_RE.finditer(text):
        pos = m.start()
        # Only the text since the previous match is looked at: linear in the page.
        newlines = text.count("\n", previous, pos)
        if newlines:
            line_no += newlines
            line_start = text.rfind("\n", previous, pos) + 1
        previous = pos
        if line_no == last_line:
            no, col, ch, n = out[-1]
            out[-1] = (no, col, ch, n + 1)
            continue
        out.append((line_no, pos - line_start + 1, m.group(), 1))
        last_line = line_no
    return out


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
