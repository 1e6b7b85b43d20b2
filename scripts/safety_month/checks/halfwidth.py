"""Half-width (ASCII) punctuation , : ; ? ! ( ) inside Chinese text.

Flagged: , : ; ? ! with a Chinese character (or Chinese punctuation) on the left and a Chinese
character or the end of the line on the right; ( ) around text that contains Chinese
characters, or an unmatched ( ) between Chinese characters. Code, link targets, HTML tags and
attribute lists ({: #p-3 }) are not looked at.
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


def find(line: str) -> list[tuple[int, str]]:
    """(0-based column, character) of each half-width mark used in Chinese text."""
    hits = {m.start(1): m.group(1) for m in _MARK_RE.finditer(line)}
    for m in _PAREN_RE.finditer(line):
        hits[m.start()] = "("
        hits[m.end() - 1] = ")"
    for m in _LONE_PAREN_RE.finditer(line):
        hits.setdefault(m.start(), m.group(0))
    return sorted(hits.items())


def check(page: Page) -> list[Issue]:
    out = []
    for no, line in page.prose_lines:
        for col, ch in find(line):
            out.append(Issue(page.path, no, col + 1, "text.halfwidth",
                             f"中文里用了半角标点“{ch}”", f"改为全角“{FULL[ch]}”", "warning"))
    return out
