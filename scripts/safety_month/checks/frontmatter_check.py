"""Front matter: YAML syntax (with the file line) and the page kind's schema."""

from __future__ import annotations

from safety_month.pages import schema
from .issue import Issue
from .page import Page


def check(page: Page) -> list[Issue]:
    # fm.control: a control character YAML refused; checks.controls reports it (and every
    # other one in the page) at the same place.
    out = [Issue(page.path, e.line, e.col, e.code, e.message_zh, e.fix_zh) for e in page.fm.errors
           if e.code != "fm.control"]
    out += [Issue(page.path, p.line, p.col, p.code, p.message_zh, p.fix_zh, p.severity)
            for p in schema.validate(page.fm, page.src_uri)]
    return out
