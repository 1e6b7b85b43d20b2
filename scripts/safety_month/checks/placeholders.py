"""Unmarked placeholders (〔*〕, XXX, X同志, 20xx, ___) outside span.sm-redact.

Patterns live in data/check_placeholders.yml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from safety_month import redaction
from safety_month.first_char import compile_guarded
from safety_month.checks.issue import Issue
from safety_month.checks.page import Page, blank

REDACT_SPAN_RE = re.compile(r"<span\b[^>]*\bclass=\"[^\"]*\bsm-redact\b[^\"]*\"[^>]*>.*?</span>", re.S)
_MARKUP_RE = [
    re.compile(r"<[A-Za-z/!][^<>\n]*>"),
    re.compile(r"\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)"),
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S.*$"),
    re.compile(r"\{:?\s*[#.][^{}\n]*\}"),
]
_EMPHASIS_RE = re.compile(r"__(?=\S)(?:(?!__).)+?(?<=\S)__")
REDACT_TEMPLATE = '<span class="sm-redact" title="原文隐去或待填写">{}</span>'


@lru_cache(maxsize=1)
def patterns() -> list[tuple[str, re.Pattern, str]]:
    return [(row["id"], compile_guarded(row["pattern"]), row["label"]) for row in redaction.check_rows()]


def visible(line: str) -> str:
    """The line with marked placeholders, markup and emphasis (__bold__) blanked."""
    line = REDACT_SPAN_RE.sub(lambda m: blank(m.group(0)), line)
    for rx in _MARKUP_RE:
        line = rx.sub(lambda m: blank(m.group(0)), line)
    return _EMPHASIS_RE.sub(lambda m: "  " + m.group(0)[2:-2] + "  ", line)


def find(line: str) -> list[tuple[int, str, str]]:
    """(0-based column, matched text, label) of unmarked placeholders in one body line."""
    seen, out = set(), []
    text = visible(line)
    for _id, rx, label in patterns():
        for m in rx.finditer(text):
            if m.start() not in seen:
                seen.add(m.start())
                out.append((m.start(), m.group(0), label))
    return sorted(out)


def check(page: Page) -> list[Issue]:
    out = []
    for no, line in page.body_lines:
        for col, text, label in find(line):
            shown = "〔&#42;〕" if text.startswith("〔") else text
            out.append(Issue(page.path, no, col + 1, "text.placeholder",
                             f"“{text}”是未标记的占位符（{label}）：原文隐去或待填写的内容",
                             f"填上真实内容；确实无法填写时改成 {REDACT_TEMPLATE.format(shown)}", "warning"))
    return out
