"""安全知识自测 (site/quiz.py, site/quiz_html.py): the 安全知识 sections are read from the page,
each kind of bad question gives its own problem at its place in the front matter, and the
rendered block carries every text from the data escaped, through the site's own Markdown."""

from __future__ import annotations

import copy
import html
import re

import pytest

from safety_month.pages import reader
from safety_month.site import quiz, quiz_html
from tests import paths
from tests._site_markdown import render

BODY = """# 安全宣传进家庭

## 宣传要点 {: #key-messages }

- 燃气、用电、消防。

## 安全知识 {: #knowledge }

### 闻到燃气味 {: #gas }

1. 关闭燃气表前阀或总阀。
2. 到室外拨打燃气公司电话或 **119**。

依据：新华全媒+，2023年6月26日
{: .sm-basis }

### 电动自行车充电 {: #ebike }

- 充电时间一般不超过8小时。
- 个人违反的处500元以上1000元以下罚款。

依据：《高层民用建筑消防安全管理规定》第三十七条及罚则
{: .sm-basis }

### 没有依据的一节 {: #nobasis }

不要在楼道里堆放杂物。

## 隐患自查清单 {: #checklist }

- [ ] 一项
"""


def good() -> list[dict]:
    return [
        {"section": "gas", "question": "闻到燃气味，第一步做什么？",
         "options": {"A": "开灯查看", "B": "关闭燃气表前阀或总阀", "C": "在屋里打电话"}, "answer": "B",
         "explain": "先关阀，到室外拨打燃气公司电话或 119。", "quote": "关闭燃气表前阀或总阀"},
        {"section": "ebike", "question": "充电时间一般不超过多少小时？",
         "options": {"A": "4小时", "B": "8小时", "C": "12小时", "D": "24小时"}, "answer": "B",
         "explain": "充电时间一般不超过8小时。", "quote": "充电时间一般不超过8小时"},
        {"section": "ebike", "question": "个人在楼道充电罚多少？",
         "options": {"A": 100, "B": "500元以上1000元以下", "C": "不罚款"}, "answer": "B",
         "explain": "依《高层民用建筑消防安全管理规定》第三十七条，个人违反的处500元以上1000元以下罚款。",
         "quote": "个人违反的处500元以上1000元以下罚款"},
    ]


def found():
    return quiz.knowledge(BODY.split("\n"))


def problems(data) -> list[quiz.Problem]:
    questions, wrong = quiz.read(data, found())
    assert questions == [] or not wrong
    return wrong


def one(data) -> quiz.Problem:
    wrong = problems(data)
    assert len(wrong) == 1, wrong
    return wrong[0]


def test_the_knowledge_sections_are_read_with_their_basis_and_plain_text():
    k = found()
    assert list(k.sections) == ["gas", "ebike", "nobasis"]
    gas = k.sections["gas"]
    assert gas.title == "闻到燃气味" and gas.basis == "依据：新华全媒+，2023年6月26日"
    # list marks and ** go; the words stay line by line
    assert gas.text == "关闭燃气表前阀或总阀。\n到室外拨打燃气公司电话或 119。"
    assert k.sections["nobasis"].basis == ""
    assert BODY.split("\n")[k.end] == "## 隐患自查清单 {: #checklist }"


def test_no_knowledge_part_and_headings_in_code_are_not_sections():
    assert quiz.knowledge(["# t", "## 别的 {: #other }", "### x {: #x }"]) is None
    fenced = ["## 安全知识 {: #knowledge }", "```", "### 代码 {: #code }", "```", "### 真的 {: #real }", "文字"]
    assert list(quiz.knowledge(fenced).sections) == ["real"]


def test_good_questions_are_read_in_order_with_numbers_kept_as_typed():
    questions, wrong = quiz.read(good(), found())
    assert wrong == []
    assert [q.number for q in questions] == [1, 2, 3]
    assert questions[2].options[0] == ("A", "100")         # `A: 100` is the text "100"
    assert questions[1].answer_text == "8小时" and questions[1].section.id == "ebike"


