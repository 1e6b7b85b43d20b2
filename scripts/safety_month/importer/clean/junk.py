"""Rule "junk": markup, CSS, template tokens, BBCode, entities, invisible and anti-copy
characters, SEO anchor text. Runs first, on the decoded text.

Removals keep the newlines inside what they remove, so line numbers do not move.

Markup in any form goes: tags with their attributes after a space or a slash, tags left open
with an attribute, and markup spelled with entities ("&lt;script&gt;"), which is removed after
the entities are decoded (a text's title becomes the page title: decoded markup there would
be markup in the search index). Every pass is linear in the length of the text.
"""

from __future__ import annotations

import html
import re

from ..model import ReviewItem, RuleReport
from safety_month.text.guarded import Guarded
from .base import CJK, Context, Rule, RuleOutput, col_of, excerpt, line_of, table

NAME = "junk"

_T = table("junk")
# Openers of the elements removed with their content (the closer is found by _drop_blocks).
_BLOCK_OPEN = re.compile(r"<(%s)\b" % "|".join(map(re.escape, _T["block_elements"])), re.I)
_BLOCK_CLOSE = {name: re.compile(r"</%s\s*>" % re.escape(name), re.I) for name in _T["block_elements"]}
_COMMENT_OPEN, _COMMENT_CLOSE = _T["comment"]
_CSS = Guarded(_T["css"])
_TEMPLATE = Guarded(_T["template"])
_BB_DROP = Guarded(_T["bbcode_drop_with_content"], re.I)
_BB_TAG = re.compile(r"\[/?(?:%s)(?:=[^\]\n]{0,200})?\]" % _T["bbcode_tags"], re.I)
_HTML_TAG = re.compile(_T["html_tag"])
_HTML_TAG_UNCLOSED = re.compile(_T["html_tag_unclosed"], re.I)
_LT_ENTITY = re.compile(_T["lt_entity"])
_ENTITY = re.compile(_T["html_entity"])
# Decoding rounds: markup may be entity-encoded twice ("&amp;lt;script&amp;gt;"); each round
# decodes one level and removes the markup that appeared. Three levels is more than any site
# double-escapes; the bound keeps a text of nested "&amp;amp;…" linear.
MAX_DECODE_ROUNDS = 3
# Passes over the markup: a removal can join the text around it into new markup; each pass
# undoes one level of such nesting (filter-evasion payloads nest one or two levels).
MAX_MARKUP_ROUNDS = 4
# (a text without any of the invisible characters is not scanned: Guarded's pre-check)
_INVISIBLE = Guarded(_T["invisible"])
# Every seo_remove pattern contains one of these words (更多…请访问, 本文来源/来自, 文章来源,
# 本文转载, 转载请…, 了解/查看/阅读更多); texts without any are not searched further.
_SEO_REMOVE = Guarded(_T["seo_remove"], needs=("更多", "转载", "本文来", "文章来"))
# (every match ends with 字 and a closing bracket)
_WORD_COUNT = Guarded(_T["word_count"], needs=("字)", "字）", "字】"))
_SEO_REVIEW = Guarded(_T["seo_review"])
_TLD = re.compile(r"\.(?:com|cn|net|org|cc|top|vip|info)(?![A-Za-z0-9])")
# Both can start with optional parts, so re would try them at every position; the
# first-character guard skips the Chinese text in one class test each.
_SEO_DOMAIN = Guarded(_T["seo_domain"])
_SEO_SITE = Guarded(_T["seo_site_name"])

# Anti-copy dots: a "." between two CJK characters, in a document that writes its sentence
# ends as "。" (so a "." there cannot be a sentence end); a middle dot only when the document
# has many of them (one or two are real: 知·行, names), see ANTI_COPY_MIN_DOTS.
# The dot comes first and the look-behind checks the character before it ("(?<=[CJK].)"
# right after the dot is "(?<=[CJK])" right before it): the same matches, and re skips
# ahead to the dots instead of trying every position.
_ASCII_DOT = re.compile(f"\\.(?<=[{CJK}]\\.)(?=[{CJK}])")
_MID_DOT = re.compile(f"[·•∙‧](?<=[{CJK}].)(?=[{CJK}])")
# A stray apostrophe between two CJK characters ("的'安全"), alone on its line: a quote has a
# partner, a typing slip (or an anti-copy mark) has none.
_LONE_APOSTROPHE = re.compile(f"'(?<=[{CJK}]')(?=[{CJK}])")
# A document needs this many "。" before an ASCII "." between CJK characters is taken as junk.
MIN_FULL_STOPS = 3
# Anti-copy tools sprinkle dots everywhere; real middle dots (知·行, 马克思·恩格斯) are rare.
# Five CJK·CJK dots in one document is far above what real text shows.
ANTI_COPY_MIN_DOTS = 5


