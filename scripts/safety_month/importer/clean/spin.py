"""Rule "spin": reverse synonym spinning (平安生产 → 安全生产, 原那么 → 原则 …).

Runs only in a spun document: its spin score (fixed signatures) reaches SPIN_THRESHOLD, or
the pairs' swapped forms dominate it (spin_evidence: their share against the original words
beyond ordinary text's, and collocations that are words only with the original). Each pair
of data/clean_spin.yml is applied on its own with its context rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import ReviewItem, RuleReport
from safety_month.text.guarded import required_literal
from . import spin_evidence
from .base import Context, Rule, RuleOutput, table
from .freq import word_freq

NAME = "spin"

# The score is a sum of capped signature weights (data/clean_spin.yml). 5 needs at least two
# different signatures (no single weak one reaches it: their caps are 4 or less) or 原那么
# twice; a real speech that happens to say 平安生产 a few times or uses 〞 quotes stays below.
SPIN_THRESHOLD = 5
# How far back a keep_before / only_before context may reach.
BEFORE_WINDOW = 8


def _alt(patterns: list[str] | None) -> str | None:
    return "|".join(f"(?:{p})" for p in patterns) if patterns else None


@dataclass(frozen=True)
class Pair:
    spun: str
    orig: str
    always: bool
    collocation: bool          # mode "collocation": only where spin_evidence.collocation says so
    word: re.Pattern
    keep_before: re.Pattern | None
    keep_after: re.Pattern | None
    only_before: re.Pattern | None
    only_after: re.Pattern | None
    keep_context: re.Pattern | None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the pair acts in text: each occurrence of the spun word its contexts allow."""
        keep_spans = [m.span() for m in self.keep_context.finditer(text)] if self.keep_context else []
        out: list[tuple[int, int]] = []
        for m in self.word.finditer(text):
            start, end = m.span()
            before = text[max(0, start - BEFORE_WINDOW):start]
            if any(a <= start < b for a, b in keep_spans):
                continue
            if self.keep_before and self.keep_before.search(before):
                continue
            if self.keep_after and self.keep_after.match(text, end):
                continue
            if self.collocation:
                if spin_evidence.collocation(text, start, end, self.orig, word_freq) <= 0:
                    continue
            elif not self.always:
                ok = bool(self.only_before and self.only_before.search(before)) or bool(
                    self.only_after and self.only_after.match(text, end))
                if not ok:
                    continue
            out.append((start, end))
        return out

    def replace(self, text: str, report: RuleReport) -> str:
        spans = self.spans(text)
        if not spans:
            return text
        out: list[str] = []
        last = 0
        for start, end in spans:
            out.append(text[last:start])
            out.append(self.orig)
            last = end
            if len(report.examples) < report.MAX_EXAMPLES:
                before = text[max(0, start - 4):start]
                report.add(f"{before}{self.spun}{text[end:end + 4]}", f"{before}{self.orig}{text[end:end + 4]}")
            else:
                report.count += 1      # as report.add(): no room for another example
        out.append(text[last:])
        return "".join(out)


def _load() -> tuple[list[tuple[str, re.Pattern, int, int]], list[Pair]]:
    data = table("spin")
    # (a literal every match contains, or "": a text without it scores 0 for the signature
    # without a scan; regex, weight, cap)
    sigs = [(required_literal(s["pattern"]), re.compile(s["pattern"]), int(s["weight"]), int(s["cap"]))
            for s in data["signatures"]]
    pairs = []
    for p in data["pairs"]:
        def comp(key: str, suffix: bool = False) -> re.Pattern | None:
            alt = _alt(p.get(key))
            if alt is None:
                return None
            return re.compile(f"(?:{alt})$" if suffix else alt)
        pairs.append(Pair(
            spun=p["spun"], orig=p["orig"], always=p.get("mode", "always") == "always",
            collocation=p.get("mode") == "collocation",
            word=re.compile(re.escape(p["spun"])),
            keep_before=comp("keep_before", suffix=True), keep_after=comp("keep_after"),
            only_before=comp("only_before", suffix=True), only_after=comp("only_after"),
            keep_context=comp("keep_context")))
    return sigs, pairs


_SIGNATURES, _PAIRS = _load()


def _can_overlap(a: str, b: str) -> bool:
    """True when an occurrence of a and one of b in a text can share characters."""
    return (a in b or b in a or any(a.endswith(b[:k]) for k in range(1, len(b)))
            or any(b.endswith(a[:k]) for k in range(1, len(a))))


def _needs_scanner(needs: list[str]) -> re.Pattern | None:
    """One regex whose findall() names every one of needs that occurs in a text: when no two
    can overlap, each occurrence is a match of the alternation (one scan instead of an "in"
    test per signature). None when some could overlap or one is empty."""
    distinct = list(dict.fromkeys(needs))
    if not all(distinct) or any(_can_overlap(a, b) for i, a in enumerate(distinct)
                                for b in distinct[i + 1:]):
        return None
    return re.compile("|".join(re.escape(n) for n in distinct))


_NEEDS = _needs_scanner([needs for needs, *_ in _SIGNATURES])


def spin_score(text: str) -> int:
    present = set(_NEEDS.findall(text)) if _NEEDS is not None else None
    return sum(min(len(rx.findall(text)) * weight, cap) for needs, rx, weight, cap in _SIGNATURES
               if (needs in present if present is not None else needs in text))


def is_spun(text: str) -> bool:
    return spin_score(text) >= SPIN_THRESHOLD


def apply(text: str, context: Context | None = None) -> RuleOutput:
    """The rule (module docstring). In the context: spun, the spin score of the raw text,
    and the title candidates reversed too in a spun document."""
    context = context if context is not None else Context()
    report = RuleReport(NAME)
    review: list[ReviewItem] = []
    context.spin_score = spin_score(context.raw_text)
    context.spun = is_spun(text) or _swaps_dominate(text)
    if not context.spun:
        return RuleOutput(text, report, review)
    for pair in _PAIRS:
        if pair.spun in text:
            text = pair.replace(text, report)
    context.titles = [apply_pairs(t) for t in context.titles]
    return RuleOutput(text, report, review)


def _swaps_dominate(text: str) -> bool:
    """The evidence test (spin_evidence): the pairs' swapped forms dominate the text."""
    acting = [(p, spans) for p in _PAIRS if p.spun in text and (spans := p.spans(text))]
    return bool(acting) and spin_evidence.dominates(
        spin_evidence.pair_evidence(text, p.spun, p.orig, spans, word_freq) for p, spans in acting)


def apply_pairs(text: str) -> str:
    """Reverse spinning in a short text known to come from a spun document (a title)."""
    scratch = RuleReport(NAME)
    for pair in _PAIRS:
        if pair.spun in text:
            text = pair.replace(text, scratch)
    return text


RULE = Rule(NAME, apply)