@pytest.mark.parametrize("edit, code, path, words", [
    (lambda d: d.__setitem__(0, "一句话"), "quiz.shape", ("quiz", 0), "字段: 值"),
    (lambda d: d[0].__setitem__("answr", "B"), "quiz.shape", ("quiz", 0, "answr"), "多了字段“answr”"),
    (lambda d: d[0].pop("quote"), "quiz.shape", ("quiz", 0), "缺少“quote”"),
    (lambda d: d[0].__setitem__("explain", ""), "quiz.shape", ("quiz", 0, "explain"), "缺少“explain”"),
    (lambda d: d[0].__setitem__("section", "fire"), "quiz.section", ("quiz", 0, "section"), "gas、ebike、nobasis"),
    (lambda d: d[0].update(section="nobasis", quote="不要在楼道里堆放杂物", explain="不要堆放杂物。"),
     "quiz.basis", ("quiz", 0, "section"), "没有“依据：”一行"),
    (lambda d: d[0].__setitem__("options", ["开灯", "关阀", "打电话"]), "quiz.options", ("quiz", 0, "options"), "A、B、C"),
    (lambda d: d[0].__setitem__("options", {"A": "开灯", "C": "关阀", "B": "打电话"}), "quiz.options",
     ("quiz", 0, "options"), "选项是 A、C、B"),
    (lambda d: d[0].__setitem__("options", {"A": "开灯", "B": "关阀"}), "quiz.options", ("quiz", 0, "options"), "3～4 个选项"),
    (lambda d: d[0]["options"].update(D="x", E="y"), "quiz.options", ("quiz", 0, "options"), "A、B、C、D、E"),
    (lambda d: d[0]["options"].__setitem__("C", " "), "quiz.options", ("quiz", 0, "options", "C"), "选项 C 是空的"),
    (lambda d: d[0]["options"].__setitem__("C", " 开灯查看 "), "quiz.options", ("quiz", 0, "options", "C"),
     "与选项 A 相同"),
    (lambda d: d[0].__setitem__("answer", "B、C"), "quiz.answer", ("quiz", 0, "answer"), "只能有一个正确答案"),
    (lambda d: d[0].__setitem__("answer", "D"), "quiz.answer", ("quiz", 0, "answer"), "A、B、C 中的一个"),
    (lambda d: d[0].__setitem__("quote", "关闭燃气总阀"), "quiz.quote", ("quiz", 0, "quote"), "“闻到燃气味”一节中找不到"),
    (lambda d: d[1]["options"].__setitem__("B", "9小时") or d[1].__setitem__("explain", "一般不超过九小时。"),
     "quiz.fact", ("quiz", 1, "options", "B"), "“9小”"),
    (lambda d: d[0].__setitem__("explain", "拨打 12119。"), "quiz.fact", ("quiz", 0, "explain"), "“12119”"),
    (lambda d: d[2].__setitem__("explain", "依《消防法》处罚。"), "quiz.fact", ("quiz", 2, "explain"), "“《消防法》”"),
    (lambda d: d[2].__setitem__("explain", "依第三十八条处罚。"), "quiz.fact", ("quiz", 2, "explain"), "“第三十八条”"),
    (lambda d: d[2].__setitem__("question", d[0]["question"]), "quiz.duplicate", ("quiz", 2, "question"), "与第 1 题相同"),
])
def test_each_kind_of_bad_question_is_one_problem_at_its_place(edit, code, path, words):
    data = copy.deepcopy(good())
    edit(data)
    p = one(data)
    assert (p.code, p.path) == (code, path), p
    assert words in p.message + p.fix, p
    assert p.message.startswith(f"第 {path[1] + 1} 题") or code == "quiz.shape"


def test_the_question_is_named_in_the_message():
    data = good()
    data[1]["quote"] = "整夜充电"
    assert one(data).message.startswith("第 2 题（“充电时间一般不超过多少小时？”）的 quote")


@pytest.mark.parametrize("data, words", [
    ("题目", "应为题目列表"), ({"section": "gas"}, "应为题目列表"), (None, "应为题目列表"),
])
def test_quiz_that_is_not_a_list(data, words):
    p = one(data)
    assert p.code == "quiz.shape" and p.path == ("quiz",) and words in p.message


def test_too_few_or_too_many_questions_and_a_page_without_knowledge():
    assert one(good()[:2]).code == "quiz.count"
    many = good() + [dict(good()[1], question=f"第{n}问？") for n in range(3)]
    assert one(many).code == "quiz.count" and "6 道题" in one(many).message
    _q, wrong = quiz.read(good(), None)
    assert [p.code for p in wrong] == ["quiz.section"] and "安全知识" in wrong[0].message


# (a control character in a text is the schema check's: fm.value, tested with the schemas)
@pytest.mark.parametrize("value", [None, 3, True, [], {"a": [1]}, "", "   ", {1: 2}])
def test_any_value_in_any_field_is_a_problem_never_a_crash(value):
    for key in quiz.KEYS:
        data = copy.deepcopy(good())
        data[0][key] = value
        _q, wrong = quiz.read(data, found())
        if key in ("question", "explain") and isinstance(value, int) and not isinstance(value, bool):
            continue   # a number is text ("3"); the checks may still find facts in it
        assert wrong, (key, value)


