"""安全知识自测: the questions of a 五进 page, read from its front matter (`quiz:`) and checked
against the page's own 安全知识 sections.

A question may only ask what the page itself says, with its source: its `section` must be a
`### 标题 {: #id }` under `## 安全知识 {: #knowledge }` that ends with a `依据：…` line, its
`quote` must stand word for word in that section, and every number, 《title》 and 第…条 in the
correct option or the explanation must be found in the section (or its 依据 line). So an
editor who changes a fact in the section is told which question still says the old one.

Pure functions: the checks (checks/quiz.py) turn the problems into issues with file lines, the
hook (scripts/hooks/site_quiz.py) renders the questions (site/quiz_html.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A short self-test: enough to touch the page's main facts, few enough to finish standing up.
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5
LETTERS = "ABCD"
MIN_OPTIONS = 3
KEYS = ("section", "question", "options", "answer", "explain", "quote")
KNOWLEDGE_ID = "knowledge"

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ATTRS = re.compile(r"\s*\{:?\s*([^{}]*)\}\s*$")
_ID = re.compile(r"(?:^|\s)#([\w-]+)")
_ATTR_LINE = re.compile(r"^\s*\{:?\s*[#.][^{}]*\}\s*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\\)`")
_BASIS = "依据："
# A number with the Han character after it (8小时, 500元, 4层): "8" alone would be found in
# any date of the 依据 line (2021年8月1日).
_NUMBER = re.compile(r"\d+(?:\.\d+)?[\u4e00-\u9fff]?")
_BOOK = re.compile(r"《[^《》]+》")
_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条")


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    line: int            # index of the ### line in the lines given
    text: str            # the section's plain text, one line per source line, without 依据
    basis: str           # the 依据 line ('' when there is none)


@dataclass(frozen=True)
class Knowledge:
    sections: dict       # id -> Section, in page order
    end: int             # index of the line after the 安全知识 part (the next ## heading)


@dataclass(frozen=True)
class Question:
    number: int          # 1-based, in page order
    section: Section
    question: str
    options: tuple       # ((letter, text), …)
    answer: str          # the correct option's letter
    explain: str
    quote: str

    @property
    def answer_text(self) -> str:
        return dict(self.options)[self.answer]


@dataclass(frozen=True)
class Problem:
    path: tuple          # where in the front matter: ("quiz", 1, "quote")
    code: str
    message: str
    fix: str


def plain(line: str) -> str:
    """A Markdown line as the reader sees its words: no list mark, emphasis or attribute list."""
    line = _ATTRS.sub("", line) if line.rstrip().endswith("}") else line
    return _EMPHASIS.sub("", _LIST_MARK.sub("", line)).strip()


def _heading(line: str) -> tuple[int, str, str] | None:
    """(level, title, id) of an ATX heading line, else None."""
    m = _HEADING.match(line)
    if not m:
        return None
    text, anchor = m.group(2), ""
    attrs = _ATTRS.search(text)
    if attrs:
        ids = _ID.findall(attrs.group(1))
        anchor = ids[-1] if ids else ""
        text = text[:attrs.start()]
    return len(m.group(1)), plain(text.rstrip("#").strip()), anchor


def knowledge(lines: list[str]) -> Knowledge | None:
    """The ### sections under the `## … {: #knowledge }` heading of a page body, else None."""
    sections: dict = {}
    start = end = None
    current: list = []
    fenced = None
    for i, line in enumerate(lines + ["## (end)"]):
        fence = _FENCE.match(line)
        if fence and (fenced is None or fence.group(1)[0] == fenced):
            fenced = None if fenced else fence.group(1)[0]
            continue
        head = None if fenced else _heading(line)
        if start is None:
            if head and head[0] == 2 and head[2] == KNOWLEDGE_ID:
                start = i
            continue
        if head and head[0] <= 3:
            _close(current, sections)
            if head[0] <= 2:
                end = i
                break
            current = [head[2], head[1], i]
            continue
        if current:
            current.append(line)
    if start is None:
        return None
    return Knowledge(sections, min(end, len(lines)))


