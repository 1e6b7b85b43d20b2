"""Rule "punctuation": GB/T 15834 full-width punctuation in Chinese text.

* , : ; ? ! next to Chinese text become ，：；？！ — never between digits (3,000, 10:30,
  3.5), in URLs or in Latin text;
* ( ) around or next to Chinese text become （ ）;
* 〝〞 and ASCII " pairs become “ ”; a line whose quotes do not pair is listed for review
  (a closing quote vanished);
* "?安全生产法?" becomes 《安全生产法》 when the inside has the shape of a document name;
  other "?…?" pairs are listed for review.
"""

from __future__ import annotations

import re
from itertools import islice

from ..model import ReviewItem, RuleReport
from .base import CJK, CJK_PUNCT, RuleOutput, excerpt, line_of, table
from ..first_char import compile_guarded, may_match
from .. import redaction

RULE = "punctuation"

_T = table("punctuation")
_FULL = _T["fullwidth"]
_CJKX = CJK + CJK_PUNCT
# The marks _convert_marks converts; the look-arounds see the text as it was, so every
# mark is judged on its original neighbours. First alternative: Chinese text, spaces, the
# mark (a try starts only right after Chinese text, so the spaces of a run are scanned once);
# second: the mark followed by spaces and Chinese text (spaces before it are kept).
_CONVERTIBLE = r"(?:[,;!?]|:(?!//))"
# Every match of _MARK_NEXT_TO_CJK holds one of these; a text without any is not scanned.
_CONVERTIBLE_CHARS = ",;!?:"
_MARK_NEXT_TO_CJK = compile_guarded(
    f"(?<=[{_CJKX}])[ \\t]*({_CONVERTIBLE})|({_CONVERTIBLE})(?=[ \\t]*[{_CJKX}])")
# A mark right after placeholders that follow Chinese text ("同志们___:", "XX局XX:"): the
# placeholders stand for Chinese words, so the mark is Chinese punctuation. The site shows
# them as redactions (safety_month.redaction) and the editors' check reads past them.
_MARK_AFTER_REDACTION = compile_guarded(
    f"(?<=[{_CJKX}])((?:[ \\t]*(?:{redaction.PATTERN}))+)[ \\t]*({_CONVERTIBLE})")
# Pre-check (a class-led scan): a placeholder's last character, then a mark.
_MAY_FOLLOW_REDACTION = re.compile(f"[{re.escape(redaction.LAST_CHARS)}][ \\t]*[{_CONVERTIBLE_CHARS}]")
# Two half-width marks side by side (spaces between).
_HALF_RUN = re.compile(f"[{_CONVERTIBLE_CHARS}][ \\t]*[{_CONVERTIBLE_CHARS}]")
_CJKX_CHAR = re.compile(f"[{_CJKX}]")
_PAREN_PAIR = re.compile(r"\(([^()\n]{0,80})\)")
# Patterns led by a look-behind are compiled with a first-character guard (first_char).
_LONE_OPEN = compile_guarded(f"(?<=[{_CJKX}])\\((?=[{_CJKX}0-9])")
_LONE_CLOSE = compile_guarded(f"(?<=[{_CJKX}0-9])\\)(?=[{_CJKX}])")
_HAS_CJK = re.compile(f"[{_CJKX}]")
_OPEN_Q = re.compile(f"[{_T['open_quotes']}]")
_CLOSE_Q = re.compile(f"[{_T['close_quotes']}]")
# Texts without any of the quote characters are not scanned (a few "in" tests).
_MAY_OPEN_Q = may_match(_OPEN_Q.pattern)
_MAY_CLOSE_Q = may_match(_CLOSE_Q.pattern)
_DOC_NAME = re.compile(
    f"[?？]([{CJK}][{CJK}（）〔〕0-9]{{1,30}}?(?:{_T['document_name_endings']}))[?？]")
_QUESTION_PAIR = compile_guarded(f"(?<=[{_CJKX}])\\?([{CJK}]{{2,20}})\\?(?=[{_CJKX}])")
_ASCII_QUOTE = re.compile(r'"')
# A full stop written as ".": after Chinese text before Chinese text or the line end, or
# after a number at the end of a line that is Chinese ("截止时间为17:00.").
_FULL_STOP = compile_guarded(f"(?<=[{CJK}”’）])\\.(?=[{CJK}“‘（]|[ \\t]*$)|(?<=[0-9])\\.(?=[ \\t]*$)", re.M)


def _full_mark(match: re.Match) -> str:
    return _FULL[match.group(match.lastindex)]


