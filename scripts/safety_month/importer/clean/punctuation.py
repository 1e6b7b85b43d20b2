"""Rule "punctuation": GB/T 15834 full-width punctuation in Chinese text.

* , : ; ? ! next to Chinese text become ，：；？！ — never between digits (3,000, 10:30,
  3.5), in URLs or in Latin text;
* ( ) around or next to Chinese text become （ ）;
* 〝〞 and ASCII " pairs become “ ”; a line whose quotes do not pair is listed for review
  (a closing quote vanished);
* 『…』 and 〃…〃 pairs used as quotes become “…” (‘…’ inside an open “);
* "?安全生产法?" becomes 《安全生产法》 when the inside has the shape of a document name;
  other "?…?" pairs are listed for review.
"""

from __future__ import annotations

import re
from itertools import islice

from ..model import ReviewItem, RuleReport
from .base import CJK, CJK_PUNCT, Context, Rule, RuleOutput, col_of, excerpt, line_of, table
from safety_month.text.guarded import Guarded, compile_guarded
from safety_month.pages import redaction
from . import wraps

NAME = "punctuation"

_T = table("punctuation")
_FULL = _T["fullwidth"]
_CJKX = CJK + CJK_PUNCT
# The marks _convert_marks converts (never ":" in "://"); every one is one of these
# characters, and a text without any is not scanned.
_CONVERTIBLE = r"(?:[,;!?]|:(?!//))"
_CONVERTIBLE_CHARS = ",;!?:"
# Placeholders (spaces between them) right before a mark, after Chinese text or after a
# half-width mark: the mark is Chinese punctuation at once, or once that mark is converted
# ("同志们___:", "XX局XX:"; the placeholders stand for Chinese words; the site shows them as
# redactions, safety_month.pages.redaction, and the editors' check reads past them). The run is
# possessive: with placeholders such as _{2,} a run of blanks could be cut into parts in
# exponentially many ways, all tried when no mark follows (28 "_" took 10 s).
_RUN = f"(?:[ \\t]*+(?:{redaction.PATTERN}))++[ \\t]*+(?={_CONVERTIBLE})"
_RUN_AFTER_CJK = compile_guarded(f"(?<=[{_CJKX}]){_RUN}")
_RUN_AFTER_MARK = compile_guarded(f"(?<=[{_CONVERTIBLE_CHARS}]){_RUN}")
# A chain: convertible marks with only spaces or tabs between them.
_CHAIN = re.compile(f"{_CONVERTIBLE}(?:[ \\t]*{_CONVERTIBLE})*")
_ONE_MARK = re.compile(_CONVERTIBLE)
# One pass: a mark with Chinese text before it (the spaces before it go with it), or after it.
_MARK_NEXT_TO_CJK = compile_guarded(
    f"(?<=[{_CJKX}])[ \\t]*({_CONVERTIBLE})|({_CONVERTIBLE})(?=[ \\t]*[{_CJKX}])")
# Two half-width marks side by side (spaces between).
_HALF_RUN = re.compile(f"[{_CONVERTIBLE_CHARS}][ \\t]*[{_CONVERTIBLE_CHARS}]")
# Pre-check (a class-led scan): a placeholder's last character, then a mark.
_MAY_FOLLOW_REDACTION = re.compile(f"[{re.escape(redaction.LAST_CHARS)}][ \\t]*[{_CONVERTIBLE_CHARS}]")
_CJKX_CHAR = re.compile(f"[{_CJKX}]")
# A pair of half-width brackets (any length: scanned from each "(" to the next bracket, so
# linear). Up to 80 characters inside, Chinese inside or beside makes it full-width; a longer
# one only with Chinese inside (the editors' check reads such a pair as Chinese at any length).
_PAREN_PAIR = re.compile(r"\(([^()\n]*)\)")
PAREN_PAIR_MAX = 80
# A half-width bracket, or a full-width pair (no half-width bracket inside).
_PAREN_OR_FULL = re.compile(r"[()]|（[^()（）\n]*）")
# Patterns led by a look-behind are compiled with a first-character guard (first_char).
_LONE_OPEN = compile_guarded(f"(?<=[{_CJKX}])\\((?=[{_CJKX}0-9])")
_LONE_CLOSE = compile_guarded(f"(?<=[{_CJKX}0-9])\\)(?=[{_CJKX}])")
_HAS_CJK = re.compile(f"[{_CJKX}]")
# (texts without any of the quote characters are not scanned: Guarded's pre-check)
_OPEN_Q = Guarded(f"[{_T['open_quotes']}]")
_CLOSE_Q = Guarded(f"[{_T['close_quotes']}]")
_DOC_NAME = re.compile(
    f"[?？]([{CJK}][{CJK}（）〔〕0-9]{{1,30}}?(?:{_T['document_name_endings']}))[?？]")
