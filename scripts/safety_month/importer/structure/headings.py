"""Headings from Chinese official numbering: 一、 -> h2, （一） -> h3, short "1." lines -> h4.

Works on run-on text too (a whole speech glued into one line): a heading marker counts only
at the start of a line or sentence, only in sequence (一、 then 二、 …; （一） restarts under
each 一、), and only when its level has at least two siblings. Where the heading ends:

1. a marker starting its own short line: the whole line;
2. else a space before the first sentence end (headings followed by text after a space);
3. else (run-on) siblings are parallel: if the clauses after their first comma have equal
   length up to the sentence end, the heading ends there; otherwise the common clause length
   is chosen where every sibling splits between two words (jieba), the heading ends with a
   noun-like word and the rest does not start with a particle; falling back to the first
   sentence end.

The numbers are kept in the heading text as the original has them ("一、指导思想"): an
editor compares the page with the source, and a reader refers to "第三部分" by its number
(issue 16's Deliver: heading numbers kept as the original has them).
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass, field
from functools import lru_cache

from .text import (CLAUSE_PUNCT, PAIR_CHARS_RE, PAIR_SPAN, SENTENCE_END, Line, cn_number, inside_pair,
                   is_boundary_before, pair_spans)
from .text import end_keeping_pair as _end_at

MAX_HEADING = 60          # a heading longer than this is not a heading
MAX_H4 = 30               # "1." headings are short lines
# Numbering markers read in one speech at most. A speech has a few dozen (the seeds and
# fixtures: under 60); reading the numbering is repeated once per lone marker dropped
# (_in_sequence), so its work grows with the square of the markers. A text with more is a
# list or a table, not a speech outline: its numbers stay in the text (listed for review).
MAX_MARKERS = 400
# A line the source marks as a heading (a .docx heading style, an HTML h2-h4) is taken as a
# paragraph when it is longer than a paragraph may be (structure.paragraphs): a heading is
# one block that is never cut.
MAX_HINTED_HEADING = 3000
_NUM = "一二三四五六七八九十"
# X{1,3} is written XX?X? and \d{1,2} \d\d?: the same matches (greedy, longest first), but a
# pattern that starts with a character class lets re skip ahead to where a match can start
# instead of trying every position of the text.
_H2_RE = re.compile(rf"([{_NUM}][{_NUM}]?[{_NUM}]?)、(?![{_NUM}、])")
_H3_RE = re.compile(rf"[（(]([{_NUM}]{{1,3}})[)）](?![{_NUM}])")
_H4_RE = re.compile(r"(\d\d?)[.．、](?!\d)")
_LEVEL = {"h2": 2, "h3": 3, "h4": 4}
# (kind, regex, characters one of which every match contains): lines without any are skipped.
_MARKER_RES = (("h2", _H2_RE, "、"), ("h3", _H3_RE, "（("), ("h4", _H4_RE, ".．、"))
# jieba part-of-speech tags a heading may end with (nouns, verbal/adjectival nouns, idioms).
_NOUNISH = {"n", "nr", "ns", "nt", "nz", "ng", "vn", "an", "i", "l", "j", "nrt", "nrfg"}
# Tags that cannot start the text after a heading (particles, interjections, punctuation).
_BAD_START = {"uj", "ul", "uz", "ug", "uv", "ud", "u", "y", "e", "x", "c"}


@dataclass
class Seg:
    kind: str    # "h2" | "h3" | "h4" | "text"
    text: str
    line: int    # cleaned-text line number it came from
    whole: bool = field(default=True, compare=False)   # "text": the whole cleaned line (False: a piece beside a heading)
    col: int = field(default=0, compare=False)         # where in that line its text starts


@dataclass
class _Marker:
    li: int        # index into lines
    pos: int       # start of the marker in the line
    mlen: int      # marker length ("一、" = 2)
    kind: str
    num: int
    end: int = -1  # end of the heading text (absolute position in the line), -1 unresolved
    skip: int = 0  # characters after `end` that belong to the heading (a final 。) to drop
    parent: int = -1


def _find_markers(lines: list[Line]) -> list[_Marker]:
    """Every numbering marker at a sentence start, by line and position.

    Each regex scans all lines at once, joined with newlines: no marker pattern can match a
    newline, so the matches are those of a scan line by line (one scan instead of one per
    line and kind); each match is then placed on its line."""
    found: list[_Marker] = []
    texts = [line.text for line in lines]
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:     # a line with a newline inside: never, but
        return _find_markers_by_line(lines)      # then the joined scan would not be exact
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    for kind, rx, needs in _MARKER_RES:
        if not any(c in joined for c in needs):
            continue
        if kind == "h4":
            found += _line_start_markers(texts, kind, rx)
            continue
        for m in rx.finditer(joined):
            li = bisect_right(starts, m.start()) - 1
            t, pos = texts[li], m.start() - starts[li]
            if not is_boundary_before(t, pos):
                continue
            num = cn_number(m.group(1))
            if num:
                found.append(_Marker(li, pos, m.end() - m.start(), kind, num))
    found.sort(key=lambda m: (m.li, m.pos))
    return found


def _line_start_markers(texts: list[str], kind: str, rx: re.Pattern) -> list[_Marker]:
    """The markers of a kind kept only at the start of a line ("1." headings): a match of rx
    at each line's first non-blank character (a match elsewhere would be dropped; a digit is
    never blank, so no match starts earlier in the line), instead of a scan of the text."""
    found: list[_Marker] = []
    for li, t in enumerate(texts):
        pos = len(t) - len(t.lstrip())
        m = rx.match(t, pos) if t[pos:pos + 1].isdecimal() else None   # (\d: str.isdecimal)
        if m and (num := cn_number(m.group(1))):
            found.append(_Marker(li, pos, m.end() - m.start(), kind, num))
    return found


def _find_markers_by_line(lines: list[Line]) -> list[_Marker]:
    """_find_markers, one line at a time."""
    found: list[_Marker] = []
    for li, line in enumerate(lines):
        t = line.text
        for kind, rx, needs in _MARKER_RES:
            if not any(c in t for c in needs):
                continue
            for m in rx.finditer(t):
                if not is_boundary_before(t, m.start()):
                    continue
                if kind == "h4" and t[: m.start()].strip():
                    continue   # "1." headings only at line start
                num = cn_number(m.group(1))
                if num:
                    found.append(_Marker(li, m.start(), m.end() - m.start(), kind, num))
    found.sort(key=lambda m: (m.li, m.pos))
    return found


def _in_sequence(markers: list[_Marker], may_stand_alone: frozenset[int] = frozenset()) -> list[_Marker]:
    """Keep the markers that continue their level's numbering under the same parent, in
    rounds: a level with a single member under its parent is not a heading series, so its
    lone markers are dropped and the numbering is read again without them (parents and
    counters stay consistent), until no marker is alone. Each round drops at least one
    marker; the caller bounds the markers (MAX_MARKERS), so the rounds are bounded too.
    may_stand_alone: ids of markers kept even when alone (_opens_an_outline)."""
    while True:
        kept = _numbered(markers)
        counts: dict[tuple[str, int], int] = {}
        for m in kept:
            counts[(m.kind, m.parent)] = counts.get((m.kind, m.parent), 0) + 1
        lone_ids = {id(m) for m in kept if counts[(m.kind, m.parent)] < 2 and id(m) not in may_stand_alone}
        if not lone_ids:
            return kept
        markers = [m for m in markers if id(m) not in lone_ids]


def _numbered(markers: list[_Marker]) -> list[_Marker]:
    """One reading of the numbering: each marker that continues its level's count (一 then
    二 …; a lower level restarts under each higher marker), with its parent set."""
    expected = {"h2": 1, "h3": 1, "h4": 1}
    parents = {"h2": -1, "h3": -1, "h4": -1}
    kept: list[_Marker] = []
    for m in markers:
        if m.num != expected[m.kind]:
            continue
        m.parent = parents[m.kind]
        kept.append(m)
        expected[m.kind] += 1
        idx = len(kept) - 1
        for lower in ("h3", "h4"):
            if _LEVEL[lower] > _LEVEL[m.kind]:
                expected[lower] = 1
                parents[lower] = idx
    return kept


def _rest_bounds(markers: list[_Marker], lines: list[Line]) -> list[int]:
    """For each marker, where its line's text stops belonging to it (next marker or line end)."""
    out = []
    for i, m in enumerate(markers):
        nxt = markers[i + 1] if i + 1 < len(markers) else None
        out.append(nxt.pos if nxt and nxt.li == m.li else len(lines[m.li].text))
    return out


