"""Editors' check: CJK look-alike characters in a page, as warnings (text.lookalike names them)."""

from __future__ import annotations

import unicodedata

from safety_month.text.lookalike import block_of, find, normal_form

from .issue import Issue
from .page import Page

__all__ = ["block_of", "find", "normal_form", "check"]


def check(page: Page) -> list[Issue]:
    out = []
    code_lines = page.code_lines
    for no, line in enumerate(page.lines, 1):
        if no in code_lines:
            continue
        for i, ch, normal, block in find(line):
            name = unicodedata.name(ch, "?")
            msg = f"“{ch}”（U+{ord(ch):04X} {name}）是{block}字符，只是长得像"
            if normal:
                msg += f"“{normal}”"
                fix = f"改为常用汉字“{normal}”（U+{ord(normal[0]):04X}）"
            else:
                msg += "某个常用汉字"
                fix = "改为对应的常用汉字（重新输入这个字）"
            out.append(Issue(page.path, no, i + 1, "text.lookalike", msg, fix, "warning"))
    return out
