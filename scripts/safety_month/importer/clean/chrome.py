"""Rule "chrome": site furniture around (and sometimes inside) a speech.

A line is removed when it matches a pattern of data/clean_chrome.yml and is either short
(strong patterns) or in the head/tail zone of the document (edge patterns): the zone before
the first and after the last body paragraph. A long, sentence-like line in the middle is
never removed on a pattern alone; it is listed for review.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from safety_month.text.guarded import Guarded, compile_any, max_width
from ..model import ReviewItem, RuleReport
from .base import CJK, Context, Rule, RuleOutput, keep_lines, table

NAME = "chrome"

_T = table("chrome")
_NOTICE = Guarded(_T["notice_header"])
_NOTICE_ITEM = re.compile(r"^\s*(?:\d{1,2}|[①-⑩])\s*[.、．)）]?\s*\S")
_NOTICE_WORDS = re.compile(_T["notice_item_words"])
_RELATED = Guarded(_T["related_header"])
# A title in a related-documents list: short and not a sentence.
RELATED_ITEM_MAX_LEN = 40

# A strong pattern removes a line anywhere only when the line is at most this long; the
# longest chrome line in the survey ("扫一扫在手机打开当前页 |", metadata rows, headings of
# related-document lists) is well under it, the shortest speech paragraph is longer.
STRONG_MAX_LEN = 40
# Head/tail lines (site intros, copyright notices, footers) can be long sentences.
EDGE_MAX_LEN = 260
# A body paragraph: at least this long and sentence-like (has 。 or ends a sentence).
BODY_MIN_LEN = 60
# Keyword lists of the title: at least this many short tokens.
KEYWORD_MIN_TOKENS = 3
KEYWORD_MAX_TOKEN_LEN = 6

_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_NON_WORD = re.compile(f"[^{CJK}A-Za-z0-9]+")


# No edge pattern can match a line longer than this (their parts are bounded).
EDGE_PATTERN_MAX = 420


def _edge_tiers(patterns: list[str]) -> tuple[list[float], list[re.Pattern]]:
    """Edge patterns by the longest line they can match: for each distinct bound (ascending),
    one alternation of the patterns that can match a line that long. A line is tested
    against the first tier whose bound it does not exceed (the patterns that cannot match it
    are left out: the same answer, and the long .{0,80}… patterns are not tried on long body
    paragraphs)."""
    widths = [float("inf") if (w := max_width(p)) is None else w for p in patterns]
    bounds = sorted(set(widths))
    return bounds, [compile_any([p for p, w in zip(patterns, widths) if w >= bound])
                    for bound in bounds]


_EDGE_BOUNDS, _EDGE_TIERS = _edge_tiers(_T["edge"])
# The strong patterns by the same tiers: a long body line is tried only against the patterns
# that can match a line that long (most are bounded: ".{0,6}(?:VIP|会员)…", "收起|展开…").
_STRONG_BOUNDS, _STRONG_TIERS = _edge_tiers(_T["strong"])


def _strong(line: str) -> bool:
    """Does a strong pattern match the whole line (only the patterns that can match a line
    that long are tried: the same answer, and long body lines skip the bounded ones)."""
    tier = bisect_left(_STRONG_BOUNDS, len(line))
    return tier < len(_STRONG_TIERS) and _STRONG_TIERS[tier].fullmatch(line) is not None


def _edge(line: str) -> bool:
    if len(line) > EDGE_PATTERN_MAX:
        return False
    tier = bisect_left(_EDGE_BOUNDS, len(line))
    return tier < len(_EDGE_TIERS) and _EDGE_TIERS[tier].fullmatch(line) is not None


def is_chrome(line: str) -> bool:
    """Whether a stripped line matches a strong or an edge pattern (the script rule asks it
    of a traditional-script line inside a simplified text, see script._simplify_furniture)."""
    return _strong(line) or _edge(line)


def _is_keyword_list(line: str, norm_titles: list[str]) -> bool:
    if " " not in line and "\u3000" not in line and "\t" not in line:
        return False
    if len(line) > KEYWORD_MIN_TOKENS * (KEYWORD_MAX_TOKEN_LEN + 1) * 4:
        return False
    tokens = _SPACES.split(line)
    if len(tokens) < KEYWORD_MIN_TOKENS or any(len(t) > KEYWORD_MAX_TOKEN_LEN for t in tokens):
        return False
    return any(all(tok in title for tok in tokens) for title in norm_titles if title)


def _zones(stripped: list[str]):
    """(end of the head zone, start of the tail zone, ``i -> bool``: does line i match an
    edge pattern). The zones lie before the first and after the last body paragraph (module
    docstring). The edge test is remembered by line: the body test and the rule ask for the
    same lines (a pure regex test; computed once each)."""
    edge_hits: dict[int, bool] = {}

    def edge_at(i: int) -> bool:
        hit = edge_hits.get(i)
        if hit is None:
            hit = edge_hits[i] = _edge(stripped[i])
        return hit

    body = [i for i, line in enumerate(stripped)
            if len(line) >= BODY_MIN_LEN and ("。" in line or line[-1] in "。！？!?") and not edge_at(i)]
    head_end = body[0] if body else len(stripped)
    tail_start = body[-1] + 1 if body else len(stripped)
    return head_end, tail_start, edge_at


def apply(text: str, context: Context | None = None) -> RuleOutput:
    """The rule (module docstring); the title candidates (context.titles) tell a keyword list."""
    titles = context.titles if context is not None else ()
    report = RuleReport(NAME)
    review: list[ReviewItem] = []
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    head_end, tail_start, edge_at = _zones(stripped)
    keep = [True] * len(lines)
    norm_titles = [_NON_WORD.sub("", t) for t in titles]

    in_notice = in_related = False
    for i, line in enumerate(stripped):
        if not line:
            continue
        edge = i < head_end or i >= tail_start
        reason = None
        if in_related and edge and len(line) <= RELATED_ITEM_MAX_LEN and not any(
                c in line for c in "。！？"):
            reason = "related"
        elif edge and _RELATED.fullmatch(line):
            reason, in_related = "related", True
        elif _NOTICE.fullmatch(line):
            reason, in_notice = "notice", True
        elif in_notice and _NOTICE_ITEM.match(line) and _NOTICE_WORDS.search(line) and (
                edge or len(line) <= EDGE_MAX_LEN):
            reason = "notice"
        else:
            in_notice = False
            strong = _strong(line)
            if strong:
                if len(line) <= STRONG_MAX_LEN or edge:
                    reason = "strong"
            elif edge and len(line) <= EDGE_MAX_LEN and edge_at(i):
                reason = "edge"
            elif _is_keyword_list(line, norm_titles):
                reason = "keywords"
            if reason is None and (strong or edge_at(i)):
                review.append(ReviewItem(
                    NAME, i + 1, "此段像网站附加文字（广告、版权或下载说明），但位于正文中，未删除，请核对",
                    line[:40]))
        if reason != "related":
            in_related = False
        if reason:
            keep[i] = False
            report.add(line[:30], "")
    if report.count == 0:
        return RuleOutput(text, report, review)
    new_text, line_map = keep_lines(lines, keep)
    review = [replace(r, line=line_map[r.line - 1] + 1) for r in review]
    return RuleOutput(new_text, report, review, line_map)


RULE = Rule(NAME, apply, changes="furniture")