def _first_end(rest: str) -> int:
    """Index of the first sentence-end character in rest, or -1."""
    for i, ch in enumerate(rest):
        if ch in SENTENCE_END:
            return i
    return -1


def _resolve_simple(m: _Marker, line: str, bound: int) -> bool:
    """Rules 1 and 2; True when the end was found."""
    start = m.pos + m.mlen
    rest = line[start:bound]
    e = _first_end(rest)
    # (no copy of the line before the marker: lines are stripped, so only a marker at 0 is
    # at the start; a copy per marker cost the square of a long run-on line)
    at_line_start = m.pos <= len(line) - len(line.lstrip()) if line[:1].isspace() else m.pos == 0
    limit_len = MAX_H4 if m.kind == "h4" else MAX_HEADING
    if at_line_start and bound == len(line) and len(rest.strip()) <= limit_len and (e < 0 or e == len(rest.rstrip()) - 1):
        m.end = start + len(rest.rstrip())
        return True
    limit = min(e if e >= 0 else len(rest), MAX_HEADING + 1)
    # (not a space inside a short bracket pair: "…11日讯（通讯员 严娟娟）为…" goes on after it)
    spans = pair_spans(rest[:limit + PAIR_SPAN]) if PAIR_CHARS_RE.search(rest, 0, limit) else []
    w = next((i for i, ch in enumerate(rest[:limit]) if ch.isspace() and not inside_pair(spans, i)), -1)
    if 2 <= w <= MAX_HEADING:
        m.end = start + w
        return True
    if m.kind == "h4":
        m.end = -2  # a "1." inside running text is not a heading
        return True
    return False


