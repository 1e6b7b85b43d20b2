"""Unmarked placeholders (〔*〕, XXX, X同志, 20xx, ___) outside span.sm-redact.

Patterns live in data/check_placeholders.yml. Speech pages (kind: speech) are not checked:
the build marks every placeholder of a speech as a redaction (safety_month.site.markup), so
an editor writes them as plain text there.
"""

from __future__ import annotations

import re
from functools import lru_cache

from safety_month.pages import redaction
from safety_month.pages.contract import REDACT_CLASS, REDACT_TEMPLATE
from safety_month.text.guarded import compile_guarded
from .issue import Issue
from .page import Page, blank

# A marked placeholder: <span …class="… sm-redact …"…>…</span>. Found by blank_redactions in
# one pass; as one regex (<span\b[^>]*\bclass="[^"]*\bsm-redact\b[^"]*"[^>]*>.*?</span>) it
# tried every unclosed opening tag to the end of the line, and backtracked through every
# attribute of a tag without ">" (40,000 characters of them: 20 s).
_REDACT_CLASS_RE = re.compile(rf'\bclass="[^"]*\b{REDACT_CLASS}\b[^"]*"')
_WORD_CHAR_RE = re.compile(r"\w")
_MARKUP_RE = [
    re.compile(r"<[A-Za-z/!][^<>\n]*>"),
    re.compile(r"\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)"),
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S.*$"),
    re.compile(r"\{:?\s*[#.][^{}\n]*\}"),
]
_EMPHASIS_RE = re.compile(r"__(?=\S)(?:(?!__).)+?(?<=\S)__")


@lru_cache(maxsize=1)
def patterns() -> list[tuple[str, re.Pattern, str]]:
    return [(row["id"], compile_guarded(row["pattern"]), row["label"]) for row in redaction.check_rows()]


def blank_redactions(line: str) -> str:
    """line with each marked placeholder span, tags included, blanked (columns kept).

    An opening tag runs from "<span" to the next ">"; it marks a placeholder when it carries
    the sm-redact class, and the span ends at the next "</span>". Each part of the line is
    looked at once: an opening tag that is not a placeholder is skipped whole (a "<span"
    inside it ends at the same ">", so it cannot be one either), and a tag or span that is
    never closed ends the search, since no later one can be closed either.
    """
    out, pos, search = [], 0, 0
    while True:
        start = line.find("<span", search)
        if start < 0:
            break
        after = start + 5
        if after < len(line) and _WORD_CHAR_RE.match(line, after):   # <spanx: not a span
            search = after
            continue
        tag_end = line.find(">", after)
        if tag_end < 0:
            break
        if not _REDACT_CLASS_RE.search(line, after, tag_end):
            search = tag_end + 1
            continue
        close = line.find("</span>", tag_end + 1)
        if close < 0:
            break
        end = close + len("</span>")
        out += [line[pos:start], blank(line[start:end])]
        pos = search = end
    if not out:
        return line
    out.append(line[pos:])
    return "".join(out)


def visible(line: str) -> str:
    """The line with marked placeholders, markup and emphasis (__bold__) blanked."""
    line = blank_redactions(line)
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
    if page.fm.data.get("kind") == "speech":
        return []
    out = []
    for no, line in page.body_lines:
        for col, text, label in find(line):
            shown = "〔&#42;〕" if text.startswith("〔") else text
            out.append(Issue(page.path, no, col + 1, "text.placeholder",
                             f"“{text}”是未标记的占位符（{label}）：原文隐去或待填写的内容",
                             f"填上真实内容；确实无法填写时改成 {REDACT_TEMPLATE.format(shown)}", "warning"))
    return out
