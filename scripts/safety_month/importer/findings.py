"""The page's own findings: where the editors' checks would warn on a page the importer
writes although the cleaning rules judged its text clean (unpaired brackets and quotes, and
lines whose escapes or cut make them read differently from the cleaned line). render adds
each as a review item of the line (body.review_places), so a page never fails the checks
without an item pointing there.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .model import ReviewItem


UNPAIRED_RULE = "render.unpaired"


def masked(body: list[str], where: list[tuple[int, str]], ks: list[int]) -> dict[int, str]:
    """where-index -> its body line as the editors' checks read it (markup, entities and
    attribute lists blanked: checks.page), for the entries ks."""
    if not ks:
        return {}
    from safety_month.checks.page import MARKUP_RES, mask

    # (Page.prose_lines of a page holding these lines: masked by the page's own patterns;
    # the lines hold no inline code, as every backtick is escaped)
    return {k: mask(body[where[k][0]], MARKUP_RES) for k in ks}


def unpaired(where: list[tuple[int, str]], masked: dict[int, str]) -> list[tuple[int, ReviewItem]]:
    """(body line index, review item) for each paragraph or heading whose brackets or quotes
    do not pair: what the editors' check (checks.pairs, the same code) reports on the page.
    It reads the line with markup blanked (masked, for the lines that have markup: a span
    beside "’" makes it a quote, not an apostrophe); a line without markup reads as its text.
    The importer never invents a missing bracket; the item tells the editor where to look."""
    from safety_month.checks import pairs

    # The brackets and quotes of every paragraph, in one scan of the page (a newline between
    # paragraphs: the texts hold none).
    marks = "".join(_relevant_or_newline().findall("\n".join(text for _, text in where))).split("\n")
    out = []
    for k, (index, text) in enumerate(where):
        if _well_nested(marks[k]):
            continue
        found = pairs.find([(0, masked.get(k, text))])
        if found:
            chars = "".join(dict.fromkeys(ch for _, _, _, ch in found))
            out.append((index, ReviewItem(
                UNPAIRED_RULE, 0, f"本段的括号或引号不成对（{'、'.join(chars)}），可能是原文遗漏或转换时丢失，"
                                  "请对照原文补全或删除", "")))
    return out


# Brackets and quotes as adjacent pairs, and the characters pairs.find treats on their own
# (an apostrophe may be ’, 〝〞 are reported whatever follows).
_PAIR_STRINGS = ("“”", "（）", "《》", "【】", "〔〕", "「」", "『』")
_NOT_SIMPLE = ("‘", "’", "〝", "〞")


@lru_cache(maxsize=1)
def _relevant_or_newline() -> re.Pattern:
    """checks.pairs' characters, or a newline."""
    from safety_month.checks import pairs

    return re.compile(pairs.RELEVANT_RE.pattern[:-1] + "\n]")


@lru_cache(maxsize=1)
def _furniture_patterns() -> tuple[re.Pattern | None, re.Pattern | None, list]:
    """checks.leftovers.rules() as (its line patterns for every paragraph, as one
    alternation; its line patterns for the edge paragraphs, likewise; its search patterns)."""
    from safety_month.checks import leftovers

    rules = leftovers.rules()[0]

    def one(rxs):
        return re.compile("|".join(f"(?:{rx.pattern})" for rx in rxs)) if rxs else None

    return (one([rx for rx, how, zone, _ in rules if how == "line" and zone != "edge"]),
            one([rx for rx, how, zone, _ in rules if how == "line" and zone == "edge"]),
            [rx for rx, how, _, _ in rules if how != "line"])


def _well_nested(marks: str) -> bool:
    """True when a paragraph whose brackets and quotes are `marks` (in order) has nothing
    for checks.pairs to report: the marks cancel out as adjacent pairs (a paragraph's marks
    are nested properly exactly when removing adjacent pairs empties them). A sequence with
    a single quote or 〝〞 is left to pairs.find (False)."""
    if not marks:
        return True
    if any(ch in marks for ch in _NOT_SIMPLE):
        return False
    previous = None
    while marks and marks != previous:
        previous = marks
        for pair in _PAIR_STRINGS:
            marks = marks.replace(pair, "")
    return not marks


CHECK_RULE = "render.check"