def _close(current: list, sections: dict) -> None:
    if not current or not current[0] or current[0] in sections:
        return
    anchor, title, at, *body = current
    text, basis = [], ""
    for n, line in enumerate(body):
        words = plain(line)
        if words.startswith(_BASIS) and any(_ATTR_LINE.match(x) and ".sm-basis" in x for x in body[n + 1:n + 2]):
            basis = words
        elif words and not _ATTR_LINE.match(line):
            text.append(words)
    sections[anchor] = Section(anchor, title, at, "\n".join(text), basis)


# ---------------------------------------------------------------------------- reading

def read(data, found: Knowledge | None) -> tuple[list[Question], list[Problem]]:
    """The questions of a `quiz:` value and what is wrong with it (each problem at its path)."""
    if not isinstance(data, list):
        return [], [Problem(("quiz",), "quiz.shape", "quiz 应为题目列表（每题以“- section:”开头）",
                            "照编辑指南“安全知识自测”一节的例子写")]
    problems: list[Problem] = []
    if not MIN_QUESTIONS <= len(data) <= MAX_QUESTIONS:
        problems.append(Problem(("quiz",), "quiz.count", f"安全知识自测有 {len(data)} 道题，应为 "
                                f"{MIN_QUESTIONS}～{MAX_QUESTIONS} 道", "增加或删去题目"))
    if found is None:
        return [], problems + [Problem(("quiz",), "quiz.section", "页面没有“## 安全知识 {: #knowledge }”一节，"
                                       "题目无从出处", "题目只能出自本页的安全知识，先写好这一节")]
    questions: list[Question] = []
    seen: dict = {}
    for n, item in enumerate(data):
        question, wrong = _question(n, item, found)
        problems += wrong
        if question is None:
            continue
        if question.question in seen:
            problems.append(Problem(("quiz", n, "question"), "quiz.duplicate",
                                    f"{_name(n, item)}与第 {seen[question.question]} 题相同", "删去一题或改写"))
        seen.setdefault(question.question, n + 1)
        questions.append(question)
    return (questions if not problems else []), problems


def _name(n: int, item) -> str:
    text = item.get("question") if isinstance(item, dict) else None
    if not isinstance(text, str) or not text.strip():
        return f"第 {n + 1} 题"
    text = _one_line(text)
    return f"第 {n + 1} 题（“{text if len(text) <= 16 else text[:15] + '…'}”）"


def _question(n: int, item, found: Knowledge) -> tuple[Question | None, list[Problem]]:
    at = ("quiz", n)
    name = _name(n, item)
    if not isinstance(item, dict):
        return None, [Problem(at, "quiz.shape", f"{name}应为“字段: 值”的形式",
                              "每题写 section、question、options、answer、explain、quote 六项")]
    problems = [Problem(at + (k,), "quiz.shape", f"{name}多了字段“{k}”", "删去它，或改正拼写（只有 " + "、".join(KEYS) + "）")
                for k in item if k not in KEYS]
    item = {k: _text(v) for k, v in item.items()}
    for k in KEYS:
        if k == "options":
            continue
        value = item.get(k)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(at + ((k,) if k in item else ()), "quiz.shape", f"{name}缺少“{k}”或它不是一段文字",
                                    f"写上 {k}: 文字"))
    options, wrong = _options(at, name, item.get("options"))
    problems += wrong
    if problems:
        return None, problems
    section = found.sections.get(item["section"].strip())
    if section is None:
        known = "、".join(found.sections) or "（没有）"
        return None, [Problem(at + ("section",), "quiz.section", f"{name}的 section “{item['section']}”不是本页“安全知识”"
                              f"中的一节", f"写本页安全知识小标题的锚点之一：{known}")]
    question = Question(n + 1, section, _one_line(item["question"]), options, item["answer"].strip(),
                        _one_line(item["explain"]), _one_line(item["quote"]))
    return question, _sourced(at, name, question, options)