def test_sources_are_whole_numbers_not_digits_inside_others():
    assert quiz.unsourced("500元、50元、1000元", "处500元以上1000元以下") == ["50元"]
    assert quiz.unsourced("119 和 11", "火警 119") == ["11"]
    # the unit counts: 8小时 is not sourced by a date's 8月
    assert quiz.unsourced("8小时", "2021年8月1日起施行") == ["8小"]
    assert quiz.unsourced("不超过8小时", "一般不超过8小时") == []


# ---------------------------------------------------------------------------- rendering

HOSTILE = {"section": "gas", "question": '<script>alert(1)</script> & "引号" *星* _下_ [链](x) `码`',
           "options": {"A": "<b>粗</b>", "B": "关闭燃气表前阀或总阀", "C": "a & b \"c\" {: #x }"}, "answer": "B",
           "explain": "先关阀 <img src=x onerror=alert(x)> **不粗** \\* 119", "quote": "关闭燃气表前阀或总阀"}


def _rendered(questions) -> str:
    return render(quiz_html.render(questions), speech=False)


def test_every_text_from_the_data_reaches_the_page_escaped_and_literal():
    data = [HOSTILE] + good()[1:]
    questions, wrong = quiz.read(data, found())
    assert wrong == []
    out = _rendered(questions)
    assert "<script" not in out and "<b>" not in out and "<img" not in out
    assert 'onerror' not in out.replace("onerror=alert(x)&gt;", "")
    # Markdown did not touch the data: the marks are shown as typed
    for literal in ('*星*', '_下_', '[链](x)', '`码`', '**不粗**', '\\*', '{: #x }', '"引号"', 'a & b "c"'):
        assert literal in html.unescape(out), literal
    assert "<em>" not in out and "<strong>" not in out and "<code>" not in out
    legend = re.search(r'<legend class="sm-quiz__legend">(.*?)</legend>', out).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", legend)) == "1. " + HOSTILE["question"]


def test_the_block_has_the_heading_radios_answers_links_and_a_key():
    questions, _ = quiz.read(good(), found())
    md = quiz_html.render(questions)
    block = md.split("\n\n", 1)[1]
    assert md.startswith('## 安全知识自测 {: #quiz data-search-exclude="true" }\n\n')
    assert "\n\n" not in block.strip()           # one raw-HTML block
    out = _rendered(questions)
    assert re.search(r'<h2 [^>]*id="quiz"[^>]*>安全知识自测', out)
    assert out.count("<fieldset") == 3 and out.count("<legend") == 3
    assert out.count('type="radio" name="sm-quiz-2"') == 4
    assert re.findall(r'data-answer="(\w)"', out) == ["B", "B", "B"]
    assert out.count("<summary>查看答案</summary>") == 3
    assert out.count('aria-live="polite"') == 3
    assert re.findall(r'见：<a href="#([\w-]+)">([^<]+)</a>', out) == [
        ("gas", "闻到燃气味"), ("ebike", "电动自行车充电"), ("ebike", "电动自行车充电")]
    assert '<p class="sm-quiz__key">答案：1.B 2.B 3.B</p>' in out
    # every radio sits in its label (the label names it; the row is the target)
    assert len(re.findall(r"<label><input type=\"radio\"", out)) == 10


def test_the_section_goes_after_the_knowledge_part():
    questions, _ = quiz.read(good(), found())
    md = quiz_html.insert(BODY, found(), quiz_html.render(questions))
    heads = [line for line in md.split("\n") if line.startswith("## ")]
    assert heads == ["## 宣传要点 {: #key-messages }", "## 安全知识 {: #knowledge }",
                     quiz_html.HEADING, "## 隐患自查清单 {: #checklist }"]
    assert md.replace("\n" + quiz_html.render(questions), "").replace("\n\n\n", "\n\n") != md


def test_the_real_pages_quizzes_are_all_good():
    for slug in ("qiye", "nongcun", "shequ", "xuexiao", "jiating"):
        text = (paths.ROOT / "docs" / "wujin" / f"{slug}.md").read_text(encoding="utf-8")
        fm = reader.parse(text)
        k = quiz.knowledge(text.split("\n")[fm.body_start - 1:])
        questions, wrong = quiz.read(fm.data.get("quiz"), k)
        assert wrong == [] and quiz.MIN_QUESTIONS <= len(questions) <= quiz.MAX_QUESTIONS, slug
        for q in questions:
            assert q.quote in q.section.text and q.section.basis.startswith("依据：")