_QUESTION_PAIR = compile_guarded(f"(?<=[{_CJKX}])\\?([{CJK}]{{2,20}})\\?(?=[{_CJKX}])")
_ASCII_QUOTE = re.compile(r'"')
# A full stop written as ".": after Chinese text before Chinese text or the line end, or
# after a number at the end of a line that is Chinese ("截止时间为17:00.").
_FULL_STOP = compile_guarded(f"(?<=[{CJK}”’）])\\.(?=[{CJK}“‘（]|[ \\t]*$)|(?<=[0-9])\\.(?=[ \\t]*$)", re.M)


def _convert_once(text: str, report: RuleReport | None) -> str:
    """One pass of _MARK_NEXT_TO_CJK over text (see _convert_marks)."""
    new, count = _MARK_NEXT_TO_CJK.subn(lambda m: _FULL[m.group(m.lastindex)], text)
    if report is not None and count:
        # As report.add() per mark, without a call per mark: examples while there is room.
        room = min(max(report.MAX_EXAMPLES - len(report.examples), 0), count)
        for match in islice(_MARK_NEXT_TO_CJK.finditer(text), room):
            mark = match.group(match.lastindex)
            report.add(mark, _FULL[mark])
        report.count += count - room
    return new


def _convert_marks(text: str, report: RuleReport | None) -> str:
    """Half-width , : ; ? ! next to Chinese text: the nearest character before or after
    the mark (spaces and tabs skipped) is Chinese; never ":" in "://". Spaces before the
    mark go with it when the Chinese text is before it.

    A mark converted makes its neighbours convertible too (a run "安全第一!!!"), and so does
    one after placeholders that follow Chinese text ("同志们___:"; the placeholders stand for
    Chinese words). The result is that of converting in passes until nothing changes (each
    pass judging every mark on the text as the pass found it), computed in one scan: marks
    with only spaces between them form a chain; a chain converts from its Chinese side one
    mark per pass, from both sides when both are Chinese, and the pass in which a mark is
    reached tells whether the spaces before it go (reached from the left) or stay (from the
    right). A run of marks no longer costs one pass over the text per mark."""
    if not any(c in text for c in _CONVERTIBLE_CHARS):
        return text
    if _MAY_FOLLOW_REDACTION.search(text) is None and _HALF_RUN.search(text) is None:
        # No two marks side by side and none after a placeholder: one pass is the result
        # (each mark judged on neighbours no conversion changes), done at regex speed.
        return _convert_once(text, report)
    chains = list(_CHAIN.finditer(text))
    if not chains:
        return text
    done = _chain_conversions(text, chains)
    if not done:
        return text
    return _converted(text, done, report)


