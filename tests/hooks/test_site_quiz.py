"""scripts/hooks/site_quiz.py: a page whose front matter has `quiz:` gets the 安全知识自测
section after its 安全知识 part; other pages, and a quiz with problems (reported by the
checks), pass through unchanged."""

from safety_month.pages import reader
from safety_month.site import quiz, quiz_html
from tests import paths
from tests.hooks._fakes import load_hook, page

TEXT = (paths.ROOT / "docs" / "wujin" / "shequ.md").read_text(encoding="utf-8")
FM = reader.parse(TEXT)
BODY = "\n".join(TEXT.split("\n")[FM.body_start - 1:])


def test_the_quiz_goes_after_the_knowledge_part():
    hook = load_hook("site_quiz")
    out = hook.on_page_markdown(BODY, page("wujin/shequ.md", **FM.data))
    found = quiz.knowledge(BODY.split("\n"))
    questions, _ = quiz.read(FM.data["quiz"], found)
    assert out == quiz_html.insert(BODY, found, quiz_html.render(questions)) != BODY
    heads = [line.split(" {")[0] for line in out.split("\n") if line.startswith("## ")]
    assert heads[heads.index("## 安全知识") + 1] == "## 安全知识自测"


def test_pages_without_a_quiz_or_with_a_bad_one_pass_through():
    hook = load_hook("site_quiz")
    assert hook.on_page_markdown(BODY, page("wujin/shequ.md", title="t", audience="社区")) == BODY
    bad = [dict(q) for q in FM.data["quiz"]]
    bad[0]["quote"] = "不在这一节里的话"
    assert hook.on_page_markdown(BODY, page("wujin/shequ.md", quiz=bad)) == BODY
    assert hook.on_page_markdown("# 无安全知识\n", page("x.md", quiz=FM.data["quiz"])) == "# 无安全知识\n"
