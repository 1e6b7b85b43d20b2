"""Converting a speech page of the old format to plain Markdown (`safety-month convert`).

Old speech pages carry what the build now makes itself: a "{: #p-N }" line after every
paragraph, <span class="sm-redact" title="…">…</span> around each placeholder, and numeric
references (&#42;) where a backslash escape (\\*) now does. convert() removes or rewrites only
those, and only where the page reads the same afterwards:

- an anchor line "{: #p-N }" goes (an attribute list with more in it keeps the rest:
  "{: #p-3 .lead }" becomes "{: .lead }"); where the paragraph's number changes (an old page
  whose numbers were not in order), the change is reported: a link to the old #p-N would land
  elsewhere;
- a redaction span becomes its placeholder as plain text, and a numeric reference of the old
  importer a backslash escape (or the character, where nothing needs escaping), paragraph by
  paragraph: a paragraph is rewritten only when the site renders it exactly as before
  (render(), given by the caller, renders Markdown as the build does); otherwise it is kept and
  reported;
- everything else stays byte for byte: text an editor wrote, their own attributes, their own
  HTML, every front-matter field; the review items' line numbers follow their lines, and a
  page the importer would still regard as its own (generated_hash matching) is stamped again
  so that it stays the importer's.

Idempotent: a converted page has nothing left to convert. Pure: text in, text and a list of
what changed (plain Chinese, for the command's report) out.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable

from . import contract, paragraphs, reader
from .contract import REDACT_CLASS

_LINE_END = re.compile(r"\r\n|\r|\n")
_ANCHOR_TOKEN_RE = re.compile(r"\s*#p-\d+\b")
_SPAN_RE = re.compile(rf'<span class="{REDACT_CLASS}"(?: title="[^"<>]*")?>([^<]*)</span>')
# Numeric references the old importer wrote, and what they become. A backslash escape where
# the site's Markdown has one; the character itself where nothing reads it as syntax there.
_OLD_REFS = {42: "\\*", 95: "\\_", 96: "\\`", 91: "\\[", 93: "\\]", 92: "\\\\", 126: "\\~", 94: "\\^",
             61: "\\=", 124: "\\|", 123: "\\{", 125: "\\}", 33: "\\!", 35: "\\#", 36: "$", 45: "\\-",
             43: "\\+", 46: "\\.", 41: "\\)"}
_REF_RE = re.compile(r"&#(\d+);")
_ENTITY_AHEAD_RE = re.compile(r"&(?=#[0-9]+;|#x[0-9a-fA-F]+;|[a-zA-Z0-9]+;)")
# Characters of a placeholder escaped when written plain (its * and _ stay: the build marks
# the placeholder before emphasis is read).
_PLACEHOLDER_ESCAPES = {ch: "\\" + ch for ch in "\\`[]{}#|=^~"} | {"<": "&lt;"}


class ConvertError(ValueError):
    """The page cannot be converted as it is; the message is for the editor."""


@dataclass
class Converted:
    text: str
    changes: list[str] = field(default_factory=list)   # what changed, one line each (Chinese)
    kept: list[str] = field(default_factory=list)      # what was left as it was, and why

    @property
    def changed(self) -> bool:
        return bool(self.changes)


Render = Callable[[str], str]


def _split(text: str) -> list[str]:
    out, pos = [], 0
    for m in _LINE_END.finditer(text):
        out.append(text[pos:m.end()])
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def _body_of(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body):]


def plain_placeholder(shown: str) -> str:
    """A placeholder's text as a speech page holds it."""
    out = "".join(_PLACEHOLDER_ESCAPES.get(ch, ch) for ch in shown)
    return _ENTITY_AHEAD_RE.sub("&amp;", out)


def _rewrite_inline(line: str) -> tuple[str, int, int]:
    """(line with redaction spans as plain placeholders and old numeric references as
    escapes, spans rewritten, references rewritten)."""
    spans = refs = 0

    def span(m: re.Match) -> str:
        nonlocal spans
        spans += 1
        return plain_placeholder(html.unescape(m.group(1)))

    def ref(m: re.Match) -> str:
        nonlocal refs
        code = int(m.group(1))
        if code not in _OLD_REFS:
            return m.group(0)
        refs += 1
        return _OLD_REFS[code]

    parts, pos = [], 0
    for m in _SPAN_RE.finditer(line):
        parts.append(_REF_RE.sub(ref, line[pos:m.start()]))
        parts.append(span(m))
        pos = m.end()
    parts.append(_REF_RE.sub(ref, line[pos:]))
    out = "".join(parts)
    # (a placeholder of underscores alone on its line would be a horizontal rule)
    if re.fullmatch(r"_{3,}[ _]*", out):
        out = "\\" + out
    return out, spans, refs