@lru_cache(maxsize=1)
def _posseg():
    import jieba
    import jieba.posseg as pseg
    jieba.setLogLevel(logging.WARNING)
    return pseg


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, pos-tag) of each jieba word of text."""
    out, i = [], 0
    for w in _posseg().cut(text):
        out.append((i, i + len(w.word), w.flag))
        i += len(w.word)
    return out


def _parallel_length(regions: list[str]) -> int | None:
    """The common clause length L at which every region splits into heading + rest well."""
    toks = [_tokens(r) for r in regions]
    ends = [{e: flag for _, e, flag in t} for t in toks]
    starts = [{s: flag for s, _, flag in t} for t in toks]
    common = set(ends[0])
    for e in ends[1:]:
        common &= set(e)
    for L in sorted(common, reverse=True):
        if L < 2:
            break
        ok = True
        for region, e, s in zip(regions, ends, starts):
            if L >= len(region) or e[L] not in _NOUNISH or s.get(L) in _BAD_START:
                ok = False
                break
        if ok:
            return L
    return None


def _resolve_group(group: list[_Marker], lines: list[Line], bounds: dict[int, int]) -> None:
    """Rule 3 for run-on siblings."""
    info = []
    for m in group:
        line = lines[m.li].text
        start = m.pos + m.mlen
        rest = line[start:bounds[id(m)]]
        e = _first_end(rest)
        e = len(rest) if e < 0 else e
        c = next((i for i, ch in enumerate(rest[:e]) if ch in "，,"), -1)
        info.append((m, start, rest, e, c))
    if len(group) >= 2 and all(c >= 0 for *_, c in info):
        posts = {e - c - 1 for *_, e, c in info}
        if len(posts) == 1 and all(e < len(rest) and e <= MAX_HEADING for _, _, rest, e, _ in info):
            for m, start, rest, e, _ in info:
                end, m.skip = _end_at(rest, e)
                m.end = start + end
            return
        regions = []
        for _, _, rest, e, c in info:
            r = rest[c + 1:e]
            stop = next((i for i, ch in enumerate(r) if ch in CLAUSE_PUNCT), len(r))
            regions.append(r[:stop] if stop < len(r) else r)
        L = _parallel_length(regions)
        if L is not None and all(c + 1 + L <= MAX_HEADING for *_, c in info):
            for m, start, _, _, c in info:
                m.end = start + c + 1 + L
            return
    for m, start, rest, e, _ in info:
        if e <= MAX_HEADING and e < len(rest):
            end, m.skip = _end_at(rest, e)
            m.end = start + end
        elif e <= MAX_HEADING and not rest[e:].strip():
            m.end = start + e
        else:
            m.end = -2   # cannot tell where it ends: leave it in the text


def find_headings(lines: list[Line], notes: list[str] | None = None) -> list[_Marker]:
    """The numbering markers that are headings, with their ends resolved. notes: where to
    say why none were read (too many markers), when given."""
    found = _find_markers(lines)
    if len(found) > MAX_MARKERS:
        if notes is not None:
            notes.append(f"文中有 {len(found)} 处编号（如“一、”“（一）”“1.”），超过 {MAX_MARKERS} 处，"
                         "不像讲话的提纲，未识别为标题；如确有标题，请手工设置")
        return []
    # (only a text with a single "一、": many are restarts of a list or a table, not an outline)
    firsts = [m for m in found if m.kind == "h2" and m.num == 1]
    alone = frozenset(id(m) for m in firsts if len(firsts) == 1 and _opens_an_outline(m, lines))
    markers = _in_sequence(found, alone)
    bound_list = _rest_bounds(markers, lines)
    bounds = {id(m): b for m, b in zip(markers, bound_list)}
    pending: list[_Marker] = []
    for m in markers:
        if not _resolve_simple(m, lines[m.li].text, bounds[id(m)]):
            pending.append(m)
    groups: dict[tuple[str, int], list[_Marker]] = {}
    for m in pending:
        groups.setdefault((m.kind, m.parent), []).append(m)
    for group in groups.values():
        _resolve_group(group, lines, bounds)
    # "1." items are headings only when every sibling is a short heading line.
    bad_h4 = {m.parent for m in markers if m.kind == "h4" and m.end < 0}
    return [m for m in markers if m.end >= 0 and not (m.kind == "h4" and m.parent in bad_h4)]


# A lone "一、" line opens an outline whose later parts the source did not keep (an excerpt cut
# after the first part, a page that shows only its beginning): it is a heading when it is a
# short line of its own, not a sentence, followed by text. Only the first top-level number:
# a lone "三、" is more likely a list item or a stray number than a heading.
LONE_HEADING_MAX = 40


def _opens_an_outline(m: _Marker, lines: list[Line]) -> bool:
    if m.kind != "h2" or m.num != 1 or m.pos != 0 or m.li + 1 >= len(lines):
        return False
    text = lines[m.li].text.strip()
    return (len(text) <= LONE_HEADING_MAX and not any(c in text for c in SENTENCE_END + "；;")
            and len(lines[m.li + 1].text) > len(text))


def _clean_heading(text: str) -> str:
    text = text.strip()
    while text and text[-1] in "。：:；;，,":
        text = text[:-1].rstrip()
    return text


def segment(lines: list[Line], heading_hints: dict[int, int] | None = None,
            notes: list[str] | None = None, originals: dict[int, str] | None = None) -> list[Seg]:
    """Split lines into heading and text segments, in order.

    heading_hints: cleaned line number -> level (2..4) from the source's own markup (.docx
    heading styles, HTML h2..h4); such a line is a heading whatever its numbering.
    notes: collects what an editor should know (see find_headings).
    originals: line number -> the cleaned line, to tell a whole line (Seg.whole) from one
    the head reading shortened (a title glued to the text cut off).
    """
    hints = heading_hints or {}
    plain = [ln for ln in lines if ln.no not in hints]
    markers = find_headings(plain, notes)
    by_line: dict[int, list[_Marker]] = {}
    for m in markers:
        by_line.setdefault(plain[m.li].no, []).append(m)
    segs: list[Seg] = []
    for ln in lines:
        if ln.no in hints and len(ln.text) <= MAX_HINTED_HEADING:
            level = min(max(hints[ln.no], 2), 4)
            segs.append(Seg(f"h{level}", _clean_heading(ln.text), ln.no, col=ln.col))
            continue
        if ln.no in hints:          # a whole paragraph styled as a heading: text
            segs.append(Seg("text", ln.text.strip(), ln.no, col=ln.col + _blanks(ln.text)))
            continue
        t, pos = ln.text, 0
        for m in by_line.get(ln.no, []):
            if m.pos > pos and t[pos:m.pos].strip():
                segs.append(Seg("text", t[pos:m.pos].strip(), ln.no, whole=False,
                                col=ln.col + pos + _blanks(t[pos:m.pos])))
            # (a marker with nothing after it is no heading: its number alone stays out)
            heading = _clean_heading(t[m.pos:m.end]) if t[m.pos + m.mlen:m.end].strip() else ""
            if heading:
                segs.append(Seg(m.kind, heading, ln.no, col=ln.col + m.pos))
            pos = m.end + m.skip
        if t[pos:].strip():
            segs.append(Seg("text", t[pos:].strip(), ln.no,
                            whole=pos == 0 and (originals is None or originals.get(ln.no) == t),
                            col=ln.col + pos + _blanks(t[pos:])))
    return segs


def _blanks(text: str) -> int:
    """How many blanks strip() takes off the start of text."""
    return len(text) - len(text.lstrip())

