"""Content and front-matter checks shared by the build hook and ``safety-month check``.

Each check is a small module with a pure ``check(page) -> list[Issue]``; ``links`` checks the
site as a whole. Results are cached by page text, so ``mkdocs serve`` re-checks only what an
editor changed.
"""

from __future__ import annotations

from functools import lru_cache

from safety_month import schema
from safety_month.checks import (
    frontmatter_check,
    halfwidth,
    leftovers,
    links,
    lookalike,
    pairs,
    paragraph_ids,
    placeholders,
)
from safety_month.checks.issue import FAILING, Issue, sort_issues
from safety_month.checks.page import Page, decode, parse_page

__all__ = ["Issue", "Page", "PAGE_CHECKS", "check_page", "check_text", "check_bytes", "notes",
           "links", "sort_issues", "FAILING", "format_report"]

# Order is the order of the report for one line.
PAGE_CHECKS = (
    frontmatter_check.check,
    lookalike.check,
    halfwidth.check,
    pairs.check,
    placeholders.check,
    leftovers.check,
    paragraph_ids.check,
)


# The front-matter check runs in the build process (its errors stop the build before other
# hooks read the page); the text checks may run in a worker process (checks/pool.py).
FRONT_CHECKS = PAGE_CHECKS[:1]
TEXT_CHECKS = PAGE_CHECKS[1:]


def check_page(page: Page, which: tuple = PAGE_CHECKS) -> list[Issue]:
    out: list[Issue] = []
    for check in which:
        out += check(page)
    return out


def check_text_only(path: str, text: str, src_uri: str | None = None) -> list[Issue]:
    """The text checks of one page (what a worker process runs)."""
    return check_page(parse_page(path, text, src_uri), TEXT_CHECKS)


def front_page(path: str, data: bytes, src_uri: str | None = None) -> tuple[Page | None, list[Issue]]:
    """Parse one page and run the front-matter check only (a non-UTF-8 file is one issue)."""
    text, where = decode(data)
    if text is None:
        return check_bytes(path, data, src_uri)
    page = parse_page(path, text, src_uri)
    return page, check_page(page, FRONT_CHECKS)


@lru_cache(maxsize=4096)
def _cached(path: str, text: str, src_uri: str | None) -> tuple[Page, tuple[Issue, ...]]:
    page = parse_page(path, text, src_uri)
    return page, tuple(check_page(page))


def check_text(path: str, text: str, src_uri: str | None = None) -> tuple[Page, list[Issue]]:
    """Parse and check one page (cached on the exact text)."""
    page, issues = _cached(path, text, src_uri)
    return page, list(issues)


def check_bytes(path: str, data: bytes, src_uri: str | None = None) -> tuple[Page | None, list[Issue]]:
    """Like check_text for raw file bytes: a file that is not UTF-8 is one issue, never a crash."""
    text, where = decode(data)
    if text is None:
        line, col = where
        return None, [Issue(path, line, col, "file.encoding", "文件不是 UTF-8 编码，网站无法读取",
                            "用编辑器“另存为 UTF-8”后再保存")]
    return check_text(path, text, src_uri)


def notes() -> list[str]:
    """Informational notes about fallbacks (never failing)."""
    return schema.vocabulary_notes() + leftovers.notes()


def format_report(issues: list[Issue]) -> str:
    failing = [i for i in issues if i.fails]
    files = len({i.path for i in failing})
    lines = [i.format() for i in sort_issues(issues)]
    lines.append(f"共 {len(failing)} 个问题，涉及 {files} 个文件。编辑指南：docs/guide/checks.md")
    return "\n".join(lines)