def convert(text: str, render: Render) -> Converted:
    """The page in the new format (see the module docstring). render(markdown) -> the HTML
    the site makes of a speech body. Raises ConvertError for a front matter that cannot be
    read (the check command says what is wrong)."""
    fm = reader.parse(text)
    if fm.errors:
        e = fm.errors[0]
        raise ConvertError(f"第 {e.line} 行：{e.message_zh}（先改好页面字段，可运行 safety-month check）")
    if fm.data.get("kind") != "speech" or fm.close_line == 0:
        return Converted(text)
    generated = not contract.is_hand_edited(text)
    lines = _split(text)
    result = Converted(text)
    plan = _Plan(lines, fm.body_start - 1)
    plan.run(render, result.kept)
    drop, new_lines, renumbered, spans, refs = plan.drop, plan.new_lines, plan.renumbered, plan.spans, plan.refs
    if not drop and not spans and not refs and new_lines == lines:
        return result
    if drop:
        result.changes.append(f"删去段落锚点行 {len(drop)} 行（锚点 #p-N 由网站构建自动生成）")
    attrs = sum(1 for k, (a, b) in enumerate(zip(lines, new_lines)) if a != b and k not in drop
                and paragraphs.ATTR_LINE_RE.match(a))
    if attrs:
        result.changes.append(f"属性行中删去 #p-N {attrs} 处，其余属性保留")
    if spans:
        result.changes.append(f"占位符标记改为纯文本 {spans} 处（构建时自动标为隐去内容）")
    if refs:
        result.changes.append(f"字符转义 &#数字; 改为反斜杠写法 {refs} 处")
    if renumbered:
        result.changes.append("段落锚点编号变化（链接到旧编号的地方要改）：" + "，".join(renumbered))
    kept = [line for k, line in enumerate(new_lines) if k not in drop]
    out = "".join(kept)
    out, moved = _move_review_lines(out, sorted(drop))
    if moved:
        result.changes.append(f"待核对事项的行号随正文更新 {moved} 处")
    if generated:
        out = contract.set_hash(out)
    result.text = out
    return result


def _canonical(html_text: str) -> str:
    """HTML written again by lxml: a character and its reference (〔&#42;〕, 〔*〕), attribute
    quoting and raw versus generated tags compare equal."""
    import lxml.html

    if not html_text.strip():
        return ""
    parts = lxml.html.fragments_fromstring(html_text)
    return "".join(p if isinstance(p, str) else lxml.html.tostring(p, encoding="unicode") for p in parts)


class _Plan:
    """What convert() changes in the body: lines to drop, lines rewritten, and the counts."""

    def __init__(self, lines: list[str], first: int):
        self.lines, self.first = lines, first       # first: index of the first body line
        self.new_lines = list(lines)
        self.drop: set[int] = set()
        self.renumbered: list[str] = []
        self.spans = self.refs = 0

    def run(self, render: Render, kept: list[str]) -> None:
        body = [_body_of(line)[0] for line in self.lines[self.first:]]
        position = 0
        for block in paragraphs.blocks(body):
            if block.kind == "paragraph":
                position += 1
                if block.anchor_line is not None:
                    self._anchor(block, position)
            if block.kind in ("paragraph", "heading"):
                self._inline(block, render, kept)

    def _anchor(self, block: paragraphs.Block, position: int) -> None:
        """Drop the old "{: #p-N }" line, or only its #p-N when it holds more."""
        index = self.first + block.anchor_line
        attr, ending = _body_of(self.lines[index])
        rest = _ANCHOR_TOKEN_RE.sub("", attr, count=1)
        if re.fullmatch(r"\s*\{:?\s*\}\s*", rest):
            self.drop.add(index)
        else:
            self.new_lines[index] = rest + ending
        if block.number != position:
            self.renumbered.append(f"#p-{block.number} → #p-{position}（第 {index + 1} 行）")

    def _inline(self, block: paragraphs.Block, render: Render, kept: list[str]) -> None:
        """Spans and old references of the block rewritten, when it renders the same."""
        start = self.first + block.start
        old = [_body_of(self.lines[start + k]) for k in range(len(block.lines))]
        rewritten = [_rewrite_inline(line) for line, _ in old]
        n_spans, n_refs = sum(r[1] for r in rewritten), sum(r[2] for r in rewritten)
        if not n_spans and not n_refs:
            return
        before = "\n".join(line for line, _ in old)
        after = "\n".join(r[0] for r in rewritten)
        if _canonical(render(before)) != _canonical(render(after)):
            kept.append(f"第 {start + 1} 行：这一段的占位符标记或转义保留原样"
                        "（改成新写法后显示会有不同，请手工核对）")
            return
        for k, (new, _, _) in enumerate(rewritten):
            self.new_lines[start + k] = new + old[k][1]
        self.spans += n_spans
        self.refs += n_refs


def _move_review_lines(text: str, dropped: list[int]) -> tuple[str, int]:
    """text with each review item's `line: N` lowered by the dropped lines (0-based indexes
    into the old lines) above line N; how many items moved."""
    if not dropped:
        return text, 0
    fm = reader.parse(text)
    items = fm.data.get("review")
    if fm.errors or not isinstance(items, list):
        return text, 0
    lines = _split(text)
    moved = 0
    for i, item in enumerate(items):
        old = item.get("line") if isinstance(item, dict) else None
        if not isinstance(old, int) or isinstance(old, bool):
            continue
        shift = sum(1 for d in dropped if d + 1 < old)
        if not shift:
            continue
        pos = fm.value_pos.get(("review", i, "line"))
        if pos is None:
            continue
        row, col = pos
        line, ending = _body_of(lines[row - 1])
        m = re.compile(r"\d+").match(line, col - 1)
        if not m or int(m.group()) != old:
            continue
        lines[row - 1] = line[:m.start()] + str(old - shift) + line[m.end():] + ending
        moved += 1
    return "".join(lines), moved
