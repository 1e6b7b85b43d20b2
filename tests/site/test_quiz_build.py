"""安全知识自测 in the real strict build: every 五进 page has it right after 安全知识, one
fieldset per question of its front matter, each 见：link pointing at an id of that same page
under 安全知识, and the answer the page's data says; the quiz is left out of the search index
(its facts are the indexed sections above it; only its wrong options would be new), and the
page carries no inline script for it."""

from __future__ import annotations

import html
import json
import re

import pytest

from safety_month.pages import reader
from tests.conftest import ROOT

SLUGS = ("qiye", "nongcun", "shequ", "xuexiao", "jiating")


def _data(slug: str) -> list:
    return reader.parse((ROOT / "docs" / "wujin" / f"{slug}.md").read_text(encoding="utf-8")).data["quiz"]


@pytest.mark.parametrize("slug", SLUGS)
def test_each_wujin_page_has_its_quiz_with_links_to_its_own_sections(built_site, slug):
    text = (built_site / "wujin" / slug / "index.html").read_text(encoding="utf-8")
    h2 = re.findall(r'<h2 id="([\w-]+)"', text)
    assert h2[h2.index("knowledge") + 1] == "quiz"
    start, end = text.index('<h2 id="quiz"'), text.index('<h2 id="checklist"')
    part = text[start:end]
    data = _data(slug)
    assert part.count('<fieldset class="sm-quiz__q"') == len(data) >= 3
    assert re.findall(r'data-answer="(\w)"', part) == [q["answer"] for q in data]
    knowledge = text[text.index('<h2 id="knowledge"'):start]
    ids = re.findall(r'<h3 id="([\w-]+)"', knowledge)
    links = re.findall(r'见：<a href="#([\w-]+)">', part)
    assert links == [q["section"] for q in data]
    assert set(links) <= set(ids)
    shown = [html.unescape(t) for t in re.findall(r'<span class="sm-quiz__text">([^<]*)</span>', part)]
    assert shown == [str(t) for q in data for t in q["options"].values()]   # as written, in order
    key = " ".join(f"{n}.{q['answer']}" for n, q in enumerate(data, 1))
    assert f"答案：{key}" in part
    assert "data-search-exclude" not in text          # the search plugin took the marker off
    assert 'src="../../assets/javascripts/quiz.js"' in text


def test_the_quiz_is_not_in_the_search_index(built_site):
    raw = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    docs = json.loads(raw)["docs"]
    assert not any(d["location"].endswith("#quiz") for d in docs)
    assert "安全知识自测" not in raw and "查看答案" not in raw
    wrong = {str(t) for slug in SLUGS for q in _data(slug) for k, t in q["options"].items() if k != q["answer"]}
    # wrong options found nowhere else on the site (the page text, the speeches) stay out
    unique = [t for t in wrong if len(t) >= 6 and t not in raw]
    assert unique, "no wrong option to look for"
    assert "打开抽油烟机排气" in wrong and "打开抽油烟机排气" not in raw
    # the knowledge the quiz is drawn from is searchable
    assert any(d["location"] == "wujin/jiating/#gas" for d in docs)
