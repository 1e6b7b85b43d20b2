"""Rule "markers": page and chunk markers of document viewers.

* explicit markers ("第1页共10页", "(第4/4页)") go wherever they are;
* lines that are only a page number, or only pieces of a page counter in any order and
  with any separators ("第1页8/9共9页", "共9页 第1页", "页码：1/9"), go; a line with any word
  besides the pieces ("请看第3页的表格") is text;
* "N/M" glued into the text ("我镇正3/8处于") goes only when it behaves like a page counter
  across the document: the same M in every occurrence, N rising, N <= M, and each marker
  standing about where page N would start. Real fractions and dates ("3/4的企业",
  "2023/06/01") do not behave like that and stay;
* a bare page number glued between two characters ("领导2分头", "对3地区") goes only as
  part of a run of consecutive numbers (at least GLUED_MIN_PAGES) spaced like pages (at
  least GLUED_MIN_GAP characters apart, the longest gap at most GLUED_GAP_RATIO times the
  shortest); each is listed for review, as a number in the text could be meant;
* preview chunk numbers ("1、" "2、") that cut a word in half: a run of consecutive numbers
  at line starts where the line before ends mid-sentence; the number goes and the halves
  are joined.
"""

from __future__ import annotations

import re

from safety_month.text.guarded import Guarded
from ..model import ReviewItem, RuleReport
from . import places
from .base import CJK, SENTENCE_END, Context, Rule, RuleOutput, col_of, line_of, table

NAME = "markers"

_T = table("markers")
# Every explicit marker holds "页" or "age" (第1页, Page 2).
_EXPLICIT = Guarded(_T["explicit"], needs=("页", "age"))
_BARE = Guarded(_T["bare_line"])
_FRACTION = re.compile(r"(?<![\d/.\-:年月])(\d{1,3})\s?/\s?(\d{1,3})(?![\d/.\-:])")
# A fraction followed by these is a real quantity (3/4的企业, 1/3以上).
_QUANTITY_AFTER = re.compile(r"\s*(?:的|以上|以下|左右|多|强|弱|还|是|为|之|%|％)")
_CHUNK = re.compile(r"^(\d{1,3})、")

# A counter marker may stand this far (as a share of the document) from where page N of M
# would start; viewers cut pages by layout, not by characters, so the tolerance is wide.
PAGE_POSITION_TOLERANCE = 0.3
# A page counter needs at least this many markers with the same M (one "1/8" alone could
# be anything, except at the very start of the text where a viewer puts its first page mark).
PAGE_MIN_MARKERS = 2


GLUED_MIN_PAGES = 3
GLUED_MIN_GAP = 200
GLUED_GAP_RATIO = 3.0
# Digits between characters read at most: the search for the run compares every pair, and a
# text with more such numbers is a table of figures, not a PDF copy with page numbers.
GLUED_MAX_CANDIDATES = 300
_GLUED = re.compile(f"(?<=[{CJK}])(?<![{_T['glued_not_after']}])(\\d{{1,3}})(?=[{CJK}])")


def glued_pages(text: str) -> list[re.Match]:
    """The page numbers glued into the text (module docstring): the longest run of
    consecutive numbers, in text order, among the digits standing between two characters."""
    cands = list(_GLUED.finditer(text))
    if len(cands) > GLUED_MAX_CANDIDATES:
        return []
    best: list[re.Match] = []
    for i, first in enumerate(cands):
        run = [first]
        for m in cands[i + 1:]:
            if int(m.group(1)) == int(run[-1].group(1)) + 1 and m.start() - run[-1].start() >= GLUED_MIN_GAP:
                run.append(m)
        if len(run) > len(best):
            best = run
    gaps = [b.start() - a.start() for a, b in zip(best, best[1:])]
    if len(best) < GLUED_MIN_PAGES or max(gaps) > GLUED_GAP_RATIO * min(gaps):
        return []
    return best


def _drop_glued_pages(text: str, report: RuleReport, review: list[ReviewItem]) -> str:
    found = glued_pages(text) if any(c.isdecimal() for c in text) else []
    out, last = [], 0
    cut_in_line: dict[int, int] = {}     # characters removed so far from each line
    for m in found:
        before, after = text[max(0, m.start() - 6):m.start()], text[m.end():m.end() + 6]
        out.append(text[last:m.start()])
        last = m.end()
        report.add(f"{before[-4:]}{m.group()}{after[:4]}", f"{before[-4:]}{after[:4]}")
        line = line_of(text, m.start())
        # (the place in the text this rule returns: earlier numbers of the line are gone)
        review.append(ReviewItem(NAME, line,
                                 f"删去了夹在词中的页码“{m.group()}”（前后页码连续），请核对",
                                 f"{before}{m.group()}{after}",
                                 col=col_of(text, m.start()) - cut_in_line.get(line, 0)))
        cut_in_line[line] = cut_in_line.get(line, 0) + len(m.group())
    out.append(text[last:])
    return "".join(out) if found else text


