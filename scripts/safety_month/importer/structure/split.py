"""Compilations: one file holding several speeches ("材料汇编1", "篇一", "【篇二】", "范文3").

A part label is a short line that is either
- a label word with a number: 篇一 / 【篇2】 / 第三篇 / 范文一 / 材料一 (optionally followed by
  the part's own title after "：" or a space), or
- the compilation title (or any line ending in 汇编) followed by a number: "…材料汇编2";
and the labels must be numbered 1, 2, … in order (at least two), so an enumeration or a
stray number never splits a speech. Lines before the first label (repeated compilation
titles, "【通用三篇】", page counters) belong to no part; in each part, lines repeating the
compilation title are dropped.

A single speech may still carry the label of the compilation it was cut from (issue 16): a
bare "篇1" line, "第1篇 标题", "标题 篇1", "讲话稿（通用3篇）" / "讲话稿14篇 ". Such labels are
site furniture, not the speaker's words: unlabel() takes them off short lines (and the title
candidates), where they would otherwise become the page's title or its first line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import Line, cn_number, piece_of, squash

_NUM = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_WORD_LABEL = re.compile(
    rf"^[【\[〔（(]?\s*(?:(?:篇|范文|材料|讲话稿?|发言稿?)\s*({_NUM})|第({_NUM})篇)\s*[】\]〕）)]?"
    r"\s*[:：、.．]?\s*(?P<title>.*)$")
_TITLE_NUM = re.compile(rf"^(?P<stem>.+?)\s*[（(]?(?P<num>{_NUM})[)）]?$")
# A lone label at the start or end of a line: a label word with a number, then only
# punctuation or a space before the title (第一篇文章… is a sentence, not a label).
_LEAD_LABEL = re.compile(rf"^[【\[〔（(]?\s*(?:篇\s*(?:{_NUM})|第(?:{_NUM})篇)\s*[】\]〕）)]?(?:[:：、.．\s]+|$)")
_TRAIL_LABEL = re.compile(rf"\s+[【\[〔（(]?\s*(?:篇\s*(?:{_NUM})|第(?:{_NUM})篇)\s*[】\]〕）)]?$")
# A count of pieces after a document noun (讲话稿14篇, 发言稿【通用三篇】, 总结精选6篇), then a
# space or the line's end: the compilation's advertisement, not part of any title.
_COUNT_LABEL = re.compile(
    rf"(?<=[稿词结案文料话书信])\s*[（(【\[]?\s*(?:通用|精选|优选|优秀|最新|热门|实用|经典|范文)?\s*"
    rf"(?:{_NUM})篇(?:合集|汇编|范文)?\s*[）)】\]]?(?=\s|$)")
MAX_LABEL = 80
MAX_TITLE = 100     # as clean.hints.CANDIDATE_MAX_LEN


@dataclass
class Part:
    index: int | None              # 1-based within a compilation; None for a single speech
    lines: list[Line]
    own_title: str | None = None   # the part's own title from its label line
    dropped: list[Line] = field(default_factory=list)


@dataclass
class Split:
    compilation_title: str | None
    parts: list[Part]
    head: list[Line] = field(default_factory=list)   # lines before the first label


def _label(line: Line, stems: set[str]) -> tuple[int, str | None] | None:
    t = line.text.strip()
    if len(t) > MAX_LABEL:
        return None
    m = _WORD_LABEL.match(t)
    if m:
        n = cn_number(m.group(1) or m.group(2))
        if n:
            title = (m.group("title") or "").strip() or None
            return n, title
    m = _TITLE_NUM.match(t)
    if m:
        stem = m.group("stem")
        if squash(stem) in stems or stem.rstrip().endswith("汇编"):
            n = cn_number(m.group("num"))
            if n:
                return n, None
    return None


def split_parts(lines: list[Line], title_candidates: list[str]) -> Split:
    stems = {squash(c) for c in title_candidates if squash(c)}
    labels: list[tuple[int, int, str | None]] = []   # (line index, number, own title)
    expected = 1
    for i, ln in enumerate(lines):
        got = _label(ln, stems)
        if got and got[0] == expected:
            labels.append((i, got[0], got[1]))
            expected += 1
    if len(labels) < 2:
        single = [piece_of(ln, unlabel(ln.text)) for ln in lines]
        return Split(None, [Part(None, [ln for ln in single if ln.text],
                                 dropped=[ln for ln, new in zip(lines, single) if not new.text])])
    first = labels[0][0]
    head = lines[:first]
    comp = _compilation_title(head, lines[first], title_candidates)
    comp_sq = squash(comp) if comp else ""
    parts: list[Part] = []
    for k, (i, n, own) in enumerate(labels):
        end = labels[k + 1][0] if k + 1 < len(labels) else len(lines)
        body, dropped = [], [lines[i]]
        for ln in lines[i + 1:end]:
            if comp_sq and squash(ln.text) == comp_sq:
                dropped.append(ln)
            else:
                body.append(ln)
        parts.append(Part(n, body, own, dropped))
    return Split(comp, parts, head)


def unlabel(text: str) -> str:
    """text without a compilation's labels (module docstring); "" for a bare label. Only the
    start of a line is looked at for a count label, and only a short line for the others."""
    head, rest = text[:MAX_LABEL], text[MAX_LABEL:]
    head = _COUNT_LABEL.sub("", head, count=1)
    if len(text) <= MAX_LABEL:
        head = _TRAIL_LABEL.sub("", _LEAD_LABEL.sub("", head.strip(), count=1))
    return (head + rest).strip()


def _compilation_title(head: list[Line], first_label: Line, candidates: list[str]) -> str | None:
    """The compilation's title: the fullest spelling among head lines and candidates."""
    m = _TITLE_NUM.match(first_label.text.strip())
    stem = m.group("stem").strip() if m and not _WORD_LABEL.match(first_label.text.strip()) else None
    pool = [ln.text.strip() for ln in head] + list(candidates) + ([stem] if stem else [])
    pool = [p for p in pool if len(p) <= MAX_TITLE]     # a longer line is text, not a title
    key = squash(stem) if stem else None
    if key:
        same = [p for p in pool if squash(p) == key]
        if same:
            return max(same, key=len)
    titled = [p for p in pool if len(squash(p)) >= 6 and not p.startswith("【")]
    return max(titled, key=len) if titled else None
