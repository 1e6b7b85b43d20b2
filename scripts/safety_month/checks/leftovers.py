"""Leftover site chrome, page markers and paywall tails in a page.

The patterns are the importer's own cleaning tables (data/clean_chrome.yml,
clean_markers.yml, clean_tails.yml, owned by the clean stage), read here with the same
matching the cleaner uses, so an editor's page is held to the same standard as an import:
  chrome.strong, markers.bare_line    whole line (fullmatch), anywhere
  chrome.edge                         whole line, only in the first/last EDGE_PARAGRAPHS blocks
  markers.explicit, tails.markers     anywhere inside a line
Nothing is duplicated here; a missing table is reported by ``notes()``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from safety_month import tables
from safety_month.text.guarded import compile_any

from .issue import Issue
from .page import Page

EDGE_PARAGRAPHS = 2
# (table, key, how, zone, Chinese name)
GROUPS = (
    ("chrome", "strong", "line", "all", "网站页面元素"),
    ("chrome", "edge", "line", "edge", "网站页面元素"),
    ("markers", "bare_line", "line", "all", "页码"),
    ("markers", "explicit", "search", "all", "页码标记"),
    ("tails", "markers", "search", "all", "付费/试读提示"),
)
# The Markdown a line starts with (heading marks, quote, list marker, bold): the check reads
# the text after it. Public: the importer's render step reads a line the same way.
PREFIX_RE = re.compile(r"\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)*(?:\*\*|__)?\s*")
_HEADING_RE = re.compile(r"\s{0,3}#{1,6}\s")
_EMPHASIS_MARKS = ("**", "__")


def strip_suffix(text: str) -> str:
    r"""text without trailing whitespace and one closing ** or __ (with the whitespace before
    it): what re.sub(r"\s*(?:\*\*|__)?\s*$", "", text) gives for one line, without that
    pattern's attempt at every position of a long line."""
    text = text.rstrip()
    if text.endswith(_EMPHASIS_MARKS):
        text = text[:-2].rstrip()
    return text


def _table(name: str) -> dict | None:
    """The importer's table data/clean_<name>.yml, read through tables (never through the
    importer: the checks room does not depend on the importer), or None when it is missing."""
    file = f"clean_{name}.yml"
    if not tables.path(file).is_file():
        return None
    return tables.load(file) or {}


@lru_cache(maxsize=1)
def rules() -> tuple[list[tuple[re.Pattern, str, str, str]], list[str]]:
    """([(compiled, how, zone, label)], [missing table names])."""
    out, missing = [], []
    for name, key, how, zone, label in GROUPS:
        rows = _table(name)
        if rows is None:
            if name not in missing:
                missing.append(name)
            continue
        patterns = rows.get(key) or []
        if patterns:  # compiled as the cleaner compiles them (first-character guard)
            out.append((compile_any(patterns), how, zone, label))
    return out, missing


def notes() -> list[str]:
    missing = rules()[1]
    return [f"未找到清理规则表 data/clean_{n}.yml：相应的残留检查没有运行。" for n in missing]


def find(line: str, edge: bool) -> list[tuple[int, str, str]]:
    """(0-based column, matched text, label) of leftovers in one masked prose line.

    Headings are deliberate structure ("# 首页"): only in-line markers are looked for there.
    """
    heading = _HEADING_RE.match(line) is not None
    offset = PREFIX_RE.match(line).end()
    stripped = strip_suffix(line[offset:])
    if not stripped:
        return []
    out = []
    for rx, how, zone, label in rules()[0]:
        if zone == "edge" and not edge:
            continue
        if how == "line":
            if not heading and rx.fullmatch(stripped):
                out.append((offset, stripped, label))
        else:
            for m in rx.finditer(stripped):
                text = m.group(0)
                if text.strip():
                    lead = len(text) - len(text.lstrip())
                    out.append((offset + m.start() + lead, text.strip(), label))
    seen, unique = set(), []
    for item in sorted(out):
        if item[0] not in seen:
            seen.add(item[0])
            unique.append(item)
    return unique


def check(page: Page) -> list[Issue]:
    out = []
    paragraphs = page.paragraphs
    for i, para in enumerate(paragraphs):
        edge = i < EDGE_PARAGRAPHS or i >= len(paragraphs) - EDGE_PARAGRAPHS
        for no, line in para:
            for col, text, label in find(line, edge):
                shown = text if len(text) <= 30 else text[:30] + "…"
                out.append(Issue(page.path, no, col + 1, "text.leftover",
                                 f"疑似原网页残留的{label}：“{shown}”",
                                 "删除这段残留（它不是讲话或文章的内容）", "warning"))
    return out
