"""Render stage: Speech -> one Markdown page with YAML front matter (the importer contract).

All escaping of source text happens here, once:
- every character that could start Markdown or HTML syntax (& < > * _ ` [ ] \\ ~ ^ = | { } ! #)
  becomes a numeric character reference, so text never turns into HTML, emphasis, a link, a
  table, an attribute list or a heading, whatever Markdown extensions the site enables;
- at the start of a line also "- + :" and "1." (lists, definition lists);
- placeholders (〔*〕, XXX, X同志, 201x, 20xx, ……, __) are wrapped in
  <span class="sm-redact" title="原文隐去或待填写">…</span> with their content escaped;
- front matter is written (front_yaml: the text PyYAML's safe dumper would write, faster)
  with every string value double-quoted and on one line, so a body line "---" or a title
  with ": " can never end or break it.

generated_hash is the sha256 of the page with that value blanked; is_hand_edited() tells the
importer whether an editor changed the page since it was generated.

A page the site's build could not convert in a few seconds is never written: render refuses
(SourceError naming the file and the reason) a speech over MAX_BODY_CHARS characters or
MAX_BLOCKS paragraphs, or one whose text needs more escapes and placeholder marks than a
speech has (MAX_MARKUP_FLOOR + MAX_MARKUP_SHARE of its characters): Python-Markdown's work
on a paragraph grows with the square of those (the structure stage already cuts paragraphs
at 3,000 characters). The figures behind the bounds: scripts/devtools/bench_bounds.py.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from itertools import accumulate

from safety_month import campaign
from safety_month.pages import writer, redaction
from .errors import SourceError
from safety_month.text.guarded import first_chars
from .model import Block, CleanResult, RawDocument, ReviewItem, Speech

REDACT_TITLE = "原文隐去或待填写"

# Bounds of a page (module docstring). Measured on the seeds, the fixtures and 300 generated
# speeches: at most 5,603 characters, 195 blocks, 8 escapes and 25 placeholders per page.
# 200,000 characters is several times the longest speech in official use (a government work
# report: 20,000-40,000) and converts in about 0.1 s; 2,000 blocks in about 0.1 s (each
# paragraph with its anchor line costs Python-Markdown some 50 microseconds); 1,000 escapes
# and marks plus 5 % of the characters is 30 times what a real page holds, and at most
# about 0.6 s of inline work at 200,000 characters.
MAX_BODY_CHARS = 200_000
MAX_BLOCKS = 2_000
MAX_MARKUP_FLOOR = 1_000
MAX_MARKUP_SHARE = 0.05
# Review items written per page: a real page has at most 22; beyond this the rest are
# summed up in one item (an item per line of a 100,000-line text is no help to an editor,
# and each costs a search of the page for its line).
MAX_REVIEW_ITEMS = 100
# Characters of an excerpt used to find a review item's line.
LOCATE_CHARS = 40
AUDIENCE_ORDER = ("企业", "农村", "社区", "学校", "家庭")
UNTITLED = "讲话（标题缺失）"

# Characters replaced by numeric references everywhere in source text.
_ALWAYS = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "*": "&#42;", "_": "&#95;", "`": "&#96;",
    "[": "&#91;", "]": "&#93;", "\\": "&#92;", "~": "&#126;", "^": "&#94;", "=": "&#61;",
    "|": "&#124;", "{": "&#123;", "}": "&#125;", "!": "&#33;", "#": "&#35;", "$": "&#36;",
}
# ... and these only at the start of a line (list bullets, definition lists).
_LINE_START = {"-": "&#45;", "+": "&#43;", ":": "&#58;"}
# One scan for the rare characters (str.translate looks up every character of the text).
_ALWAYS_RE = re.compile(f"[{re.escape(''.join(_ALWAYS))}]")
_URL_RE = re.compile(r"https?://[^\s\"<>]+")
_ORDERED_RE = re.compile(r"^(\d+)([.)])")
# Line breaks and other characters that must not reach a Markdown line or a YAML scalar.
_BREAKS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\r\n\t]")
_SPACE_RUN_RE = re.compile(r" {2,}")
# Text without breaks or double spaces (most) only needs strip() in _one_line.
_NOT_ONE_LINE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\r\n\t]|  ")

# Placeholders wrapped in <span class="sm-redact"> (safety_month.pages.redaction).
REDACT_RE = redaction.REDACT_RE
# The characters a placeholder starts with (the class of REDACT_RE's guard): searched alone
# it is a fast class scan, and text without any of them (most) has no placeholder to wrap.
# (Should the class ever be unknown, the empty pattern is found in every text: no shortcut.)
_REDACT_START_RE = re.compile(first_chars(REDACT_RE.pattern) or "")


def _one_line(text: str) -> str:
    # Every character _BREAKS_RE replaces is a control or line/paragraph separator, none of
    # which str.isprintable() accepts: printable text without "  " needs strip() only (a
    # C-level test, cheaper than the regex; other text, e.g. with U+3000, takes the regex).
    if (text.isprintable() and "  " not in text) or not _NOT_ONE_LINE_RE.search(text):
        return text.strip()
    return _SPACE_RUN_RE.sub(" ", _BREAKS_RE.sub(" ", text)).strip()


def _escape_chars(text: str) -> str:
    return _ALWAYS_RE.sub(lambda m: _ALWAYS[m.group()], text)


def escape_inline(text: str) -> str:
    """Source text -> Markdown that displays exactly that text (placeholders as spans)."""
    if not _REDACT_START_RE.search(text):
        return _escape_chars(text)
    out, pos = [], 0
    for start, end in redaction.spans(text):
        out.append(_escape_chars(text[pos:start]))
        out.append(redact_span(text[start:end]))
        pos = end
    out.append(_escape_chars(text[pos:]))
    return "".join(out)


def redact_span(content: str) -> str:
    return f'<span class="sm-redact" title="{REDACT_TITLE}">{_escape_chars(content)}</span>'


def _guard_line_start(line: str) -> str:
    if line[:1] in _LINE_START:
        return _LINE_START[line[0]] + line[1:]
    m = _ORDERED_RE.match(line)
    if m:
        return m.group(1) + ("&#46;" if m.group(2) == "." else "&#41;") + line[m.end():]
    return line


def escape_line(text: str) -> str:
    """A whole body line of source text."""
    return _guard_line_start(escape_inline(_one_line(text)))


# ---------------------------------------------------------------- body


def _body(blocks: list[Block], pieces: list[int] | None = None,
          sources: list[int] | None = None) -> tuple[list[str], list[tuple[int, str]]]:
    """Markdown lines of the body, and (line index, plain text) of every text-bearing line.
    pieces, when given, gets the indexes into `where` of paragraphs that are not a whole
    line of the cleaned text (Block.whole); sources the cleaned line of each entry of
    `where` (Block.line)."""
    lines: list[str] = []
    where: list[tuple[int, str]] = []
    n = 0
    for b in blocks:
        if b.kind in ("h2", "h3", "h4"):
            text = _one_line(b.text)
            if not text:
                continue
            if sources is not None:
                sources.append(b.line)
            where.append((len(lines), text))
            lines += ["#" * int(b.kind[1]) + " " + escape_inline(text), ""]
        else:
            lead = _one_line(b.lead) if b.lead else ""
            text = _one_line(b.text)
            if not lead and not text:
                continue
            n += 1
            # (text is one line already: escape_line without its _one_line)
            md = (f"**{escape_inline(lead)}**" + escape_inline(text)) if lead else _guard_line_start(
                escape_inline(text))
            if pieces is not None and not b.whole:
                pieces.append(len(where))
            if sources is not None:
                sources.append(b.line)
            where.append((len(lines), lead + text))
            lines += [md, f"{{: #p-{n} }}", ""]
    while lines and not lines[-1]:
        lines.pop()
    return lines, where


def _markup(line: str) -> int:
    """The inline items Python-Markdown handles one by one in a body line: each escape (an
    entity: one "&" each) and each placeholder span (two tags)."""
    return line.count("&") + 2 * line.count("<span")


def _check_bounds(speech: Speech, raw: RawDocument, body: list[str],
                  where: list[tuple[int, str]]) -> None:
    """Refuse (SourceError) a page the build could not convert in seconds (module docstring)."""
    part = f"第 {speech.part} 篇" if speech.part is not None else None
    chars = sum(len(text) for _, text in where)
    if chars > MAX_BODY_CHARS:
        raise SourceError(raw.path, f"正文有 {chars} 字，超过一页的上限 {MAX_BODY_CHARS} 字，不像一篇讲话"
                                    "（可能是多篇合在一起、整站网页或数据）；未导入，请拆分后再导入"
                                    "（page too long）", part)
    if len(where) > MAX_BLOCKS:
        raise SourceError(raw.path, f"正文分成 {len(where)} 段，超过一页的上限 {MAX_BLOCKS} 段，不像一篇讲话"
                                    "（可能是名单、表格或目录）；未导入，请整理后再导入（too many paragraphs）", part)
    allowed = MAX_MARKUP_FLOOR + MAX_MARKUP_SHARE * chars
    # (every "&" and "<span" of the body is in a text line: counted over the body at once)
    if _markup("\n".join(body)) > allowed:
        counts = [(_markup(body[index]), index, text) for index, text in where]
        total = sum(c for c, _, _ in counts)
        worst, _, text = max(counts, key=lambda c: (c[0], -c[1]))
        number = next(k for k, (c, _, t) in enumerate(counts, 1) if c == worst and t == text)
        raise SourceError(raw.path, f"正文中需要转义的符号（* < & _ 等）和占位符共 {total} 处，"
                                    f"超过上限 {int(allowed)} 处（{MAX_MARKUP_FLOOR} 处加正文字数的 "
                                    f"{MAX_MARKUP_SHARE:.0%}），不像讲话正文（可能是网页代码、表格或乱码）；"
                                    f"最多的是第 {number} 段（{worst} 处，开头“{_shown(text[:20])}”）；"
                                    "未导入（too much markup）", part)


def _shown(text: str) -> str:
    """Text for a one-line message: control characters and line breaks made visible."""
    return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text


# ---------------------------------------------------------------- front matter


_Q = writer.Quoted


def _q(text: str) -> _Q:
    return _Q(_one_line(text))


def _dump(data: dict) -> str:
    text = writer.dump(data)
    return text if text is not None else writer.reference_dump(data)


def _front(speech: Speech, raw: RawDocument, cleaned: CleanResult, source_file: str,
           review: list[tuple[int, ReviewItem]]) -> dict:
    fm: dict = {"title": _q(_one_line(speech.title) or UNTITLED), "kind": _q("speech")}
    for key in ("speaker", "role", "org", "level", "occasion"):
        value = getattr(speech, key)
        if value:
            fm[key] = _q(value)
    if speech.year:
        fm["year"] = int(speech.year)
        fm["year_reason"] = _q(speech.year_reason or "")
    if speech.date:
        fm["date"] = _q(speech.date)
    camp = campaign.by_year(speech.year) if speech.year else None
    if camp:
        fm["edition"] = camp.edition
        if camp.theme:
            fm["theme"] = _q(camp.theme)
    if speech.excerpt:
        fm["excerpt"] = True
    if speech.part is not None:
        fm["part"] = int(speech.part)
    audiences = [a for a in AUDIENCE_ORDER if a in speech.audiences]
    fm["audiences"] = [_q(a) for a in audiences]
    fm["audience_reasons"] = {a: _q(speech.audiences[a]) for a in audiences}
    fm["tags"] = [_q(t) for t in speech.tags]
    url = _one_line(cleaned.source_url or raw.source_url or "")
    if _URL_RE.fullmatch(url):
        fm["source_url"] = _q(url)
    # (the name as it is, control characters too: YAML escapes them; the importer has made a
    # name that was not valid UTF-8 into text and says how in a review item)
    fm["source_file"] = _Q(source_file)
    fm["source_sha256"] = _q(raw.sha256)
    fm["import_changes"] = {r.rule: int(r.count) for r in sorted(cleaned.reports, key=lambda r: r.rule) if r.count}
    fm["review"] = _review_entries(review)
    fm["review_count"] = len(review)
    fm["generated_hash"] = _q("")
    return fm


def _review_entries(review: list[tuple[int, ReviewItem]]) -> list[dict]:
    return [{"line": line, "rule": _q(item.rule), "message": _q(item.message)} for line, item in review]


# ---------------------------------------------------------------- review lines


def _joined(where: list[tuple[int, str]]) -> str:
    """The texts of `where` (single lines, as _body gives them) one per line."""
    return "\n".join(text for _, text in where)


def _locate(excerpt: str, where: list[tuple[int, str]], min_len: int = 4,
            joined: str | None = None, start: int = 0) -> int | None:
    """Index into `where` of the text that contains the excerpt, else the first one sharing
    the longest run of characters with it (at least min_len), else None. Only the first
    LOCATE_CHARS characters of the excerpt are used.

    Texts and excerpt are single lines, so an occurrence in the joined texts (joined:
    _joined(where), when the caller has it) lies inside one text: they are searched all at
    once, and the text is told by the newlines before the first occurrence (at or after
    `start` in joined, when there is one there)."""
    ex = _one_line(excerpt)[:LOCATE_CHARS]
    if not ex:
        return None
    if joined is None:
        joined = _joined(where)
    found = joined.find(ex, start) if start else -1
    if found < 0:
        found = joined.find(ex)
    if found >= 0:
        return joined.count("\n", 0, found)
    lo, hi = 0, len(ex)            # the longest common run has lo <= length <= hi
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _shares_run(ex, joined, mid):
            lo = mid
        else:
            hi = mid - 1
    if lo == 0 or lo < min(min_len, len(ex)):
        return None
    return joined.count("\n", 0, _first_run(ex, joined, lo, start))


def _runs_of(a: str, size: int) -> re.Pattern:
    """A regex matching every substring of a with `size` characters: one scan of a page finds
    the first place any of them occurs (the leftmost match), where a search per substring
    scanned the page once for each."""
    runs = dict.fromkeys(a[k:k + size] for k in range(len(a) - size + 1))
    return re.compile("|".join(map(re.escape, runs)))


# Below this many characters searched (substrings of the excerpt times the page), a search
# per substring (str.find, C) is cheaper than compiling the alternation of them all.
_PER_SUBSTRING_MAX = 2_000_000


def _shares_run(a: str, b: str, size: int) -> bool:
    """True when a and b have a common substring of `size` characters (a short excerpt
    against page text: a search per substring on a page of speech length, one regex scan of
    a longer page)."""
    if not 0 < size <= len(a):
        return False
    if (len(a) - size + 1) * len(b) <= _PER_SUBSTRING_MAX:
        return any(a[k:k + size] in b for k in range(len(a) - size + 1))
    return _runs_of(a, size).search(b) is not None


def _first_run(a: str, b: str, size: int, start: int = 0) -> int:
    """Where in b (at or after start when there is one there, else from 0) the first
    substring of a with `size` characters occurs; -1 when none does."""
    if (len(a) - size + 1) * len(b) <= _PER_SUBSTRING_MAX:
        for begin in ((start, 0) if start else (0,)):
            found = [pos for k in range(len(a) - size + 1) if (pos := b.find(a[k:k + size], begin)) >= 0]
            if found:
                return min(found)
        return -1
    runs = _runs_of(a, size)
    match = (start and runs.search(b, start)) or runs.search(b)
    return match.start() if match else -1


def _review_place(item: ReviewItem, where: list[tuple[int, str]], title: str,
                  joined: str, start: int = 0) -> int | None:
    """Where an editor should look for this item: the index of a body line, or None for the
    title line (joined: _joined(where); start: where in joined to look first)."""
    ex = _one_line(item.excerpt)[:LOCATE_CHARS]
    if ex and ex not in joined and ex in title:
        return None
    k = _locate(ex, where, joined=joined, start=start)
    return where[k][0] if k is not None else None


def _places(items: list[ReviewItem], where: list[tuple[int, str]], title: str,
            joined: str, sources: list[int] | None = None) -> list[int | None]:
    """_review_place of each item. An item of a cleaned line is looked for in the paragraphs
    that came from that line first (sources: the cleaned line of each entry of where), then
    in the whole page; an item whose excerpt an item of an earlier line already found is
    looked for after that place first (a line repeated in the text: each copy gets its own
    item, not all the first one)."""
    if not items:
        return []
    starts = list(accumulate((len(text) + 1 for _, text in where[:-1]), initial=0))
    index_of = {line: k for k, (line, _) in enumerate(where)}
    lines = {item.line for item in items if item.line}
    by_source: dict[int, list[int]] = {}
    for k, line in enumerate(sources or ()):
        if line in lines:
            by_source.setdefault(line, []).append(k)
    # excerpt -> (line of the item that placed it, where in joined the text after it starts)
    seen: dict[str, tuple[int, int]] = {}
    out: list[int | None] = []
    for item in items:
        ex = _one_line(item.excerpt)[:LOCATE_CHARS]
        place = _in_own_line(ex, item, where, by_source)
        if place is None:
            earlier = seen.get(ex) if ex else None
            after = earlier[1] if earlier and item.line > earlier[0] else 0
            place = _review_place(item, where, title, joined, after)
            if ex and place is not None and (earlier is None or item.line > earlier[0]):
                k = index_of[place]
                seen[ex] = (item.line, starts[k] + len(where[k][1]) + 1)
        out.append(place)
    return out


def _in_own_line(ex: str, item: ReviewItem, where: list[tuple[int, str]],
                 by_source: dict[int, list[int]]) -> int | None:
    """The body line index of the paragraph, among those that came from the item's own
    cleaned line, that holds the excerpt (or shares the longest run with it); None when the
    item has no line, no paragraph came from it, or none shares anything with the excerpt."""
    own = by_source.get(item.line) if item.line else None
    if not own or not ex:
        return None
    mine = [where[k] for k in own]
    k = _locate(ex, mine, min_len=1)
    return mine[k][0] if k is not None else None


def _review_line(item: ReviewItem, where: list[tuple[int, str]], title: str,
                 body_first: int, title_line: int, joined: str) -> int:
    """The line of the page an editor should look at for this item (joined: _joined(where))."""
    place = _review_place(item, where, title, joined)
    return title_line if place is None else body_first + place


UNPAIRED_RULE = "render.unpaired"


def _masked(body: list[str], where: list[tuple[int, str]], ks: list[int]) -> dict[int, str]:
    """where-index -> its body line as the editors' checks read it (markup, entities and
    attribute lists blanked: checks.page), for the entries ks."""
    if not ks:
        return {}
    from safety_month.checks.page import MARKUP_RES, mask

    # (Page.prose_lines of a page holding these lines: masked by the page's own patterns;
    # the lines hold no inline code, as every backtick is escaped)
    return {k: mask(body[where[k][0]], MARKUP_RES) for k in ks}


def _unpaired(where: list[tuple[int, str]], masked: dict[int, str]) -> list[tuple[int, ReviewItem]]:
    """(body line index, review item) for each paragraph or heading whose brackets or quotes
    do not pair: what the editors' check (checks.pairs, the same code) reports on the page.
    It reads the line with markup blanked (masked, for the lines that have markup: a span
    beside "’" makes it a quote, not an apostrophe); a line without markup reads as its text.
    The importer never invents a missing bracket; the item tells the editor where to look."""
    from safety_month.checks import pairs

    # The brackets and quotes of every paragraph, in one scan of the page (a newline between
    # paragraphs: the texts hold none).
    marks = "".join(_relevant_or_newline().findall(_joined(where))).split("\n")
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


def _check_findings(body: list[str], where: list[tuple[int, str]], risky: list[int],
                    masked: dict[int, str]) -> list[tuple[int, ReviewItem]]:
    """(body line index, review item) for the paragraphs where the editors' checks would
    warn although the cleaning rules judged the text clean. That can only happen where the
    page differs from the cleaned lines the rules saw (risky: _risky): a line holding an
    escape (the checks read "&#42;" as blanks, so "1." becomes a bare page number "1" and
    "安*;" a half-width mark after Chinese text), or a paragraph cut out of a line (a piece
    "收藏" after a sentence). Those paragraphs, and only those, get the checks' own tests
    (checks.halfwidth, checks.leftovers, checks.placeholders) on the text as they read it."""
    if not risky:
        return []
    from safety_month.checks import halfwidth, leftovers, placeholders

    out = []
    last = len(where) - leftovers.EDGE_PARAGRAPHS
    for k in risky:
        index = where[k][0]
        line = masked.get(k, body[index])
        edge = k < leftovers.EDGE_PARAGRAPHS or k >= last
        found = []
        if "&" in body[index]:
            # (without an escape, the punctuation and placeholder rules saw what these checks
            # read: only the furniture patterns can tell a piece from its whole line)
            found += [f"半角标点“{ch}”" for _, ch in halfwidth.find(line)]
            found += [f"未标记的占位符“{text[:20]}”" for _, text, _ in placeholders.find(body[index])]
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


def _risky(body: list[str], where: list[tuple[int, str]], pieces: list[int]) -> tuple[list[int], list[int]]:
    """(entries whose text differs from a cleaned line: an escape, or a piece of a line;
    entries with markup that only the pairs check reads differently: a span beside a
    single quote)."""
    # (most pages have no escape and no span beside a single quote: one search each says so)
    page = "\n".join(body)
    escaped = {k for k, (index, _) in enumerate(where) if "&" in body[index]} if "&" in page else ()
    risky = sorted(set(pieces).union(escaped))
    if "<span" not in page or ("‘" not in page and "’" not in page):
        return risky, []
    chosen = set(risky)
    quoted = [k for k, (index, text) in enumerate(where)
              if k not in chosen and "<span" in body[index] and ("‘" in text or "’" in text)]
    return risky, quoted


def _capped(items: list[tuple[int | None, ReviewItem]]) -> list[tuple[int | None, ReviewItem]]:
    """At most MAX_REVIEW_ITEMS items: the rest summed up (by rule) in the last one."""
    if len(items) <= MAX_REVIEW_ITEMS:
        return items
    kept, rest = items[:MAX_REVIEW_ITEMS - 1], items[MAX_REVIEW_ITEMS - 1:]
    by_rule: dict[str, int] = {}
    for _, item in rest:
        by_rule[item.rule] = by_rule.get(item.rule, 0) + 1
    detail = "，".join(f"{rule} {n} 处" for rule, n in by_rule.items())
    return kept + [(None, ReviewItem("review.more", 0,
                                     f"另有 {len(rest)} 处待核对未逐条列出（{detail}），请对照原文通读核对", ""))]


def render_speech(speech: Speech, raw: RawDocument, cleaned: CleanResult, source_file: str) -> str:
    """The whole .md file for one speech (LF newlines, trailing newline, deterministic).
    Raises SourceError for a page over the bounds (module docstring)."""
    pieces: list[int] = []
    sources: list[int] = []
    body, where = _body(speech.blocks, pieces, sources)
    _check_bounds(speech, raw, body, where)
    title = _one_line(speech.title)
    joined = _joined(where) if speech.review else ""
    # Where each item points (a body line index, None: the title line), then the unpaired
    # brackets the punctuation rule did not already point at, then what else the editors'
    # checks would warn about where no item points yet.
    placed = list(zip(_places(speech.review, where, title, joined, sources), speech.review))
    punctuation = {place for place, it in placed if it.rule == "punctuation"}
    risky, quoted = _risky(body, where, pieces)
    # (the checks' reading differs from the line only where it has markup)
    masked = _masked(body, where, sorted(k for k in risky + quoted
                                        if "&" in body[where[k][0]] or "<" in body[where[k][0]]))
    found = [(index, it) for index, it in _unpaired(where, masked) if index not in punctuation]
    pointed = {place for place, _ in placed} | {index for index, _ in found}
    found += [(index, it) for index, it in _check_findings(body, where, risky, masked)
              if index not in pointed]
    # (over the cap, the page's own findings first: they are what the checks will show)
    placed = placed + found if len(placed) + len(found) <= MAX_REVIEW_ITEMS else _capped(found + placed)
    items = [it for _, it in placed]
    placeholder = [(0, it) for it in items]
    fm = _front(speech, raw, cleaned, source_file, placeholder)
    # The front matter is written in three parts (dump() writes each key on its own lines):
    # the keys before "review", "review", the keys after it; only the middle one is written
    # again once the review lines are known. Any part front_yaml cannot write: the whole
    # front matter through _dump, twice, as before.
    keys = list(fm)
    cut = keys.index("review")
    head = writer.dump({k: fm[k] for k in keys[:cut]})
    tail = writer.dump({k: fm[k] for k in keys[cut + 1:]})
    middle = writer.dump({"review": fm["review"]})
    split = head is not None and tail is not None and middle is not None
    fm_text = head + middle + tail if split else _dump(fm)
    n_fm = fm_text.count("\n")
    body_first = n_fm + 4          # "---", fm lines, "---", blank, then the body
    title_line = 2
    resolved = [(title_line if place is None else body_first + place, it) for place, it in placed]
    if items:                      # only the review lines change; without items, nothing does
        fm["review"] = _review_entries(resolved)
        middle = writer.dump({"review": fm["review"]}) if split else None
        fm_text = head + middle + tail if middle is not None else _dump(fm)
    if fm_text.count("\n") != n_fm:   # pragma: no cover - numbers never change line count
        raise AssertionError("front matter line count changed while numbering review lines")
    page = "---\n" + fm_text + "---\n\n" + "\n".join(body) + "\n"
    # The front matter holds the hash line blank, as _blanked() writes it (its only line that
    # starts "generated_hash:": every value is quoted on one line), and the page has no "\r":
    # the page is its own blanked form and the hash its sha256 - what _set_hash() works out,
    # without the searches (a test compares the two).
    if "\r" not in page:
        digest = hashlib.sha256(page.encode("utf-8")).hexdigest()
        return page.replace(_BLANK_LINE, f'\ngenerated_hash: "{digest}"\n', 1)
    return _set_hash(page)


# ---------------------------------------------------------------- hash and edits

# "^generated_hash:[^\n]*$" (re.M) written with the key first and the line start checked
# behind it (no character other than a newline before it): the same matches, and re skips
# ahead to the key instead of trying a line start at every position of the front matter.
_HASH_LINE_RE = re.compile(r"generated_hash:(?<![^\n]generated_hash:)[^\n]*$", re.M)
_HASH_VALUE_RE = re.compile(r"^generated_hash:\s*[\"']?([0-9a-f]{64})[\"']?\s*$", re.M)
_BLANK = 'generated_hash: ""'
_BLANK_LINE = "\ngenerated_hash: \"\"\n"


def _front_block_end(text: str) -> int:
    """Start of the line closing the front matter opened by the first line "---" (the first
    line after it that is "---" or "...", trailing blanks allowed), or 0 when there is none."""
    if not text.startswith("---\n"):
        return 0
    end = writer.closing_newline(text, 3)     # from the opening line's own newline
    return end + 1 if end >= 0 else 0


def _blanked(text: str) -> str:
    text = text.replace("\r\n", "\n")
    end = _front_block_end(text)
    return _HASH_LINE_RE.sub(_BLANK, text[:end], count=1) + text[end:]


def generated_hash(page_text: str) -> str:
    """sha256 (hex) of the page with the generated_hash value blanked."""
    return hashlib.sha256(_blanked(page_text).encode("utf-8")).hexdigest()


def _set_hash(page: str) -> str:
    h = generated_hash(page)
    end = _front_block_end(page)
    return _HASH_LINE_RE.sub(f'generated_hash: "{h}"', page[:end], count=1) + page[end:]


def is_hand_edited(page_text: str) -> bool:
    """True when the page has no generated_hash or the text no longer matches it."""
    text = page_text.replace("\r\n", "\n")
    m = _HASH_VALUE_RE.search(text[:_front_block_end(text)])
    return m is None or m.group(1) != generated_hash(text)


def page_relpath(speech: Speech, raw: RawDocument) -> str:
    """Path under docs/speeches/: "<year|undated>/<year|undated>-<sha8>[-<part>].md"."""
    folder = str(speech.year) if speech.year else "undated"
    slug = f"{folder}-{raw.sha256[:8]}"
    if speech.part is not None:
        slug += f"-{speech.part}"
    return f"{folder}/{slug}.md"
