"""Half-width (ASCII) punctuation , : ; ? ! ( ) " inside Chinese text.

Flagged: , : ; ? ! with a Chinese character (or Chinese punctuation) on the left and a Chinese
character or the end of the line on the right; ( ) around text that contains Chinese
characters, or an unmatched ( ) between Chinese characters; " next to a Chinese character or
Chinese punctuation (他说"好"), with the Chinese quote to use: the quotes of a line alternate
“ ” in order, as the importer pairs them (importer.clean.punctuation). Code, link targets,
HTML tags (title="…") and attribute lists ({: #p-3 }) are not looked at.
"""

from __future__ import annotations

import re

from .cjk import CJK, HAN
from .issue import Issue
from .page import Page
from safety_month.text.guarded import compile_guarded

FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
MARK_PATTERN = f"(?<=[{CJK}])[ \\t]*([,:;?!])(?=[ \\t]*(?:[{CJK}]|$))"
LONE_PAREN_PATTERN = f"(?<=[{HAN}])[()](?=[{HAN}])"
# Both start with a look-behind, so re cannot skip ahead by itself: guard them (first_char).
_MARK_RE = compile_guarded(MARK_PATTERN)
_PAREN_RE = re.compile(f"\\(([^()\\n]*[{HAN}][^()\\n]*)\\)")
_LONE_PAREN_RE = compile_guarded(LONE_PAREN_PATTERN)
_QUOTE_RE = re.compile(f'(?<=[{CJK}])"|"(?=[{CJK}])')
# The title of an admonition, collapsible block or tab is Markdown syntax: !!! tip "标题",
# ??? note "标题", === "标签".
_BLOCK_TITLE_RE = re.compile(r'^(\s*(?:!!!|\?\?\?\+?|===)[^"\n]*)"[^"\n]*"')


def find(line: str) -> list[tuple[int, str]]:
    """(0-based column, character) of each half-width mark used in Chinese text."""
    hits = {m.start(1): m.group(1) for m in _MARK_RE.finditer(line)}
    for m in _PAREN_RE.finditer(line):
        hits[m.start()] = "("
        hits[m.end() - 1] = ")"
    for m in _LONE_PAREN_RE.finditer(line):
        hits.setdefault(m.start(), m.group(0))
    return sorted(hits.items())


def find_quotes(line: str) -> list[tuple[int, str]]:
    """(0-based column, the Chinese quote to write) of each ASCII " used in Chinese text."""
    if '"' not in line:
        return []
    line = _BLOCK_TITLE_RE.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), line)
    order = {m.start(): k for k, m in enumerate(re.finditer('"', line))}
    return [(m.start(), "“" if order[m.start()] % 2 == 0 else "”") for m in _QUOTE_RE.finditer(line)]


def check(page: Page) -> list[Issue]:
    out = []
    for no, line in page.prose_lines:
        for col, ch in find(line):
            out.append(Issue(page.path, no, col + 1, "text.halfwidth",
                             f"中文里用了半角标点“{ch}”", f"改为全角“{FULL[ch]}”", "warning"))
        for col, quote in find_quotes(line):
            side = "前引号" if quote == "“" else "后引号"
            out.append(Issue(page.path, no, col + 1, "text.halfwidth",
                             '中文里用了英文双引号 "', f"改为中文{side}{quote}（中文引号成对写作“”）", "warning"))
    return out
