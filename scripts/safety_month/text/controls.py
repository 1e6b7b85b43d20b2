"""Invisible control characters: which ones no page may hold, their names, where they are.

Shared by the editors' check (checks.controls reports them), the page contract (pages.schema
refuses them in values) and the importer (which writes file names that hold them escaped).
Pure functions over text, no page or issue types: any room may use them.
"""

from __future__ import annotations

import re


# C0 except \t and \n (\r is gone after newline normalization), DEL, C1 (with NEL),
# LINE/PARAGRAPH SEPARATOR, the noncharacters U+FDD0-U+FDEF and U+xFFFE/U+xFFFF.
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
CONTROL_RE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_NONCHARACTERS}]")

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
