"""Rule "placeholders": count redactions and blanks (〔*〕, XXX, X同志, 201x, ……, __).

They belong to the published text and are kept exactly; the report gives their number so
the editor knows how many blanks a speech has. No review items: they are expected.
"""

from __future__ import annotations

from ..model import ReviewItem, RuleReport
from safety_month.text.guarded import Guarded, compile_any
from .base import Context, Rule, RuleOutput, table

NAME = "placeholders"

_ENTRIES = table("placeholders")["patterns"]


def _last_chars(strings: list[str]) -> str:
    """The distinct last characters of strings (in order)."""
    return "".join(dict.fromkeys(s[-1] for s in strings))


def _precheck(entry: dict):
    """The table's pre-check of one placeholder: one of its first characters, and one of the
    strings (needs) every match contains. A text holding none of the strings' last
    characters holds none of the strings: one-character searches are several times faster
    than a search for a string, and the strings' ends ("*" of "[*" "【*" "（*") are rarer
    than their starts."""
    first = entry["first"]
    needs = tuple(entry.get("needs") or ())
    ends = _last_chars(needs)
    return lambda text: any(c in text for c in first) and (not needs or (
        any(c in text for c in ends) and any(n in text for n in needs)))


PLACEHOLDERS = [Guarded(e["pattern"], needs=_precheck(e)) for e in _ENTRIES]
# One regex for callers that want to find them all (render, checks); slower to scan.
PLACEHOLDER = compile_any([e["pattern"] for e in _ENTRIES])


def apply(text: str, context: Context | None = None) -> RuleOutput:
    report = RuleReport(NAME)
    review: list[ReviewItem] = []
    found = sorted((m.start(), m.group()) for rx in PLACEHOLDERS for m in rx.finditer(text))
    for _, value in found:
        report.add(value)
    return RuleOutput(text, report, review)


RULE = Rule(NAME, apply, changes="marks")
