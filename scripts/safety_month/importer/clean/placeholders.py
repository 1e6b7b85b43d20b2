"""Rule "placeholders": count redactions and blanks (〔*〕, XXX, X同志, 201x, ……, __).

They belong to the published text and are kept exactly; the report gives their number so
the editor knows how many blanks a speech has. No review items: they are expected.
"""

from __future__ import annotations

import re

from ..model import ReviewItem, RuleReport
from safety_month.text.guarded import compile_guarded
from .base import RuleOutput, compile_any, table

RULE = "placeholders"

_ENTRIES = table("placeholders")["patterns"]


def _last_chars(strings: list[str]) -> str:
    """The distinct last characters of strings (in order)."""
    return "".join(dict.fromkeys(s[-1] for s in strings))


# (first characters, strings one of which every match contains or () for any, the last
# characters of those strings, regex). A text holding none of the last characters holds none
# of the strings: one-character searches are several times faster than a search for a
# string, and the strings' ends ("*" of "[*" "【*" "（*") are rarer than their starts.
PLACEHOLDERS = [(e["first"], tuple(e.get("needs") or ()), _last_chars(e.get("needs") or ()),
                 compile_guarded(e["pattern"]))
                for e in _ENTRIES]
# One regex for callers that want to find them all (render, checks); slower to scan.
PLACEHOLDER = compile_any([e["pattern"] for e in _ENTRIES])


def apply(text: str) -> RuleOutput:
    report = RuleReport(RULE)
    review: list[ReviewItem] = []
    found = sorted((m.start(), m.group()) for first, needs, ends, rx in PLACEHOLDERS
                   if any(c in text for c in first) and (not needs or (
                       any(c in text for c in ends) and any(n in text for n in needs)))
                   for m in rx.finditer(text))
    for _, value in found:
        report.add(value)
    return RuleOutput(text, report, review)
