"""Rule "boilerplate": page furniture judged line by line from features (issue 16).

The chrome rule matches whole lines against patterns. This rule, in the spirit of jusText
and trafilatura, cuts a line into tokens and labels it from features, so that furniture it
has never seen verbatim is still recognised:

  widget     every token is a widget word or a site name (data/clean_boilerplate.yml):
             "分享赚钱 收藏 举报 版权申诉 / 9", "返回主页 | 版面导航", "德育素材网 首页", "朗读"
  field      only "label: value" items with credit/post/shop labels, or a label alone:
             "编辑：曹亚丹", "（责任编辑：时尚）", "• 上传人：专****文", "查看：2235|回复：1"
  stamp      a date with a clock time and little else: "2024-10-28 07:50:06 德育素材网",
             "拽老猫 发表于 2024-12-19 11:26" (a speech's own date line has no clock time)
  prevnext   上一篇 / 下一篇 / 上一条 / 下一条 with a short link title
  crumb      a path of short segments joined by > » › →, or 首页 followed by short tokens
  edition    a newspaper page label: "第00011版：专版", "1718 期 / 第1版：2"
  column     (head/tail only) a column name above the article: "重点新闻"
  linklist   (head only) three or more bulleted short titles in a row: a list of links
  repeat     a short non-sentence line that occurs again and again ("点赞点赞", "↓↓↓")
  foreign    a long line that is mostly Latin letters in a Chinese text (an appended
             machine translation): removed, and listed for review since it is not known
             furniture

The head zone is everything before the first body paragraph, the tail zone everything after
the last (a body paragraph: long and sentence-like). Labels that only hold at the edges are
never applied in the middle. A line's features never look at other documents.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import ReviewItem, RuleReport
from .base import CJK, RE_CJK, Context, Rule, RuleOutput, keep_lines, table
from .filler import filler_cuts, reply_lines, teaser_lines
from .line_shapes import MESSAGES as _MESSAGES, TOC_TITLE, is_byline, is_site_line, is_toc_entry, shape_label

NAME = "boilerplate"

_T = table("boilerplate")
_WIDGET = frozenset(_T["widget_words"])
WIDGET_MAX_LEN = int(_T["widget_max_len"])
_LABELS = sorted(_T["field_labels"], key=len, reverse=True)
_EDGE_LABELS = sorted(_T["field_labels_edge"], key=len, reverse=True)
_LABELS_NEXT = frozenset(_T["field_labels_with_next"])
FIELD_VALUE_MAX = int(_T["field_value_max"])
FIELD_LINE_MAX = int(_T["field_line_max"])
FIELD_NEXT_MAX = int(_T["field_next_max"])
_SITE = re.compile(f"[{CJK}A-Za-z]{{1,{int(_T['site_name_max'])}}}?(?:"
                   + "|".join(map(re.escape, sorted(_T["site_name_suffixes"], key=len, reverse=True)))
                   + ")")
_COLUMN = re.compile(f"[{CJK}]{{0,{int(_T['column_max_len'])}}}?(?:"
                     + "|".join(map(re.escape, sorted(_T["column_suffixes"], key=len, reverse=True)))
                     + ")")
COLUMN_MAX_LEN = int(_T["column_max_len"])

# A body paragraph: at least this long and sentence-like (as the chrome rule judges it).
BODY_MIN_LEN = 60
# A line of the head or tail zone, a link title or a stamp line, is at most this long.
SHORT_LEN = 40
LINKLIST_MIN_RUN = 3
REPEAT_MIN = 2
REPEAT_MAX_LEN = 12
# A foreign-language line: at least this many Latin letters, and they are most of the line.
FOREIGN_MIN_LETTERS = 40
FOREIGN_SHARE = 0.6

_BULLET = re.compile(r"^[\s•·●▪◆◇■□►▶※\-*]+")
_TOKEN_SPLIT = re.compile(r"[\s|｜/／·•>»›→\[\]【】()（）:：,，、;；!！]+|&#124;|&#91;|&#93;")
_NUMBER = re.compile(r"\d+|[a-z]\d*", re.I)
# A date token ("2007年6月1日", "2024-12-19") says nothing about a line of widgets beside it.
_DATE_TOKEN = re.compile(r"(?:19|20)\d{2}(?:年\d{1,2}月(?:\d{1,2}日)?|[-/.]\d{1,2}[-/.]\d{1,2})")


def _label_regex(labels: list[str]) -> re.Pattern:
    return re.compile("(?:" + "|".join(re.escape(x).replace("\\ ", "\\s*") for x in labels)
                      + r")\s*[:：]\s*")


_FIELD_ITEM = _label_regex(_LABELS)
_EDGE_FIELD_ITEM = _label_regex(sorted(_LABELS + _EDGE_LABELS, key=len, reverse=True))
_DATE = r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
_STAMP = re.compile(_DATE + r"\s*\d{1,2}:\d{2}(?::\d{2})?")
_POSTED = re.compile(r"发表于|发布于|更新于|post(?:ed)?\s", re.I)
_PREVNEXT = re.compile(r"^\d*\s*(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上篇|下篇)")
_CRUMB_SEP = re.compile(r"\s*(?:>|»|›|→|＞|&gt;)\s*")
_HOME_CRUMB = re.compile(r"^(?:网站首页|首页|主页)\s+\S")
_EDITION = re.compile(r"^(?:\d+\s*期\s*[/／]?\s*)?第\s*\d+\s*版(?:\s*[:：].{0,12})?$|^\d+\s*期\s*[/／]")
_SENTENCE = re.compile(r"[。！？!?]")
_LATIN = re.compile(r"[A-Za-z]")


def _tokens(line: str) -> list[str]:
    return [t for t in _TOKEN_SPLIT.split(line)
            if t and not _NUMBER.fullmatch(t) and not _DATE_TOKEN.fullmatch(t)]


WIDGET_COMPOUND_MAX = int(_T["widget_compound_max"])
_WIDGET_LONGEST = max(map(len, _WIDGET))


def _widget_word(token: str) -> bool:
    """A widget word, or widget words run together ("分享到朋友圈"): a greedy longest-first
    cut into widget words that uses up the token."""
    if token in _WIDGET:
        return True
    if len(token) > WIDGET_COMPOUND_MAX:
        return False
    pos = 0
    while pos < len(token):
        for size in range(min(_WIDGET_LONGEST, len(token) - pos), 1, -1):
            if token[pos:pos + size] in _WIDGET:
                pos += size
                break
        else:
            return False
    return True


def _is_widget(line: str) -> bool:
    if len(line) > WIDGET_MAX_LEN:
        return False
    tokens = _tokens(line)
    return bool(tokens) and all(_widget_word(t) or _SITE.fullmatch(t) for t in tokens) and any(
        _widget_word(t) for t in tokens) or (len(tokens) == 1 and tokens[0] in _WIDGET)


def _field_label_alone(line: str) -> str | None:
    """The label of a line that is a field label with nothing after its colon."""
    m = _FIELD_ITEM.fullmatch(line)
    return re.sub(r"\s*[:：]\s*$", "", line) if m else None


def _is_field(line: str, item: re.Pattern = _FIELD_ITEM) -> bool:
    if len(line) > FIELD_LINE_MAX:
        return False
    body = line.strip("（）()[]【】 ")
    pos = 0
    items = 0
    for m in item.finditer(body):
        gap = body[pos:m.start()]
        if items == 0 and gap.strip():
            return False                      # text before the first label
        if items and len(gap.strip(" |｜/，,;；")) > FIELD_VALUE_MAX:
            return False
        pos = m.end()
        items += 1
    return items > 0 and len(body[pos:].strip()) <= FIELD_VALUE_MAX


def _is_field_row(text: str) -> bool:
    """"来源：应急管理部网站 | 发布时间：2023-06-01 | 浏览次数：1234": a row of two or more
    items that opens with an edge label (来源, 作者) but also holds a page's own field
    (发布时间, 浏览次数): furniture wherever it stands."""
    return (len(text) <= FIELD_LINE_MAX and ("：" in text or ":" in text)
            and len(_EDGE_FIELD_ITEM.findall(text)) >= 2 and _FIELD_ITEM.search(text) is not None
            and _is_field(text, _EDGE_FIELD_ITEM))


_TRAILING_END = re.compile(r"[。！？!?…”」』）)]")
_PLAIN_END = "。！？!?…”」』，,；;"


def trailing_furniture(line: str) -> int | None:
    """Where furniture glued after a line's last sentence starts ("…持续稳定。（责任编辑：
    张三）", "…发展。 打印本页 关闭窗口"), or None: the part after the last sentence end
    must be a widget or field line by itself, or a run of bracketed ones."""
    if len(line) < BODY_MIN_LEN or line[-1] in _PLAIN_END:
        return None         # (most lines: a paragraph that ends its own sentence)
    ends = [m.end() for m in _TRAILING_END.finditer(line, max(0, len(line) - FIELD_LINE_MAX - 1))]
    for end in ends:
        rest = line[end:].strip()
        if not rest or len(rest) > FIELD_LINE_MAX or not _SENTENCE.search(line[:end]):
            continue
        parts = [p for p in re.split(r"[【】\[\]（）()]+", rest) if p.strip()]
        if parts and (label(rest) in ("widget", "field") or all(
                label(p.strip()) in ("widget", "field") for p in parts)):
            return end
    return None


def _is_stamp(line: str, edge: bool = False) -> bool:
    """A date with a clock time and little else. In the middle of a text only with seconds
    or a "posted" word: a programme's "2023-06-01 09:00 开幕式" is text, a post's time stamp
    "2022-06-30 01:35:08" or "xx 发表于 2024-12-20 23:40" is not."""
    if len(line) > SHORT_LEN or _SENTENCE.search(line):
        return False
    posted = _POSTED.search(line) is not None
    m = _STAMP.search(line)
    if m:
        rest = "".join(t for t in _tokens(line[:m.start()] + " " + line[m.end():]) if t not in _WIDGET)
        return len(rest) <= 16 and (edge or posted or m.group().count(":") == 2)
    return posted and re.search(_DATE, line) is not None


def _is_crumb(line: str) -> bool:
    if len(line) > 80 or _SENTENCE.search(line):
        return False
    parts = [p for p in _CRUMB_SEP.split(line) if p.strip()]
    if len(parts) >= 3 and all(len(p) <= 16 for p in parts[:-1]):
        return True
    if _HOME_CRUMB.match(line):
        tokens = line.split()
        return len(tokens) >= 3 and all(len(t) <= 12 for t in tokens[:-1])
    return False


def _is_foreign(line: str) -> bool:
    letters = len(_LATIN.findall(line))
    if letters < FOREIGN_MIN_LETTERS:
        return False
    visible = len(line) - line.count(" ")
    return letters >= FOREIGN_SHARE * visible and len(RE_CJK.findall(line)) < letters / 10


def label(line: str) -> str | None:
    """The label of one stripped line judged on its own (no position), or None."""
    if not line:
        return None
    text = _BULLET.sub("", line).strip()
    if not text:
        return None
    if _is_widget(text):
        return "widget"
    if _is_field(text) or _is_field_row(text):
        return "field"
    if _is_stamp(text):
        return "stamp"
    if len(text) <= 60 and _PREVNEXT.match(text):
        return "prevnext"
    if _is_crumb(text):
        return "crumb"
    if len(text) <= SHORT_LEN and _EDITION.search(text):
        return "edition"
    if _is_foreign(text):
        return "foreign"
    return shape_label(text)


def is_boilerplate(line: str) -> bool:
    """Whether a line, judged alone, is page furniture (the title finder skips such lines)."""
    found = label(line.strip()) or edge_label(line.strip())
    return found is not None and found != "foreign"


def _is_column(line: str) -> bool:
    return len(line) <= COLUMN_MAX_LEN and _COLUMN.fullmatch(line) is not None


def _is_body(line: str) -> bool:
    return len(line) >= BODY_MIN_LEN and ("。" in line or line[-1] in "。！？!?")


def edge_label(line: str) -> str | None:
    """The label of a line of the head or tail zone that holds only there."""
    text = _BULLET.sub("", line).strip()
    if _is_column(text):
        return "column"
    if is_site_line(text):
        return "site"
    if _is_stamp(text, edge=True):
        return "stamp"
    if _is_field(text, _EDGE_FIELD_ITEM):
        return "field"
    return None


def labels(lines: list[str], cuts: dict[int, tuple[int, int]] | None = None) -> list[str | None]:
    """A label (see the module docstring) or None for each line (stripped lines); cuts: the
    template spans of filler.filler_cuts(lines) when already found."""
    out: list[str | None] = [label(line) for line in lines]
    body = [i for i, line in enumerate(lines) if out[i] is None and _is_body(line)]
    head_end = body[0] if body else len(lines)
    tail_start = body[-1] + 1 if body else len(lines)
    counts = Counter(line for line in lines if line and len(line) <= REPEAT_MAX_LEN)
    for i, line in enumerate(lines):
        if out[i] is not None or not line:
            continue
        if i < head_end or i >= tail_start:
            out[i] = edge_label(line)
        if out[i] is None and counts.get(line, 0) >= REPEAT_MIN and not _SENTENCE.search(line) and (
                not RE_CJK.search(line) or _is_widget_like_repeat(line)):
            out[i] = "repeat"
    # A label alone whose value is the next line ("特殊限制：" + the shop's disclaimer).
    for i, line in enumerate(lines[:-1]):
        if out[i] == "field":
            name = _field_label_alone(_BULLET.sub("", line).strip())
            nxt = next((j for j in range(i + 1, len(lines)) if lines[j]), None)
            if (name is not None and re.sub(r"\s+", " ", name) in {re.sub(r"\s+", " ", x) for x in _LABELS_NEXT}
                    and nxt is not None and out[nxt] is None and len(lines[nxt]) <= FIELD_NEXT_MAX):
                out[nxt] = "field"
    _sentence_labels(lines, out, head_end, tail_start, filler_cuts(lines) if cuts is None else cuts)
    # Runs of bulleted short titles before the body: a list of links.
    i = 0
    while i < head_end:
        j = i
        while (j < head_end and lines[j] and _BULLET.match(lines[j]) and len(lines[j]) <= SHORT_LEN
               and not _SENTENCE.search(lines[j])):
            j += 1
        if j - i >= LINKLIST_MIN_RUN:
            for k in range(i, j):
                out[k] = out[k] or "linklist"
            i = j
        else:
            i += 1 if j == i else j - i
    return out


def _sentence_labels(lines: list[str], out: list[str | None], head_end: int, tail_start: int,
                     cuts: dict[int, tuple[int, int]]) -> None:
    """Labels of whole sentences judged on combined evidence (filler.py): a 范文 site's
    template intro/outro, a teaser repeating the article, replies under a forum post."""
    for i, (start, end) in cuts.items():
        if start == 0 and end >= len(lines[i].rstrip()):
            out[i] = out[i] or "filler"
    for i in teaser_lines(lines, head_end):
        out[i] = out[i] or "teaser"
    for i in range(tail_start, len(lines)):
        if out[i] is None and is_byline(lines[i]):
            out[i] = "byline"
    toc = [i for i, line in enumerate(lines) if out[i] is None and is_toc_entry(line)]
    if len(toc) >= 2:
        # a table of contents: its entries (and its "目录" line) are layout of the document
        for i in toc:
            out[i] = "toc"
        for i, line in enumerate(lines[:toc[0]]):
            if line in TOC_TITLE:
                out[i] = "toc"
    posted = [out[i] == "stamp" and _POSTED.search(line) is not None for i, line in enumerate(lines)]
    if any(posted[tail_start:]):
        for i in reply_lines(lines, posted, tail_start):
            out[i] = out[i] or "reply"


def _is_widget_like_repeat(line: str) -> bool:
    """"点赞点赞", "阴影 阴影": a repeated line made of one short piece said again."""
    squeezed = line.replace(" ", "")
    for n in range(1, len(squeezed) // 2 + 1):
        if len(squeezed) % n == 0 and squeezed[:n] * (len(squeezed) // n) == squeezed:
            return len(squeezed) // n >= 2
    return False




def apply(text: str, context: Context | None = None) -> RuleOutput:
    report = RuleReport(NAME)
    review: list[ReviewItem] = []
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    cuts = filler_cuts(stripped)
    found = labels(stripped, cuts)
    trimmed = _trim_fillers(lines, stripped, found, report, cuts)
    if not any(found):
        review = [ReviewItem(NAME, i + 1, _MESSAGES["filler"], cut) for i, cut in trimmed]
        return RuleOutput("\n".join(lines) if report.count else text, report, review)
    keep = [lab is None for lab in found]
    for i, lab in enumerate(found):
        if lab is not None:
            report.add(lines[i].strip()[:30], "")
    new_text, line_map = keep_lines(lines, keep)
    review = [ReviewItem(NAME, line_map[i] + 1, _MESSAGES["filler"], cut) for i, cut in trimmed]
    for i, lab in enumerate(found):
        if lab in _MESSAGES:
            review.append(ReviewItem(NAME, line_map[i] + 1, _MESSAGES[lab], lines[i].strip()[:40]))
    return RuleOutput(new_text, report, review, line_map)


def _trim_fillers(lines: list[str], stripped: list[str], found: list[str | None],
                  report: RuleReport, cuts: dict[int, tuple[int, int]]) -> list[tuple[int, str]]:
    """Cut furniture glued after a line's last sentence (trailing_furniture) and a template
    intro/outro that shares its line with the text (a run-on page) out of that line, in
    place; each cut is reported. (line index, what was cut) of each template cut: those are
    listed for review, the glued furniture is known and is not."""
    listed: list[tuple[int, str]] = []
    glued: set[int] = set()
    for i, line in enumerate(stripped):
        cut = trailing_furniture(line) if found[i] is None and len(line) >= BODY_MIN_LEN else None
        if cut is not None:
            lines[i] = stripped[i] = line[:cut]
            glued.add(i)
            report.add(line[cut:].strip()[:30], "")
    for i, (start, end) in cuts.items():
        if found[i] is not None or i in glued:      # (spans of the line before its cut)
            continue
        line = stripped[i]
        rest = (line[:start] + line[end:]).strip()
        if not rest:
            continue
        lines[i] = rest
        listed.append((i, line[start:end][:40]))
        report.add(line[start:end][:30], "")
    return listed


# Furniture: like chrome it judges whole lines, so its output lines are the reference the
# editors' checks compare with (clean._changed_lines).
RULE = Rule(NAME, apply, changes="furniture")
