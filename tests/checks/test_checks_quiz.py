"""安全知识自测 in the editors' checks (checks/quiz.py): a wrong question is an issue at its own
line of the front matter, naming the question; a build with the quiz hook fails on it with the
Chinese message and leaves the quiz out of the page until it is fixed; `safety-month check`
says the same."""

from __future__ import annotations

import re
import subprocess

from safety_month import checks
from tests.checks.test_checks_build import CONFIG
from tests.conftest import ROOT, run_mkdocs_build

PAGE = (ROOT / "docs" / "wujin" / "jiating.md").read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def issues(text: str):
    return [i for i in checks.check_text("docs/wujin/jiating.md", text, "wujin/jiating.md")[1] if i.code.startswith("quiz.")]


def test_the_real_page_has_no_quiz_issue():
    assert issues(PAGE) == []


def test_a_quote_not_in_its_section_is_reported_at_its_line_naming_the_question():
    text = PAGE.replace('quote: "充电时间一般不超过8小时"', 'quote: "充电时间一般不超过6小时"')
    [issue] = issues(text)
    assert issue.code == "quiz.quote" and issue.line == _line_of(text, "不超过6小时")
    assert issue.format().startswith(f"docs/wujin/jiating.md:{issue.line}:")
    assert "安全知识自测：第 3 题（“电动自行车充电，时间一般不超过…”）的 quote" in issue.message_zh
    assert "“电动自行车充电”一节中找不到" in issue.message_zh


def test_changing_a_fact_in_the_section_points_at_the_questions_that_still_say_the_old_one():
    text = PAGE.replace("- 不要整夜充电，充电时间一般不超过8小时；", "- 不要整夜充电，充电时间一般不超过6小时；")
    assert text != PAGE
    found = issues(text)
    assert {i.code for i in found} == {"quiz.quote", "quiz.fact"}
    assert all("第 3 题" in i.message_zh for i in found)
    assert {i.line for i in found} == {_line_of(text, 'B: "8小时"'), _line_of(text, 'explain: "不要整夜充电'),
                                       _line_of(text, 'quote: "充电时间一般不超过8小时"')}


def test_a_section_that_does_not_exist_and_a_second_answer():
    text = PAGE.replace("  - section: ebike", "  - section: e-bike", 1).replace("    answer: A\n", "    answer: A、B\n", 1)
    found = {(i.code, i.line) for i in issues(text)}
    assert found == {("quiz.section", _line_of(text, "section: e-bike")), ("quiz.answer", _line_of(text, "answer: A、B"))}


CONFIG_QUIZ = CONFIG.replace("hooks:\n", f"hooks:\n  - {ROOT / 'scripts/hooks/site_quiz.py'}\n")


def _project(tmp_path, page: str):
    (tmp_path / "mkdocs.yml").write_text(CONFIG_QUIZ, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def test_the_build_puts_the_quiz_in_the_page_and_fails_on_a_bad_question(tmp_path):
    (tmp_path / "good").mkdir()
    config = _project(tmp_path / "good", PAGE)
    result = run_mkdocs_build(config, tmp_path / "good" / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    built = (tmp_path / "good" / "site" / "index.html").read_text(encoding="utf-8")
    assert built.count('<fieldset class="sm-quiz__q"') == 4 and 'id="quiz"' in built

    bad = PAGE.replace('quote: "拨打举报投诉电话 12350"', 'quote: "拨打举报电话 12345"')
    (tmp_path / "bad").mkdir()
    config = _project(tmp_path / "bad", bad)
    result = run_mkdocs_build(config, tmp_path / "bad" / "site")
    assert result.returncode != 0
    line = _line_of(bad, "拨打举报电话 12345")
    assert re.search(rf"docs/index.md:{line}:\d+: quiz.quote 安全知识自测：第 4 题（“发现安全生产违法行为和事故隐患…”）"
                     r"的 quote “拨打举报电话 12345”在“记住这些电话”一节中找不到 — ", result.stderr), result.stderr[-3000:]


def test_safety_month_check_reports_it_too(tmp_path):
    bad = PAGE.replace('    answer: C\n', '    answer: E\n', 1)
    config = _project(tmp_path, bad)
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "safety-month"), "check", "-f", str(config)],
                            capture_output=True, text=True, cwd=tmp_path)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert f"docs/index.md:{_line_of(bad, 'answer: E')}:" in out and "quiz.answer" in out and "不是一个选项字母" in out


GUIDE = (ROOT / "docs" / "guide" / "wujin.md").read_text(encoding="utf-8")


def test_the_guides_example_message_is_what_the_check_says():
    [example] = [line for line in GUIDE.split("\n") if line.startswith("docs/wujin/jiating.md:") and "quiz." in line]
    text = PAGE.replace('quote: "充电时间一般不超过8小时"', 'quote: "充电时间一般不超过6小时"')
    [issue] = issues(text)
    assert issue.format() == example


def test_the_guide_explains_every_code_the_quiz_check_gives():
    source = (ROOT / "scripts" / "safety_month" / "site" / "quiz.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'"(quiz\.[a-z]+)"', source))
    assert len(codes) == 9
    explained = set(re.findall(r"^\| `(quiz\.[a-z]+)` \|", GUIDE, re.M))
    assert explained == codes