def _text(value):
    """A number written bare (`A: 12350`) is the text the editor typed; other values stay."""
    if isinstance(value, dict):
        return {k: _text(v) for k, v in value.items()}
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _options(at: tuple, name: str, value) -> tuple[tuple, list[Problem]]:
    where = at + ("options",)
    if not isinstance(value, dict):
        return (), [Problem(where, "quiz.options", f"{name}的 options 应为 A、B、C（可到 D）几个选项",
                            "写成 options: 下面每行“A: 选项文字”")]
    letters = LETTERS[:len(value)]
    if list(value) != list(letters) or not MIN_OPTIONS <= len(value) <= len(LETTERS):
        got = "、".join(str(k) for k in value) or "（没有）"
        return (), [Problem(where, "quiz.options", f"{name}的选项是 {got}，应依次为 A、B、C 或 A、B、C、D",
                            "3～4 个选项，从 A 起按字母顺序写")]
    problems, seen = [], {}
    for letter in letters:
        text = value[letter]
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem(where + (letter,), "quiz.options", f"{name}的选项 {letter} 是空的", "写上选项文字"))
        elif _one_line(text) in seen:
            problems.append(Problem(where + (letter,), "quiz.options", f"{name}的选项 {letter} 与选项 "
                                    f"{seen[_one_line(text)]} 相同", "每个选项要不同"))
        else:
            seen[_one_line(text)] = letter
    return tuple((k, _one_line(value[k])) for k in letters) if not problems else (), problems


def _sourced(at: tuple, name: str, q: Question, options: tuple) -> list[Problem]:
    """The answer is one option, the quote is in the section, and its facts are the section's."""
    letters = [k for k, _ in options]
    if q.answer not in letters:
        return [Problem(at + ("answer",), "quiz.answer", f"{name}的 answer “{q.answer}”不是一个选项字母"
                        f"（只能有一个正确答案）", f"写 {'、'.join(letters)} 中的一个")]
    title = f"“{q.section.title}”一节"
    problems = []
    if not q.section.basis:
        problems.append(Problem(at + ("section",), "quiz.basis", f"{name}出自的{title}没有“依据：”一行",
                                "先在这一节末尾写明出处：一行“依据：…”，下一行“{: .sm-basis }”"))
    if q.quote not in q.section.text:
        problems.append(Problem(at + ("quote",), "quiz.quote", f"{name}的 quote “{q.quote}”在{title}中找不到",
                                "从这一节原文中逐字复制一句（不含 ** 等格式符号），或把题目改成与这一节一致"))
    source = q.section.text + "\n" + q.section.basis
    for field, text in (("answer", q.answer_text), ("explain", q.explain)):
        for fact in unsourced(text, source):
            where = at + (("options", q.answer) if field == "answer" else ("explain",))
            what = "正确选项" if field == "answer" else "解释"
            problems.append(Problem(where, "quiz.fact", f"{name}的{what}中的“{fact}”在{title}（含依据）中找不到",
                                    "数字、法规名称和条款只能照本页这一节写；这一节改了，题目也要跟着改"))
    return problems


def unsourced(text: str, source: str) -> list[str]:
    """Numbers (with their unit), 《titles》 and 第…条 of text that source does not contain."""
    missing = []
    for m in _NUMBER.finditer(text):
        after = r"(?![\d]|\.\d)" if m.group()[-1].isdigit() else ""
        if not re.search(rf"(?<![\d.]){re.escape(m.group())}{after}", source):
            missing.append(m.group())
    missing += [m.group() for rx in (_BOOK, _ARTICLE) for m in rx.finditer(text) if m.group() not in source]
    return list(dict.fromkeys(missing))