def _chain_conversions(text: str, chains: list[re.Match]) -> list[tuple[int, int, int, str]]:
    """(time, position, where the replaced text starts, mark) of each conversion that the
    passes of _convert_marks would make in the chains of marks.

    Conversions happen at "times": in pass p the placeholder rule runs first (time 2p - 1),
    then the neighbour rule (time 2p), each judging the text as it found it. A mark
    converted at an odd time is a neighbour the same pass's neighbour rule sees (+1); one
    converted at an even time is seen by the next pass (+2); the placeholder rule sees the
    neighbour rule's conversions in the next pass (+1) and its own in the next pass (+2)."""
    never = 2 * len(text) + 4              # later than any real time
    # First marks of chains after placeholders that follow Chinese text; first mark of a chain
    # -> the mark before the placeholders in front of it.
    after_cjk_run: set[int] = set()
    after_mark_run: dict[int, int] = {}
    if _MAY_FOLLOW_REDACTION.search(text) is not None:
        after_cjk_run = {m.end() for m in _RUN_AFTER_CJK.finditer(text)}
        after_mark_run = {m.end(): m.start() - 1 for m in _RUN_AFTER_MARK.finditer(text)}
    converted_at: dict[int, int] = {}      # position of a converted mark -> its time
    # (time, position, where the replaced text starts, mark) of each conversion.
    done: list[tuple[int, int, int, str]] = []
    for chain in chains:
        marks = [m.start() for m in _ONE_MARK.finditer(text, chain.start(), chain.end())]
        first, last = marks[0], marks[-1]
        gap = first
        while gap > 0 and text[gap - 1] in " \t":
            gap -= 1
        after = last + 1
        while after < len(text) and text[after] in " \t":
            after += 1
        left = 2 if gap > 0 and _CJKX_CHAR.match(text[gap - 1]) else never
        if first in after_cjk_run:
            left = 1
        elif (source := after_mark_run.get(first)) in converted_at:
            seen = converted_at[source]
            left = min(left, seen + (1 if seen % 2 == 0 else 2))
        right_last = 2 if after < len(text) and _CJKX_CHAR.match(text[after]) else never
        k = len(marks)
        for i, pos in enumerate(marks):
            if i:
                left += 1 if left % 2 else 2
            right = right_last + 2 * (k - 1 - i)
            reached = min(left, right)
            if reached >= never:
                continue
            converted_at[pos] = reached
            if left <= right:            # reached from the left: the spaces before it go
                start = gap if i == 0 else marks[i - 1] + 1
            else:
                start = pos
            done.append((reached, pos, start, text[pos]))
    return done


def _converted(text: str, done: list[tuple[int, int, int, str]], report: RuleReport | None) -> str:
    """The text with the conversions (_chain_conversions) made, reported in time order."""
    if report is not None:
        for _, pos, start, mark in sorted(done):
            if len(report.examples) >= report.MAX_EXAMPLES:
                report.count += 1
            else:
                report.add(mark, _FULL[mark])
    out: list[str] = []
    last = 0
    for _, pos, start, mark in sorted(done, key=lambda d: d[1]):
        out.append(text[last:start])
        out.append(_FULL[mark])
        last = pos + 1
    out.append(text[last:])
    return "".join(out)


def _convert_parens(text: str, report: RuleReport | None) -> str:
    converted = []

    def pair(match: re.Match) -> str:
        inner = match.group(1)
        start, end = match.span()
        prev = text[start - 1] if start else ""
        nxt = text[end] if end < len(text) else ""
        if _HAS_CJK.search(inner) or (len(inner) <= PAREN_PAIR_MAX and (
                _HAS_CJK.match(prev or " ") or _HAS_CJK.match(nxt or " "))):
            if report is not None:
                report.add(match.group()[:12], f"（{inner}）"[:12])
            converted.append(start)
            return f"（{inner}）"
        return match.group()
    # Every pattern here holds a half-width bracket; most texts have none.
    if "(" in text:
        text = _PAREN_PAIR.sub(pair, text)
        if converted and ")" in text and "(" in text:
            text = _convert_outer_pairs(text, report)
        text = _LONE_OPEN.sub(lambda m: (report.add("(", "（") if report else None) or "（", text)
    if ")" not in text:
        return text
    return _LONE_CLOSE.sub(lambda m: (report.add(")", "）") if report else None) or "）", text)


def _convert_outer_pairs(text: str, report: RuleReport | None) -> str:
    """The pairs around pairs just made full-width: "縣(x…發（fā）展…)". _PAREN_PAIR sees only
    innermost pairs, so in passes each pass would convert the next level (a pair around a
    full-width one has Chinese inside); that result in one scan per line with a stack: a pair
    converts when every pair directly inside it is full-width, and a pair left half-width
    keeps every pair around it half-width too. Report examples in the order of the passes."""
    lines = text.split("\n")
    done: list[tuple[int, int, str, str]] = []          # (level, line, before, after)
    for number, line in enumerate(lines):
        if "(" not in line or ")" not in line:
            continue
        # frame: [position of "(", blocked, holds a full-width pair, level]
        stack: list[list] = []
        changes: list[int] = []
        for m in _PAREN_OR_FULL.finditer(line):
            ch, pos = m.group(), m.start()
            if ch == "(":
                stack.append([pos, False, False, 0])
            elif ch == ")":
                if not stack:
                    continue
                start, blocked, holds, level = stack.pop()
                ok = holds and not blocked
                if ok:
                    changes += [start, pos]
                    done.append((level + 1, number, line[start:pos + 1][:12], ""))
                if stack:
                    parent = stack[-1]
                    parent[1] = parent[1] or not ok
                    parent[2] = parent[2] or ok
                    parent[3] = max(parent[3], level + 1) if ok else parent[3]
            elif stack:                                   # a full-width pair from the pass
                stack[-1][2] = True
        if changes:
            chars = list(line)
            for k in changes:
                chars[k] = "（" if chars[k] == "(" else "）"
            lines[number] = "".join(chars)
    if not done:
        return text
    if report is not None:
        for level, number, before, _ in sorted(done):
            report.add(before, "（" + before[1:])
    return "\n".join(lines)