def _page_counters(text: str) -> list[re.Match]:
    groups: dict[str, list[re.Match]] = {}
    for m in _FRACTION.finditer(text):
        if _QUANTITY_AFTER.match(text, m.end()):
            continue
        groups.setdefault(m.group(2), []).append(m)
    size = max(len(text), 1)
    found: list[re.Match] = []
    for total, ms in groups.items():
        m_total = int(total)
        ns = [int(m.group(1)) for m in ms]
        if m_total < 2 or any(n < 1 or n > m_total for n in ns):
            continue
        if any(b <= a for a, b in zip(ns, ns[1:])):
            continue
        if len(ms) < PAGE_MIN_MARKERS and not (ns == [1] and ms[0].start() <= 2):
            continue
        if all(abs(m.start() / size - (n - 1) / m_total) <= PAGE_POSITION_TOLERANCE
               for m, n in zip(ms, ns)):
            found.extend(ms)
    return sorted(found, key=lambda m: m.start())


def apply(text: str, context: Context | None = None) -> RuleOutput:
    report = RuleReport(NAME)
    review: list[ReviewItem] = []

    def drop(match: re.Match) -> str:
        report.add(match.group().strip(), "")
        return ""

    text = _EXPLICIT.sub(drop, text)

    text = _drop_counters(text, report)
    text = _drop_glued_pages(text, report, review)
    lines = text.split("\n")
    keep = [True] * len(lines)
    # Preview chunks: "1、" "2、" … at line starts cutting sentences (a line kept here that
    # starts with a digit, \d being str.isdecimal).
    chunk_lines: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if s and _BARE.fullmatch(s):
            keep[i] = False
            report.add(s, "")
        elif s[:1].isdecimal() and (m := _CHUNK.match(s)):
            chunk_lines.append((i, int(m.group(1))))
    joins = _chunk_joins(lines, keep, chunk_lines, report)
    if not joins and all(keep):
        return RuleOutput(text, report, review)
    new_text, line_map = _merged(lines, keep, joins)
    # (the items above name places before the lines were merged: moved like earlier ones)
    return RuleOutput(new_text, report, places.carry(review, text, new_text, line_map), line_map)


def _drop_counters(text: str, report: RuleReport) -> str:
    """The text without the "N/M" page counters glued into it (module docstring)."""
    counters = _page_counters(text) if "/" in text else []
    if not counters:
        return text
    out, last = [], 0
    for m in counters:
        before = text[max(0, m.start() - 4):m.start()]
        after = text[m.end():m.end() + 4]
        out.append(text[last:m.start()])
        last = m.end()
        report.add(f"{before}{m.group()}{after}", f"{before}{after}")
    out.append(text[last:])
    return "".join(out)


def _chunk_joins(lines: list[str], keep: list[bool], chunk_lines: list[tuple[int, int]],
                 report: RuleReport) -> set[int]:
    """The lines (chunk_lines: (index, number) of lines starting "N、") that a viewer's
    chunking cut off the line before: to be joined to it without their number. The first
    chunk's number is dropped here (in lines) when the run is chunking."""
    joins: set[int] = set()
    if len(chunk_lines) >= 2 and [n for _, n in chunk_lines] == list(
            range(chunk_lines[0][1], chunk_lines[0][1] + len(chunk_lines))):
        cut = []
        for i, _ in chunk_lines:
            prev = next((j for j in range(i - 1, -1, -1) if keep[j] and lines[j].strip()), None)
            if prev is None:
                continue
            tail = lines[prev].rstrip()
            head = _CHUNK.sub("", lines[i].strip())
            if tail and tail[-1] not in SENTENCE_END + "：:，," and re.match(f"[{CJK}]", head or " "):
                cut.append((prev, i))
        # Only a run where most chunks cut the text is a viewer's chunking, not a list.
        # The first chunk starts the text (it follows the title), so it is not counted and
        # not joined; its number is dropped when the later chunks prove the run is chunking.
        cut = [c for c in cut if c[1] != chunk_lines[0][0]]
        if len(cut) * 2 > len(chunk_lines) - 1:
            for prev, i in cut:
                joins.add(i)
                report.add(lines[i].strip()[:8], _CHUNK.sub("", lines[i].strip())[:6])
            first = chunk_lines[0][0]
            report.add(lines[first].strip()[:8], _CHUNK.sub("", lines[first].strip())[:6])
            lines[first] = _CHUNK.sub("", lines[first].strip())
    return joins


def _merged(lines: list[str], keep: list[bool], joins: set[int]) -> tuple[str, list[int]]:
    """Chunk lines joined onto the line before them, bare lines dropped; the line map."""
    merged: list[str] = []
    line_map: list[int] = []
    target = None           # the last line of merged that is not blank (kept up to date)
    for i, line in enumerate(lines):
        if not keep[i]:
            line_map.append(-1)
            continue
        if i in joins and target is not None:
            merged[target] = merged[target].rstrip() + _CHUNK.sub("", line.strip())
            line_map.append(target)
        else:
            merged.append(line)
            line_map.append(len(merged) - 1)
            if line.strip():
                target = len(merged) - 1
    # Dropped lines map to the next kept line.
    nxt = max(len(merged) - 1, 0)
    for i in range(len(line_map) - 1, -1, -1):
        if line_map[i] < 0:
            line_map[i] = nxt
        else:
            nxt = line_map[i]
    return "\n".join(merged), line_map


RULE = Rule(NAME, apply)
