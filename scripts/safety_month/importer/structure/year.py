"""The year a speech was given, with the reason in Chinese.

Evidence, strongest first:
- a date line the text states (read by meta);
- the edition named: "全国第20个‘安全生产月’" -> 2001 + 20;
- a campaign theme quoted in the text ("主题是‘落实安全责任，推动安全发展’") that belongs to
  exactly one year (campaign.by_theme; a theme that is the start of later years' themes gives
  only a range);
- a document number "〔2021〕12号" (year_evidence.py);
- the full dates the text states, all of one year ("2019年11月"), and a year inside the
  title that the body repeats (year_evidence.stated_year);
- dated events (data/dated_events.yml): "迎接党的二十大" -> 2022, or a range.
Never from an upload date or a year stamped in a title: only the body and the title's quoted
theme count, bare "2023年" mentions are not evidence (a later year than the one found is
reported for review, since re-uploads often rewrite them). With only a range the year stays
unset and a ReviewItem gives the likely range. An edition data/campaigns.yml does not list
("第33个" would be 2034) and any clue after the current year are never the year (the page
schema refuses a future year): each is a review item (structure.year_beyond) and the other
clues decide.
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from safety_month import campaign
from safety_month.text.guarded import compile_guarded, max_width, required_literal
from ..model import ON_TITLE, ReviewItem
from .text import cn_number, excerpt_around, squash, table
from .year_evidence import document_numbers, stated_year

FIRST_YEAR = campaign.FIRST_YEAR
# "全国第20个‘安全生产月’" and the order "第22个全国“安全生产月”" or no 全国 ("第 19 个安全生产月").
_EDITION_RE = re.compile(
    r"(?:全国)?第\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*(?:个|届)\s*(?:全国)?\s*[“\"‘'「『]?\s*安全生产月")
_QUOTED_RE = re.compile(r"[“\"「『‘]([^”\"」』’“]{4,40})[”\"」』’]")
# "(?<![0-9])19" written "19(?<![0-9]..)" (the same matches: no digit before the 19/20): a
# pattern that starts with literals lets re skip ahead to them, while a look-behind first
# would be tried at every position of the body.
# A theme stated without quotes: "主题是强化安全发展观念，提升全民安全素质。", or the line
# under a "活动主题" heading ("一、活动主题\n安全发展，预防为主"). Group 1 is the theme; it
# counts only when it is exactly one year's theme (as a quoted one).
_STATED_THEME_RE = re.compile(r"主题(?:是|为|：|:|\n)\s*(?![“\"「『‘])([^“”\"「」『』‘’。；;\n]{4,40})")
_YEAR_MENTION_RE = re.compile(r"((?:19|20)(?<![0-9]..)\d{2})\s*年")


@dataclass
class YearResult:
    year: int | None = None
    reason: str | None = None
    review: list[ReviewItem] = field(default_factory=list)


@dataclass(frozen=True)
class _Quote:
    """The text a review item quotes and where its evidence starts in the body (None: not in
    the body: the title, or the date line of the head), so the item can point at the block
    that holds it instead of the page being searched for the text."""

    text: str
    at: int | None


@dataclass(frozen=True)
class _Event:
    id: str
    regex: re.Pattern
    needs: tuple[str, ...]    # literals one of which every match holds; () when unknown
    width: int | None         # the longest a match can be (None: unbounded)
    year: int | None
    earliest: int | None
    latest: int | None
    reason: str


@lru_cache(maxsize=1)
def _events() -> tuple[_Event, ...]:
    out = []
    for e in table("dated_events")["events"]:
        rx = compile_guarded("|".join(f"(?:{p})" for p in e["patterns"]))
        needs = tuple(required_literal(p) for p in e["patterns"])
        out.append(_Event(e["id"], rx, needs if all(needs) else (), max_width(rx.pattern), e.get("year"),
                          e.get("earliest"), e.get("latest"), e["reason"]))
    return tuple(out)


@lru_cache(maxsize=1)
def _squashed_themes() -> tuple[tuple[int, str], ...]:
    """(year, squashed theme) of every campaign with a theme, in campaign order."""
    return tuple((c.year, squash(c.theme)) for c in campaign.all_campaigns() if c.theme)


# Distinct quotes seen across a run of imports ("安全第一、预防为主" recurs); a bound on memory.
_QUOTE_CACHE_SIZE = 4096
# A quote shorter than this (squashed) never names a theme by its beginning.
MIN_THEME_PREFIX = 6


@lru_cache(maxsize=_QUOTE_CACHE_SIZE)
def _theme_years(q: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """For a squashed quote: (years whose squashed theme starts with it, when it has at least
    MIN_THEME_PREFIX characters; years whose squashed theme equals it)."""
    starts = tuple(y for y, theme in _squashed_themes()
                   if len(q) >= MIN_THEME_PREFIX and theme.startswith(q))
    exact = tuple(y for y, theme in _squashed_themes() if theme == q)
    return starts, exact


def _nested_quotes(text: str) -> str:
    return text.replace("“", "‘").replace("”", "’")


def _editions(text: str) -> list[tuple[int, int, str, _Quote]]:
    """(edition, the year it stands for, reason, excerpt) of each "第N个安全生产月" of text."""
    found = []
    for m in _EDITION_RE.finditer(text):
        n = cn_number(m.group(1))
        if n:
            quoted = _nested_quotes(m.group(0))
            found.append((n, FIRST_YEAR - 1 + n, f"文中写明“{quoted}’”" if quoted.count("‘") > quoted.count("’")
                          else f"文中写明“{quoted}”", _Quote(excerpt_around(text, m.start(), m.end()), m.start())))
    return found


def _strong(text: str, title: str, quotes: list[re.Match] | None = None) -> list[tuple[int, str, _Quote]]:
    """(year, reason, excerpt) from quoted or stated themes (quotes: the _QUOTED_RE matches
    of text, when already found); editions are read by _editions."""
    found: list[tuple[int, str, _Quote]] = []
    text_quotes = _QUOTED_RE.finditer(text) if quotes is None else quotes
    stated = _STATED_THEME_RE.finditer(text) if "主题" in text else ()
    for src, matches, in_body in ((title, _QUOTED_RE.finditer(title), False), (text, text_quotes, True),
                                  (text, stated, True)):
        for m in matches:
            years, exact = _theme_years(squash(m.group(1)))
            if len(years) == 1 and exact:
                found.append((exact[0], f"文中写明当年主题“{_nested_quotes(m.group(1))}”",
                              _Quote(excerpt_around(src, m.start(), m.end()), m.start() if in_body else None)))
    return found


def _ranged_themes(text: str, quotes: list[re.Match] | None = None) -> list[tuple[int, int, str, _Quote]]:
    """(lo, hi, reason, excerpt) for quoted themes shared by several years."""
    out = []
    for m in (_QUOTED_RE.finditer(text) if quotes is None else quotes):
        years = sorted(_theme_years(squash(m.group(1)))[0])
        if len(years) > 1:
            out.append((years[0], years[-1], f"文中引用主题“{_nested_quotes(m.group(1))}”（{years[0]}—{years[-1]}年使用）",
                        _Quote(excerpt_around(text, m.start(), m.end()), m.start())))
    return out


def _search_start(text: str, ev: _Event) -> int | None:
    """Where the search for ev's first match may start, or None when text holds none of its
    literals. Every match holds one of them, so none starts before the first of them less
    the longest a match can be."""
    if not ev.needs:
        return 0
    found = [pos for n in ev.needs if (pos := text.find(n)) >= 0]
    if not found:
        return None
    return 0 if ev.width is None else max(0, min(found) - ev.width)


def _event_hits(text: str) -> list[tuple[_Event, str, _Quote]]:
    hits = []
    for ev in _events():
        start = _search_start(text, ev)
        if start is None:
            continue
        m = ev.regex.search(text, start)    # (look-behinds still see the text before start)
        if m:
            hits.append((ev, ev.reason.format(match=m.group(0)),
                         _Quote(excerpt_around(text, m.start(), m.end()), m.start())))
    return hits


def _join(reasons: list[str]) -> str:
    seen: list[str] = []
    for r in reasons:
        if r not in seen:
            seen.append(r)
    return "；".join(seen[:3])


def _item(rule: str, message: str, quote: _Quote, starts: Sequence[int]) -> ReviewItem:
    """A review item pointing at the block its quote's evidence is in (starts: where each
    block begins in the body); at the title when the evidence is not in the body; at no
    block when the caller gave no starts."""
    if quote.at is None:
        block: int | None = ON_TITLE
    else:
        block = bisect_right(starts, quote.at) - 1 if starts else None
    return ReviewItem(rule, 0, message, quote.text, block=block)


def _range_item(events: list[tuple[_Event, str, _Quote]], ranges: list[tuple[int, int, str, _Quote]],
                lo: int | None, hi: int | None, starts: Sequence[int]) -> ReviewItem:
    """The review item of a year known only as a range (lo..hi, either may be open)."""
    if lo is not None and hi is not None and lo > hi:
        span = f"{hi}—{lo}年前后（线索不一致）"
    elif lo is not None and hi is not None:
        span = f"{lo}年" if lo == hi else f"{lo}—{hi}年"
    elif lo is not None:
        span = f"{lo}年或以后"
    else:
        span = f"{hi}年或以前"
    first = (events[0][2] if events else ranges[0][3])
    why = _join([r for _, r, _ in events] + [r[2] for r in ranges])
    return _item("structure.year_range", f"年份未能确定，可能为{span}：{why}。请核对后填写 year", first, starts)


@lru_cache(maxsize=1)
def _known_editions() -> dict[int, int]:
    """edition -> year of every campaign data/campaigns.yml lists."""
    return {c.edition: c.year for c in campaign.all_campaigns()}


def _bounded(body: str, strong: list[tuple[int, str, _Quote]], latest: int, starts: Sequence[int],
             review: list[ReviewItem]) -> tuple[list[tuple[int, str, _Quote]], set[int]]:
    """The strong clues that may name the year, with the body's editions added: an edition
    data/campaigns.yml does not list ("第33个安全生产月": a typo, a spun or generated text)
    and any year after `latest` (this year) are not evidence, since the page schema refuses a
    year in the future; each one refused is a review item saying why. Also the years refused
    for being in the future."""
    known = _known_editions()
    told: set[int] = set()           # each unknown edition is reported once
    for n, year, reason, quote in _editions(body):
        if n in known:
            strong.append((year, reason, quote))
            continue
        if n in told:
            continue
        told.add(n)
        top = max(known)
        review.append(_item("structure.year_beyond", f"{reason}，按届次是{year}年，但已知的全国安全生产月只到"
                            f"第{top}个（{known[top]}年），未据此填写年份，请核对", quote, starts))
    kept, future = [], set()
    for year, reason, quote in strong:
        if year <= latest:
            kept.append((year, reason, quote))
        else:
            future.add(year)
            review.append(_item("structure.year_beyond", f"{reason}，指向{year}年，晚于今年（{latest}年），"
                                "未据此填写年份，请核对", quote, starts))
    return kept, future


def _stated(body: str, title: str, latest: int, starts: Sequence[int], review: list[ReviewItem],
            refused: set[int]) -> tuple[int, str] | None:
    """stated_year, unless it is after `latest` (then a review item as in _bounded, unless
    that year was refused there already: `refused`)."""
    stated = stated_year(body, title)
    if stated and stated[0] > latest:
        at = body.find(stated[1])
        if stated[0] in refused:
            return None
        review.append(_item("structure.year_beyond", f"文中写明“{stated[1]}”，指向{stated[0]}年，晚于今年"
                            f"（{latest}年），未据此填写年份，请核对",
                            _Quote(stated[1] if at < 0 else excerpt_around(body, at, at + len(stated[1])),
                                   None if at < 0 else at), starts))
        return None
    return stated


def detect_year(body: str, title: str, date: str | None = None, date_text: str | None = None,
                starts: Sequence[int] = (), this_year: int | None = None) -> YearResult:
    """The year of a speech from its body (its blocks joined by newlines; starts: where each
    block begins in it, so that review items name the block they quote) and title. No clue
    gives a year after this_year (default: the current year) or an edition campaigns.yml
    does not know."""
    res = YearResult()
    latest = this_year or _dt.date.today().year
    strong: list[tuple[int, str, _Quote]] = []
    if date:
        strong.append((int(date[:4]), f"文中写明讲话日期“{date_text or date}”", _Quote(date_text or date, None)))
    quotes = list(_QUOTED_RE.finditer(body))      # read by both _strong and _ranged_themes
    strong += _strong(body, title, quotes)
    strong += [(y, f"文号“{n}”", _Quote(n, at)) for y, n, at in document_numbers(body)]
    strong, refused = _bounded(body, strong, latest, starts, res.review)
    events = _event_hits(body)
    ranges = _ranged_themes(body, quotes)
    years = sorted({y for y, _, _ in strong})
    if len(years) > 1:
        detail = "；".join(f"{r}（{y}年）" for y, r, _ in strong)
        res.review.append(_item("structure.year_conflict", f"年份线索互相矛盾，未填写年份，请核对：{detail}",
                                strong[0][2], starts))
        return res
    if years:
        res.year = years[0]
        res.reason = _join([r for _, r, _ in strong])
        for ev, reason, ex in events:
            bad = (ev.year is not None and ev.year != res.year) or (ev.earliest and res.year < ev.earliest)
            if bad:
                res.review.append(_item("structure.year_event", f"{reason}，与推断的{res.year}年不符，请核对年份",
                                        ex, starts))
    elif stated := _stated(body, title, latest, starts, res.review, refused):
        res.year, res.reason = stated[0], f"文中写明“{stated[1]}”"
    else:
        exact = sorted({ev.year for ev, _, _ in events if ev.year and ev.year <= latest})
        lo = max([ev.earliest for ev, _, _ in events if ev.earliest] + [r[0] for r in ranges], default=None)
        hi = min([ev.latest for ev, _, _ in events if ev.latest] + [r[1] for r in ranges], default=None)
        if len(exact) == 1 and (lo is None or exact[0] >= lo):
            res.year = exact[0]
            res.reason = _join([r for ev, r, _ in events if ev.year == res.year])
        elif events or ranges:
            res.review.append(_range_item(events, ranges, lo, hi, starts))
    if res.year:
        for m in _YEAR_MENTION_RE.finditer(body):
            y = int(m.group(1))
            if y > res.year:
                res.review.append(_item(
                    "structure.year_later",
                    f"文中出现“{m.group(0)}”，晚于按正文线索推断的{res.year}年，可能是转载时改动，请核对",
                    _Quote(excerpt_around(body, m.start(), m.end()), m.start()), starts))
                break
    return res
