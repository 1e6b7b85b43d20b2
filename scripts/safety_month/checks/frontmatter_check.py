"""Front matter: YAML syntax (with the file line), the page kind's schema, and a
review_count that is not the length of the review list (the list is the truth; the count is
derived: pages.review)."""

from __future__ import annotations

from safety_month.pages import review, schema
from .issue import Issue
from .page import Page


def check(page: Page) -> list[Issue]:
    # fm.control: a control character YAML refused; checks.controls reports it (and every
    # other one in the page) at the same place.
    out = [Issue(page.path, e.line, e.col, e.code, e.message_zh, e.fix_zh) for e in page.fm.errors
           if e.code != "fm.control"]
    out += [Issue(page.path, p.line, p.col, p.code, p.message_zh, p.fix_zh, p.severity)
            for p in schema.validate(page.fm, page.src_uri)]
    if not page.fm.errors:
        out += _review_count(page)
    return out


def _review_count(page: Page) -> list[Issue]:
    counts = review.count_disagrees(page.fm.data)
    if counts is None:
        return []
    written, actual = counts
    line, col = page.fm.where(("review_count",))
    return [Issue(page.path, line, col, "fm.value",
                  f"review_count 写的是 {written}，但 review 列表里有 {actual} 项待核对",
                  f"删除 review_count 这一行（项数由 review 列表得出），或改为 {actual}")]
