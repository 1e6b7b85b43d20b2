"""The 安全知识自测 section of a 五进 page: Markdown heading plus one raw-HTML block.

Works without JavaScript (every question shows; its answer sits in a <details> "查看答案");
docs/assets/javascripts/quiz.js adds a 查看答案 button that says in words whether the chosen
option is right. Nothing is stored or sent. Print CSS turns it into a question sheet with an
answer key at the end.

Every text from the page's front matter is HTML-escaped here and nowhere else; the block has
no blank line, so Markdown keeps it as raw HTML and never reads * _ [ ] ` in it as markup.
"""

from __future__ import annotations

import html
from typing import Sequence

from .quiz import Knowledge, Question

# Material's search leaves out a section whose heading carries this attribute (and removes
# the attribute from the page). Every fact in the quiz is quoted from the 安全知识 sections
# above it, which are indexed; the quiz adds only wrong options, which a search for
# "罚款" should not offer as answers.
HEADING = '## 安全知识自测 {: #quiz data-search-exclude="true" }'


# The printed sheet's instruction (print CSS shows it in place of the intro).
SHEET = "在认为正确的选项前的方框里打“√”，每题只选一项。答案在本节末尾。"


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def intro(count: int) -> str:
    return (f"下面 {count} 道题都出自本页“安全知识”。选好后点“查看答案”，可以看到解释和出处。"
            "不用登录，选择的答案不保存、不发送。")


def question_html(q: Question) -> str:
    name = f"sm-quiz-{q.number}"
    options = "".join(
        f'<li class="sm-quiz__option"><label><input type="radio" name="{name}" value="{_e(letter)}">'
        f'<span class="sm-quiz__letter">{_e(letter)}.</span> <span class="sm-quiz__text">{_e(text)}</span>'
        '</label></li>'
        for letter, text in q.options)
    answer = (f'<p class="sm-quiz__correct">正确答案：{_e(q.answer)}. {_e(q.answer_text)}</p>'
              f'<p class="sm-quiz__explain">{_e(q.explain)}</p>'
              f'<p class="sm-quiz__quote">原文：“{_e(q.quote)}”</p>'
              f'<p class="sm-quiz__see">见：<a href="#{_e(q.section.id)}">{_e(q.section.title)}</a></p>')
    return (f'<fieldset class="sm-quiz__q" id="quiz-{q.number}" data-answer="{_e(q.answer)}">'
            f'<legend class="sm-quiz__legend"><span class="sm-quiz__no">{q.number}.</span> {_e(q.question)}</legend>'
            f'<ul class="sm-quiz__options">{options}</ul>'
            '<p class="sm-quiz__result" aria-live="polite"></p>'
            f'<details class="sm-quiz__answer"><summary>查看答案</summary>{answer}</details>'
            '</fieldset>')


def answer_key(questions: Sequence[Question]) -> str:
    """The print sheet's key: "1.B 2.A 3.C"."""
    return " ".join(f"{q.number}.{q.answer}" for q in questions)


def render(questions: Sequence[Question]) -> str:
    """The section's Markdown: the heading and one raw-HTML block (no blank line inside)."""
    body = "".join(question_html(q) for q in questions)
    block = (f'<div class="sm-quiz" data-sm-quiz><p class="sm-quiz__intro">{_e(intro(len(questions)))}</p>'
             f'<p class="sm-quiz__sheet">{_e(SHEET)}</p>'
             f'{body}<p class="sm-quiz__key">答案：{_e(answer_key(questions))}</p></div>')
    return f"{HEADING}\n\n{block}\n"


def insert(markdown: str, found: Knowledge, section: str) -> str:
    """markdown with the section placed after the 安全知识 part (before the next ## heading).

    found must come from the same markdown's lines (quiz.knowledge(markdown.split("\\n")))."""
    lines = markdown.split("\n")
    return "\n".join(lines[:found.end] + ["", section] + lines[found.end:])