# No-break spaces between Chinese characters are layout (justified web text), not words
# apart; led by the space itself so that re skips ahead to it.
_NBSP_IN_CJK = re.compile(f"\xa0(?<=[{CJK}]\xa0)\xa0*(?=[{CJK}])")


def _keep_newlines(match: re.Match) -> str:
    return "\n" * match.group().count("\n")


def _drop_blocks(text: str, report: RuleReport) -> str:
    """Remove every block (element of block_elements, comment) that has a closer, leftmost
    first, each up to the first closer after its opener (case-insensitive names; a block may
    span lines), in time linear in the text: a closer is searched for once from an opener;
    when there is none, no later opener of that kind can have one either (its closer would
    come after this opener's body)."""
    out: list[str] = []
    last = pos = 0
    closed: set[str] = set()            # kinds ("" = comment) with no closer left in the text
    element = _BLOCK_OPEN.search(text)
    comment = text.find(_COMMENT_OPEN)
    while True:
        if element is not None and element.start() < pos:
            element = _BLOCK_OPEN.search(text, pos) if len(closed - {""}) < len(_BLOCK_CLOSE) else None
        if 0 <= comment < pos:
            comment = text.find(_COMMENT_OPEN, pos) if "" not in closed else -1
        if element is None and comment < 0:
            break
        if comment >= 0 and (element is None or comment < element.start()):
            start, kind, body = comment, "", comment + len(_COMMENT_OPEN)
        else:
            start, kind = element.start(), element.group(1).lower()
            gt = text.find(">", element.end())
            if gt < 0:                  # no ">" after it: no later element opener has one
                closed.update(_BLOCK_CLOSE)
                element, pos = None, start + 1
                continue
            body = gt + 1
        end = -1
        if kind not in closed:
            if kind:
                close = _BLOCK_CLOSE[kind].search(text, body)
                end = close.end() if close else -1
            else:
                found = text.find(_COMMENT_CLOSE, body)
                end = found + len(_COMMENT_CLOSE) if found >= 0 else -1
            if end < 0:
                closed.add(kind)
        if end < 0:
            pos = start + 1
            continue
        block = text[start:end]
        report.add(block[:40].replace("\n", " "), "")
        out.append(text[last:start])
        out.append("\n" * block.count("\n"))
        last = pos = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _drop_markup(text: str, drop, report: RuleReport) -> str:
    """Blocks, tags and open tags, again while a removal joined the text around it into new
    markup ("<img <b>src=x>" → "<img src=x>"), at most MAX_MARKUP_ROUNDS times."""
    for _ in range(MAX_MARKUP_ROUNDS):
        if "<" not in text:
            break
        count = report.count
        text = _drop_blocks(text, report)
        text = _HTML_TAG.sub(drop, text)
        if "=" in text:
            text = _HTML_TAG_UNCLOSED.sub(drop, text)
        if report.count == count:
            break
    return text


