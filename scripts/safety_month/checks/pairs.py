"""Unpaired quotes and brackets within a paragraph: “” ‘’ （） 《》 【】 〔〕 「」 『』.

Each paragraph (lines between blank lines; headings and list items on their own) must close
what it opens. 〝〞 are reported as non-standard quotes (a known rewriting-tool artefact).
"""

from __future__ import annotations

import re

from .issue import Issue
from .page import Page

PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "【": "】", "〔": "〕", "「": "」", "『": "』"}
CLOSERS = {v: k for k, v in PAIRS.items()}
ODD = {"〝": "“", "〞": "”"}
NAMES = {"“": "左双引号", "”": "右双引号", "‘": "左单引号", "’": "右单引号", "（": "左括号", "）": "右括号",
         "《": "左书名号", "》": "右书名号", "【": "左方头括号", "】": "右方头括号", "〔": "左六角括号",
         "〕": "右六角括号", "「": "左直角引号", "」": "右直角引号", "『": "左双直角引号", "』": "右双直角引号"}
# Only these characters matter; the others are skipped at regex speed. Public: the importer
# gathers the same characters to skip paragraphs that pair up without calling find().
RELEVANT_RE = re.compile("[" + re.escape("".join([*PAIRS, *CLOSERS, *ODD])) + "]")


def find(paragraph: list[tuple[int, str]]) -> list[tuple[int, int, str, str]]:
    """(line, 0-based col, kind, char) with kind "open" (never closed), "close" (never opened), "odd"."""
    stack: list[tuple[int, int, str]] = []
    # Positions in stack of each opener, so a closer finds its opener without walking the
    # stack (a paragraph of 50,000 "（" then "》" took minutes that way).
    where: dict[str, list[int]] = {opener: [] for opener in PAIRS}
    out = []
    for no, line in paragraph:
        for m in RELEVANT_RE.finditer(line):
            col, ch = m.start(), m.group(0)
            if ch in ODD:
                out.append((no, col, "odd", ch))
            elif ch in "‘’" and _apostrophe(line, col):
                continue
            elif ch in PAIRS:
                where[ch].append(len(stack))
                stack.append((no, col, ch))
            elif ch in CLOSERS:
                positions = where[CLOSERS[ch]]
                if not positions:
                    out.append((no, col, "close", ch))
                    continue
                depth = positions[-1]
                # Everything opened after the matching opener stays unclosed; each entry
                # leaves the stack once, so the whole paragraph is linear.
                for lno, lcol, lch in stack[depth + 1:]:
                    out.append((lno, lcol, "open", lch))
                    where[lch].pop()
                positions.pop()
                del stack[depth:]
    out += [(no, col, "open", ch) for no, col, ch in stack]
    return sorted(out)


def _apostrophe(line: str, col: int) -> bool:
    before = line[col - 1] if col else ""
    after = line[col + 1] if col + 1 < len(line) else ""
    return before.isascii() and before.isalpha() and (not after or (after.isascii() and after.isalpha()))


def check(page: Page) -> list[Issue]:
    out = []
    for para in page.paragraphs:
        for no, col, kind, ch in find(para):
            if kind == "odd":
                msg, fix = f"{ch} 不是规范的中文引号", f"改为 {ODD[ch]}"
            else:
                other = PAIRS[ch] if kind == "open" else CLOSERS[ch]
                msg = f"{NAMES[ch]} {ch} 在本段中没有对应的{NAMES[other]} {other}"
                fix = f"在合适的位置补上 {other}，或删除多余的 {ch}"
            out.append(Issue(page.path, no, col + 1, "text.unpaired", msg, fix, "warning"))
    return out
