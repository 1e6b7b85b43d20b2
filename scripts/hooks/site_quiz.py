"""MkDocs hook: the 安全知识自测 section of a page whose front matter has `quiz:`, placed after
its 安全知识 part (scripts/safety_month/site/quiz.py, quiz_html.py).

A quiz with problems is left out of the page: the editors' checks (checks/quiz.py) report each
one with its line, failing the build or showing them on the page in the preview."""

from safety_month.site import quiz, quiz_html


def on_page_markdown(markdown, page, **kwargs):
    if "quiz" not in page.meta:
        return markdown
    found = quiz.knowledge(markdown.split("\n"))
    questions, problems = quiz.read(page.meta["quiz"], found)
    if problems or not questions:
        return markdown
    return quiz_html.insert(markdown, found, quiz_html.render(questions))
