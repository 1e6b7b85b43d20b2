"""Rule "junk": markup, CSS, template tokens, BBCode, entities, invisible and anti-copy
characters, SEO anchor text. Runs first, on the decoded text.

Removals keep the newlines inside what they remove, so line numbers do not move.
"""

from __future__ import annotations

import html
import re

from ..model import ReviewItem, RuleReport
from ..first_char import compile_guarded, may_match
from .base import CJK, RuleOutput, compile_any, excerpt, line_of, table

RULE = "junk"

_T = table("junk")
_BLOCKS = compile_any(_T["blocks"], re.S | re.I)
_CSS = compile_any(_T["css"])
_TEMPLATE = compile_any(_T["template"])
_BB_DROP = compile_any(_T["bbcode_drop_with_content"], re.I)
_BB_TAG = re.compile(r"\[/?(?:%s)(?:=[^\]\n]{0,200})?\]" % _T["bbcode_tags"], re.I)
_HTML_TAG = re.compile(_T["html_tag"])
_ENTITY = re.compile(_T["html_entity"])
_INVISIBLE = re.compile(_T["invisible"])
# A text without any of the invisible characters is not scanned (a few "in" tests).
_MAY_HAVE_INVISIBLE = may_match(_T["invisible"])
_SEO_REMOVE = compile_any(_T["seo_remove"])
_SEO_REVIEW = compile_any(_T["seo_review"])
# Every seo_remove pattern contains one of these words (更多…请访问, 本文来源/来自, 文章来源,
# 本文转载, 转载请…, 了解/查看/阅读更多); texts without any are not searched further.
_SEO_WORDS = ("更多", "转载", "本文来", "文章来")
_TLD = re.compile(r"\.(?:com|cn|net|org|cc|top|vip|info)(?![A-Za-z0-9])")
# Both can start with optional parts, so re would try them at every position; the
# first-character guard skips the Chinese text in one class test each (first_char).
_SEO_DOMAIN = compile_guarded(_T["seo_domain"])
_SEO_SITE = compile_guarded(_T["seo_site_name"])

# Anti-copy dots: a "." between two CJK characters, in a document that writes its sentence
# ends as "。" (so a "." there cannot be a sentence end); a middle dot only when the document
# has many of them (one or two are real: 知·行, names), see ANTI_COPY_MIN_DOTS.
# The dot comes first and the look-behind checks the character before it ("(?<=[CJK].)"
# right after the dot is "(?<=[CJK])" right before it): the same matches, and re skips
# ahead to the dots instead of trying every position.
_ASCII_DOT = re.compile(f"\\.(?<=[{CJK}]\\.)(?=[{CJK}])")
_MID_DOT = re.compile(f"[·•∙‧](?<=[{CJK}].)(?=[{CJK}])")
# A document needs this many "。" before an ASCII "." between CJK characters is taken as junk.
MIN_FULL_STOPS = 3
# Anti-copy tools sprinkle dots everywhere; real middle dots (知·行, 马克思·恩格斯) are rare.
# Five CJK·CJK dots in one document is far above what real text shows.
ANTI_COPY_MIN_DOTS = 5


_NBSP_IN_CJK = re.compile(f"\xa0(?<=[{CJK}]\xa0)\xa0*(?=[{CJK}])")   # (?<=[CJK])\xa0+, class-led


def _keep_newlines(match: re.Match) -> str:
    return "\n" * match.group().count("\n")


def apply(text: str) -> RuleOutput:
    report = RuleReport(RULE)
    review: list[ReviewItem] = []

    def drop(match: re.Match) -> str:
        report.add(match.group()[:40].replace("\n", " "), "")
        return _keep_newlines(match)

    if "<" in text:
        text = _BLOCKS.sub(drop, text)
    if "{" in text:
        text = _CSS.sub(drop, text)
        text = _TEMPLATE.sub(drop, text)
    elif "[" in text or "$" in text:
        text = _TEMPLATE.sub(drop, text)
    if "[" in text:
        text = _BB_DROP.sub(drop, text)
        text = _BB_TAG.sub(drop, text)
    if "<" in text:
        text = _HTML_TAG.sub(drop, text)
    if "&" in text:
        def entity(match: re.Match) -> str:
            value = html.unescape(match.group())
            if value == match.group():
                return value
            report.add(match.group(), value)
            return value
        text = _ENTITY.sub(entity, text)
        text = _NBSP_IN_CJK.sub("", text).replace("\xa0", " ")
    if _MAY_HAVE_INVISIBLE(text):
        text = _INVISIBLE.sub(drop, text)

    if "." in text and text.count("。") >= MIN_FULL_STOPS:
        text = _ASCII_DOT.sub(drop, text)
    if any(c in text for c in "·•∙‧") and len(_MID_DOT.findall(text)) >= ANTI_COPY_MIN_DOTS:
        text = _MID_DOT.sub(drop, text)

    if any(word in text for word in _SEO_WORDS):
        text = _SEO_REMOVE.sub(drop, text)
    has_domain = _TLD.search(text) is not None
    if has_domain:
        text = _remove_named_domains(text, report)
    for match in (_SEO_REVIEW.finditer(text) if has_domain and "www." in text else ()):
        review.append(ReviewItem(RULE, line_of(text, match.start()),
                                 f"句中夹有网址“{match.group().strip()}”，疑似网站插入的推广文字，请核对后删除",
                                 excerpt(text, match.start(), match.end())))
    return RuleOutput(text, report, review)


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