def check_findings(body: list[str], where: list[tuple[int, str]], risky: list[int],
                    masked: dict[int, str]) -> list[tuple[int, ReviewItem]]:
    """(body line index, review item) for the paragraphs where the editors' checks would
    warn although the cleaning rules judged the text clean. That can only happen where the
    page differs from the cleaned lines the rules saw (risky: risky): a line holding an
    escape (the checks read "\\." or "&#58;" as blanks, so "1." becomes a bare page number "1" and
    "安*;" a half-width mark after Chinese text), or a paragraph cut out of a line (a piece
    "收藏" after a sentence). Those paragraphs, and only those, get the checks' own tests
    (checks.halfwidth, checks.leftovers) on the text as they read it."""
    if not risky:
        return []
    from safety_month.checks import halfwidth, leftovers

    out = []
    last = len(where) - leftovers.EDGE_PARAGRAPHS
    from safety_month.checks.page import MARKUP_RES, mask

    for k in risky:
        index = where[k][0]
        line = masked.get(k, body[index])
        if k not in masked and "\\" in line:
            # (a backslash escape: the checks read it blanked, as they read an entity)
            line = mask(line, MARKUP_RES)
        edge = k < leftovers.EDGE_PARAGRAPHS or k >= last
        found = []
        if _escaped(body[index]):
            # (without an escape, the punctuation rule saw what these checks read: only the
            # furniture patterns can tell a piece from its whole line; placeholders of a
            # speech page are marked by the build, the placeholder check passes them)
            found += [f"半角标点“{ch}”" for _, ch in halfwidth.find(line)]
        if not _furniture_may_match(leftovers.strip_suffix(line[leftovers.PREFIX_RE.match(line).end():]), edge):
            # The furniture check reads the line without its Markdown prefix and suffix: when
            # none of its patterns is found in that, it finds nothing (the patterns alone,
            # without the check's work around them; a heading gets more tests than it would,
            # which can only send it on to the check itself).
            if found:
                out.append((index, ReviewItem(CHECK_RULE, 0, f"网站检查会在此段提示：{'；'.join(dict.fromkeys(found))}。"
                                                             "导入时按原文保留，请核对后修改", "")))
            continue
        found += [f"疑似网页残留的{label}“{text[:20]}”" for _, text, label in leftovers.find(line, edge)]
        if found:
            out.append((index, ReviewItem(CHECK_RULE, 0, f"网站检查会在此段提示：{'；'.join(dict.fromkeys(found))}。"
                                                         "导入时按原文保留，请核对后修改", "")))
    return out


def _furniture_may_match(text: str, edge: bool) -> bool:
    """False only when no pattern of the furniture check (checks.leftovers.rules()) matches
    text as that check reads it: a line pattern the whole text, a search pattern somewhere;
    the search patterns are looked for only when a page marker or paywall tail can be there
    at all (every page marker holds "页" or "age", clean.markers; every tail one of
    clean.tails.MARKER_WORDS's words)."""
    from .clean.tails import MARKER_WORDS

    lines, edges, searches = _furniture_patterns()
    if (lines is not None and lines.fullmatch(text)) or (edge and edges is not None and edges.fullmatch(text)):
        return True
    if not ("页" in text or "age" in text or MARKER_WORDS.search(text) is not None):
        return False
    return any(rx.search(text) for rx in searches)


def _escaped(line: str) -> bool:
    """True when the line holds an escape (a backslash or an entity)."""
    return "&" in line or "\\" in line


def risky(body: list[str], where: list[tuple[int, str]], pieces: list[int]) -> tuple[list[int], list[int]]:
    """(entries whose text differs from a cleaned line: an escape, or a piece of a line;
    entries with markup that only the pairs check reads differently: a span beside a
    single quote)."""
    # (most pages have no escape and no span beside a single quote: one search each says so)
    page = "\n".join(body)
    escaped = ({k for k, (index, _) in enumerate(where) if _escaped(body[index])}
               if "&" in page or "\\" in page else ())
    risky = sorted(set(pieces).union(escaped))
    if "<span" not in page or ("‘" not in page and "’" not in page):
        return risky, []
    chosen = set(risky)
    quoted = [k for k, (index, text) in enumerate(where)
              if k not in chosen and "<span" in body[index] and ("‘" in text or "’" in text)]
    return risky, quoted
