"""Rule "tails": a paywall or preview tail ("部分预览阅读已结束…开通VIP", "试读结束",
"省略826字"). Everything from the marker on is cut and the document is marked truncated.

If a lot of speech text follows the marker, it was a gap, not a tail: the marker alone is
removed and the place listed for review (the speech is still incomplete).
"""

from __future__ import annotations

import re

from safety_month.text.guarded import Guarded
from ..model import ReviewItem, RuleReport
from .base import CJK, Context, Rule, RuleOutput, col_of, excerpt, line_of, table

NAME = "tails"
# The line after which text is missing (0-based, of the text after this rule), in
# Context.lines: clean() carries it through the later rules' line maps.
TRUNCATED_AFTER = "truncated_after"
# More sentence text than this after the marker means the site skipped a middle part
# (it printed "省略826字" and went on) rather than stopping: a paywall footer is a few
# short lines of buttons and notices, far under this.
GAP_MIN_CHARS = 120
# Or, after a marker the site closed with an ellipsis, this much Chinese text on the same
# line: "……此处隐藏15872个字……的手被高速旋转的辊子带入，…" goes on with the speech
# mid-sentence (a paywall notice after "阅读已结束，" is no gap: it has no closing ellipsis).
GAP_SAME_LINE_MIN = 20
_HAN = re.compile(f"[{CJK}]")
# Every marker contains one of these words; texts without them are not searched further.
# (Not 全文 alone: 安全文化 holds it; the markers have it only before 请/需.) Public: render
# uses it to tell that no tail marker can be in a line before running the editors' check.
MARKER_WORDS = re.compile(r"结束|省略|隐藏|折叠|还剩|剩余|余下|VIP|全文[请需]|内容[请需]|完整(?:版|内容)[请需]"
                          r"|登录后|付费后|会员后|先登录|需登录|请登录")
_MARKERS = Guarded(table("tails")["markers"], needs=MARKER_WORDS)
_SENTENCE_ENDS = "。！？"
# A bracket the site opened just before its marker and never closed, holding a few words of
# its own ("也许因为（来源说明好范 ……此处隐藏3898个字……"): a sentence of the speech does not
# open a bracket and stop there. Cut with the marker (the place is listed for review).
_OPEN_FRAGMENT = re.compile(r"[（(][^（）()\n。！？，,；;]{1,12}[ \t\u3000]*$")


def _marker_start(text: str, start: int) -> int:
    """Where the site's marker really starts: before an unclosed bracket fragment."""
    found = _OPEN_FRAGMENT.search(text, max(0, start - 16), start)
    return found.start() if found else start


def sentence_chars(text: str) -> int:
    """Characters on the lines of text that hold a sentence end (line by line: a pattern
    for such a line would scan to the end of a line from every position of a line that has
    none, the square of a long line)."""
    return sum(len(line) for line in text.split("\n") if any(c in line for c in _SENTENCE_ENDS))


def apply(text: str, context: Context | None = None) -> RuleOutput:
    """The rule (module docstring); context.truncated tells whether text is missing, and
    context.lines[TRUNCATED_AFTER] after which line, when it is missing at the end."""
    context = context if context is not None else Context()
    report = RuleReport(NAME)
    review: list[ReviewItem] = []
    match = _MARKERS.search(text)
    if not match:
        return RuleOutput(text, report, review)
    context.truncated = True
    after = text[match.end():]
    same_line = after.split("\n", 1)[0]
    if sentence_chars(after) >= GAP_MIN_CHARS or (
            match.group().endswith(("…", "...")) and len(_HAN.findall(same_line)) >= GAP_SAME_LINE_MIN):
        # A gap: drop this marker (and any other gap marker), list each place.
        out = []
        last = 0
        for m in _MARKERS.finditer(text):
            start = max(last, _marker_start(text, m.start()))
            out.append(text[last:start])
            last = m.end()
            report.add(text[start:m.end()], "")
        out.append(text[last:])
        new = "".join(out)
        pos = match.start()
        review.append(ReviewItem(NAME, line_of(new, pos),
                                 f"原网页在此省略了部分内容（“{match.group()}”），本文不完整，请对照原件补全",
                                 excerpt(new, pos), col=col_of(new, pos)))
        return RuleOutput(new, report, review)

    head = text[:_marker_start(text, match.start())].rstrip(" \t\u3000")
    n_in = text.count("\n") + 1
    kept_lines = head.split("\n")
    # Drop blank lines just before the cut so the last line is speech text.
    while len(kept_lines) > 1 and not kept_lines[-1].strip():
        kept_lines.pop()
    new = "\n".join(kept_lines)
    last = len(kept_lines) - 1
    report.add(text[match.start():match.start() + 30].replace("\n", " "), "（删去）")
    line_map = [min(i, last) for i in range(n_in)]
    context.lines[TRUNCATED_AFTER] = last
    return RuleOutput(new, report, review, line_map)


RULE = Rule(NAME, apply)