_QUOTE_MARKS = [
    (q["open"], re.compile(f"{re.escape(q['open'])}([^\\s{re.escape(q['open'] + q['close'])}]"
                           f"{{1,{int(_T['quote_marks_max_inside'])}}}){re.escape(q['close'])}"))
    for q in _T.get("quote_marks") or []]


def _convert_quote_marks(text: str, report: RuleReport | None) -> str:
    """『…』 / 〃…〃 pairs as quotes (module docstring); the inside must hold Chinese."""
    for first, rx in _QUOTE_MARKS:
        if first not in text:
            continue

        def sub(m: re.Match) -> str:
            if not _HAS_CJK.search(m.group(1)):
                return m.group()
            before = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
            nested = before.count("“") > before.count("”")
            new = f"‘{m.group(1)}’" if nested else f"“{m.group(1)}”"
            if report is not None:
                report.add(m.group()[:1] + "…" + m.group()[-1:], new[:1] + "…" + new[-1:])
            return new
        text = rx.sub(sub, text)
    return text


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


PARENS_RULE = "punctuation.parens"


def apply_parens(text: str, context: Context | None = None) -> RuleOutput:
    """Half-width brackets only, on lines the wraps rule joined (context.counts): such a
    line may now hold both brackets of a pair this rule saw on two lines ("县(x⏎iàn)"), and
    the pair is judged again on the joined line. Nothing to do (no report) when the wraps
    rule joined nothing or no half-width bracket is left."""
    if context is not None and not context.counts.get(wraps.NAME) or ("(" not in text and ")" not in text):
        return RuleOutput(text, None, [])
    report = RuleReport(PARENS_RULE)
    return RuleOutput(_convert_parens(text, report), report, [])


def normalize(text: str) -> str:
    """Punctuation only (no review, no report): for short texts such as title candidates."""
    text = _convert_quote_marks(_OPEN_Q.sub("“", _CLOSE_Q.sub("”", text)), None)
    text = "\n".join(_pair_ascii_quotes(line, None) for line in text.split("\n"))
    text = _DOC_NAME.sub(lambda m: f"《{m.group(1)}》", text)
    return _convert_marks(_convert_parens(text, None), None)


def apply(text: str, context: Context | None = None) -> RuleOutput:
    report = RuleReport(NAME)
    review: list[ReviewItem] = []

    def quote(new: str):
        def sub(match: re.Match) -> str:
            report.add(match.group(), new)
            return new
        return sub
    text = _OPEN_Q.sub(quote("“"), text)
    text = _CLOSE_Q.sub(quote("”"), text)
    text = _convert_quote_marks(text, report)
    if '"' in text:
        text = "\n".join(_pair_ascii_quotes(line, report) for line in text.split("\n"))

    def doc_name(match: re.Match) -> str:
        report.add(match.group(), f"《{match.group(1)}》")
        return f"《{match.group(1)}》"
    if "?" in text or "？" in text:
        text = _DOC_NAME.sub(doc_name, text)
        for m in _QUESTION_PAIR.finditer(text):
            review.append(ReviewItem(NAME, line_of(text, m.start()),
                                     f"“{m.group()}”两侧的问号可能是丢失的书名号《》或引号，请核对",
                                     excerpt(text, m.start(), m.end()), col=col_of(text, m.start())))

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
            review.append(ReviewItem(NAME, number,
                                     f"本段引号不成对（“ {opens} 个，” {closes} 个），可能丢失了引号，请核对",
                                     line[max(0, pos - 6):pos + 24], col=pos))
    return RuleOutput(text, report, review)


RULE = Rule(NAME, apply, changes="marks")
# After the wraps rule: see apply_parens.
PARENS = Rule(PARENS_RULE, apply_parens, changes="marks")