def apply(text: str, context: Context | None = None) -> RuleOutput:
    report = RuleReport(NAME)
    review: list[ReviewItem] = []

    def drop(match: re.Match) -> str:
        report.add(match.group()[:40].replace("\n", " "), "")
        return _keep_newlines(match)

    if "<" in text:
        text = _drop_blocks(text, report)
    if "{" in text:
        text = _CSS.sub(drop, text)
        text = _TEMPLATE.sub(drop, text)
    elif "[" in text or "$" in text:
        text = _TEMPLATE.sub(drop, text)
    if "[" in text:
        text = _BB_DROP.sub(drop, text)
        text = _BB_TAG.sub(drop, text)
    if "<" in text:
        text = _drop_markup(text, drop, report)
    if "&" in text:
        def entity(match: re.Match) -> str:
            value = html.unescape(match.group())
            if value == match.group():
                return value
            report.add(match.group(), value)
            return value
        for _ in range(MAX_DECODE_ROUNDS):
            markup_before = text.count("<") + text.count(">")
            text = _ENTITY.sub(entity, text)
            if text.count("<") + text.count(">") != markup_before:
                # Entities spelled markup: it goes like any other.
                text = _drop_markup(text, drop, report)
            if not _LT_ENTITY.search(text):     # not encoded twice ("&amp;lt;"): done
                break
        text = _NBSP_IN_CJK.sub("", text).replace("\xa0", " ")
    text = _INVISIBLE.sub(drop, text)

    if "." in text and text.count("。") >= MIN_FULL_STOPS:
        text = _ASCII_DOT.sub(drop, text)
    if any(c in text for c in "·•∙‧") and len(_MID_DOT.findall(text)) >= ANTI_COPY_MIN_DOTS:
        text = _MID_DOT.sub(drop, text)
    if "'" in text:
        text = "\n".join(_LONE_APOSTROPHE.sub(drop, line) if line.count("'") == 1 else line
                          for line in text.split("\n"))

    text = _SEO_REMOVE.sub(drop, text)
    text = _WORD_COUNT.sub(drop, text)
    if _LOWER.search(text):
        text = _drop_scrambles(text, report, review)
    has_domain = _TLD.search(text) is not None
    if has_domain:
        text = _remove_named_domains(text, report)
    for match in (_SEO_REVIEW.finditer(text) if has_domain and "www." in text else ()):
        review.append(ReviewItem(NAME, line_of(text, match.start()),
                                 f"句中夹有网址“{match.group().strip()}”，疑似网站插入的推广文字，请核对后删除",
                                 excerpt(text, match.start(), match.end()), col=col_of(text, match.start())))
    return RuleOutput(text, report, review)


# Anti-scraping strings: a site salts every line with a random token ("kQ7xPz", "a8f3k2").
# A token is random-looking when it mixes a lower-case letter with an upper-case letter or a
# digit and is no word shape ("Safety", "iPhone", "html5", "16th") or placeholder ("20xx");
# such tokens are
# removed only when the text holds at least SCRAMBLE_MIN_LINES lines with one, all tokens
# different (real ones - "iPhone", "html5" - are few and repeat).
_LOWER = re.compile(r"[a-z]")
# (the token class first, so that re skips ahead to letters and digits; the spaces around a
# token are taken by _drop_scrambles)
_SCRAMBLE = re.compile(r"(?<![A-Za-z0-9.@/:_\-])([A-Za-z0-9]{4,16})(?![A-Za-z0-9.@/_\-])")
_WORDLIKE = re.compile(r"[A-Z]?[a-z]+|[a-z]?[A-Z][a-z]+|[a-z]{2,}\d{1,2}|\d+[a-z]{1,2}|[12]\d{2}[xX]|\d*[xX]+")
SCRAMBLE_MIN_LINES = 3


def _is_scramble(token: str) -> bool:
    return (any(c.islower() for c in token) and any(c.isupper() or c.isdigit() for c in token)
            and not _WORDLIKE.fullmatch(token))


def _drop_scrambles(text: str, report: RuleReport, review: list[ReviewItem]) -> str:
    found = [m for m in _SCRAMBLE.finditer(text) if _is_scramble(m.group(1))
             and _CJK_NEAR.search(text, max(0, m.start() - 2), m.end() + 2)]
    tokens = [m.group(1) for m in found]
    lines = {line_of(text, m.start()) for m in found}
    if len(lines) < SCRAMBLE_MIN_LINES or len(set(tokens)) < len(tokens):
        return text
    out, last = [], 0
    for m in found:
        start = m.start() - 1 if m.start() > last and text[m.start() - 1] in " \t" else m.start()
        end = m.end() + 1 if text[m.end():m.end() + 1] in (" ", "\t") and m.end() < len(text) else m.end()
        out.append(text[last:start])
        # (one space stays where the token stood between two spaces)
        out.append(" " if start < m.start() and end > m.end() else "")
        last = end
        report.add(m.group(1), "")
    out.append(text[last:])
    new = "".join(out)
    review.append(ReviewItem(NAME, line_of(new, found[0].start()),
                             f"各行夹有随机字母数字串（{len(found)} 处，如“{tokens[0]}”），像网站的防采集干扰码，已删除，请核对",
                             tokens[0], col=col_of(new, found[0].start())))
    return new


_CJK_NEAR = re.compile(f"[{CJK}，。、；：]")


def _remove_named_domains(text: str, report: RuleReport) -> str:
    out: list[str] = []
    last = 0
    for m in _SEO_DOMAIN.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[max(line_start, m.start() - 16):m.start()]
        name = _SEO_SITE.search(before)
        if not name:
            continue
        start = m.start() - (len(before) - name.start())
        out.append(text[last:start])
        report.add(text[start:m.end()].strip(), "")
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


RULE = Rule(NAME, apply)
