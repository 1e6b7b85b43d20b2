"""安全知识自测 (`quiz:` in a 五进 page's front matter): every question asks only what the
page's own 安全知识 sections say, with their source (the rules: site/quiz.py). A problem is
reported at its line in the front matter, naming the question."""

from __future__ import annotations

from safety_month.site import quiz

from .issue import Issue
from .page import Page


def check(page: Page) -> list[Issue]:
    if "quiz" not in page.fm.data:
        return []
    found = quiz.knowledge(page.lines[page.fm.body_start - 1:])
    _questions, problems = quiz.read(page.fm.data["quiz"], found)
    out = []
    for p in problems:
        line, col = page.fm.where(p.path)
        out.append(Issue(page.path, line, col, p.code, f"安全知识自测：{p.message}", p.fix))
    return out