def _convert_marks(text: str, report: RuleReport | None) -> str:
    """Half-width , : ; ? ! next to Chinese text: the nearest character before or after
    the mark (spaces and tabs skipped) is Chinese; never ":" in "://". Spaces before the
    mark go with it when the Chinese text is before it."""
    if not any(c in text for c in _CONVERTIBLE_CHARS):
        return text
    # A mark a conversion puts next to Chinese punctuation is converted in another pass: one
    # of a run ("安全第一!!": the look-arounds saw the marks as they were), or one after
    # placeholders now preceded by a converted mark ("同志们:___:"). Without a run of marks
    # or a mark after a placeholder's last character, one pass converts them all.
    may_follow = _MAY_FOLLOW_REDACTION.search(text) is not None
    again = may_follow or _HALF_RUN.search(text) is not None
    while True:
        before = text
        if may_follow:
            text = _convert_after_redactions(text, report)
        new, count = _MARK_NEXT_TO_CJK.subn(_full_mark, text)
        if report is not None and count:
            # As report.add() per mark, without a call per mark: examples while there is room.
            room = min(max(report.MAX_EXAMPLES - len(report.examples), 0), count)
            for match in islice(_MARK_NEXT_TO_CJK.finditer(text), room):
                report.add(match.group(match.lastindex), _full_mark(match))
            report.count += count - room
        if not again or new == before:
            return new
        text = new


def _convert_after_redactions(text: str, report: RuleReport | None) -> str:
    def full(match: re.Match) -> str:
        mark = _FULL[match.group(2)]
        if report is not None:
            report.add(match.group(2), mark)
        return match.group(1) + mark
    return _MARK_AFTER_REDACTION.sub(full, text)


def _convert_parens(text: str, report: RuleReport | None) -> str:
    def pair(match: re.Match) -> str:
        inner = match.group(1)
        start, end = match.span()
        prev = text[start - 1] if start else ""
        nxt = text[end] if end < len(text) else ""
        if _HAS_CJK.search(inner) or _HAS_CJK.match(prev or " ") or _HAS_CJK.match(nxt or " "):
            if report is not None:
                report.add(match.group()[:12], f"（{inner}）"[:12])
            return f"（{inner}）"
        return match.group()
    # Every pattern here holds a half-width bracket; most texts have none.
    if "(" in text:
        text = _PAREN_PAIR.sub(pair, text)
        text = _LONE_OPEN.sub(lambda m: (report.add("(", "（") if report else None) or "（", text)
    if ")" not in text:
        return text
    return _LONE_CLOSE.sub(lambda m: (report.add(")", "）") if report else None) or "）", text)


def _pair_ascii_quotes(line: str, report: RuleReport | None) -> str:
    if '"' not in line or not _HAS_CJK.search(line):
        return line
    if line.count('"') % 2:
        return line
    state = iter(["“", "”"] * line.count('"'))
    new = _ASCII_QUOTE.sub(lambda m: next(state), line)
    if report is not None:
        report.add('"…"', "“…”")
    return new


def normalize(text: str) -> str:
    """Punctuation only (no review, no report): for short texts such as title candidates."""
    text = _OPEN_Q.sub("“", _CLOSE_Q.sub("”", text))
    text = "\n".join(_pair_ascii_quotes(line, None) for line in text.split("\n"))
    text = _DOC_NAME.sub(lambda m: f"《{m.group(1)}》", text)
    return _convert_marks(_convert_parens(text, None), None)


def apply(text: str) -> RuleOutput:
    report = RuleReport(RULE)
    review: list[ReviewItem] = []

    def quote(new: str):
        def sub(match: re.Match) -> str:
            report.add(match.group(), new)
            return new
        return sub
    if _MAY_OPEN_Q(text):
        text = _OPEN_Q.sub(quote("“"), text)
    if _MAY_CLOSE_Q(text):
        text = _CLOSE_Q.sub(quote("”"), text)
    if '"' in text:
        text = "\n".join(_pair_ascii_quotes(line, report) for line in text.split("\n"))

    def doc_name(match: re.Match) -> str:
        report.add(match.group(), f"《{match.group(1)}》")
        return f"《{match.group(1)}》"
    if "?" in text or "？" in text:
        text = _DOC_NAME.sub(doc_name, text)
        for m in _QUESTION_PAIR.finditer(text):
            review.append(ReviewItem(RULE, line_of(text, m.start()),
                                     f"“{m.group()}”两侧的问号可能是丢失的书名号《》或引号，请核对",
                                     excerpt(text, m.start(), m.end())))

    text = _convert_parens(text, report)
    text = _convert_marks(text, report)
    if "." in text:
        text = "\n".join(_FULL_STOP.sub(lambda m: report.add(".", "。") or "。", line)
                         if "." in line and _HAS_CJK.search(line) else line
                         for line in text.split("\n"))

    for number, line in enumerate(text.split("\n"), 1):
        opens, closes = line.count("“"), line.count("”")
        if opens != closes or '"' in line:
            pos = max(line.rfind("“"), 0)
            review.append(ReviewItem(RULE, number,
                                     f"本段引号不成对（“ {opens} 个，” {closes} 个），可能丢失了引号，请核对",
                                     line[max(0, pos - 6):pos + 24]))
    return RuleOutput(text, report, review)
