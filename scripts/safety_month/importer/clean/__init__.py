"""The clean stage: RawDocument → CleanResult.

Rules run in this order, each a Rule (base.py: a name and apply(text, context) ->
RuleOutput) in its own module with its data in data/clean_*.yml; clean() runs the list RULES
in a loop:

  junk          markup, CSS, template tokens, BBCode, entities, anti-copy dots, SEO text
  script        pinyin annotations, lost characters, traditional → simplified
  hints         title candidates and source URL are read here, before chrome goes (no change)
  tails         paywall / preview tails are cut (document marked truncated)
  chrome        site furniture lines
  boilerplate   furniture judged from line features (widgets, credit fields, stamps, crumbs)
  markers       page and chunk markers
  spin          synonym-spinning reversal (spun documents only)
  title_repeat  the title repeated at the start of the body
  punctuation   full-width punctuation, quotes, 《》
  placeholders  count of 〔*〕, XXX, 201x … (kept as they are)
  wraps         hard wraps, spaces inside words, one paragraph per line
  punctuation.parens  brackets again on the lines wraps joined

Review items carry their place (line and column) in the final text: every rule that moves
lines returns a line map, and earlier items are carried through each rule's changes
(places.carry).

meta_hints keys: title_candidates (best first, punctuation normalized), truncated,
truncated_after_line (1-based line of the result after which text is missing, or None),
spun, traditional, heading_levels (RawDocument.heading_levels carried to the result's
0-based line indexes), spin_score, changed_lines (_changed_lines).
"""

from __future__ import annotations

from collections import Counter
from itertools import compress
from operator import ne

from ..model import CleanResult, RawDocument, ReviewItem, RuleReport
from . import (
    boilerplate,
    chrome,
    hints,
    junk,
    markers,
    placeholders,
    places,
    punctuation,
    script,
    spin,
    tails,
    title_repeat,
    wraps,
)
from .base import Context, Rule, RuleOutput, compose

__all__ = ["clean", "RULES"]

RULES: tuple[Rule, ...] = (
    junk.RULE, script.RULE, hints.RULE, tails.RULE, chrome.RULE, boilerplate.RULE, markers.RULE,
    spin.RULE, title_repeat.RULE, punctuation.RULE, placeholders.RULE, wraps.RULE, punctuation.PARENS)


class _Run:
    """Collects rule outputs, carrying review lines, the line map and the context's lines
    forward, and keeps what _changed_lines needs: the lines the furniture rule judged, the
    text before the first rule that changes marks, and the line maps of the rules after
    each of them."""

    def __init__(self, raw: RawDocument):
        self.text = raw.text or ""
        self.context = Context(raw_text=self.text, source_url=raw.source_url)
        self.reports: list[RuleReport] = []
        # from reading (lines of raw.text): carried like any other
        self.review: list[ReviewItem] = list(raw.review)
        self.n_raw = self.text.count("\n") + 1
        self.line_map: list[int] | None = None   # raw line (0-based) -> current line
        self.judged: list[str] | None = None     # the lines the furniture rule judged whole
        self.before_marks: list[str] | None = None
        self.word_maps: list[list[int] | None] = []
        self.mark_maps: list[list[int] | None] = []

    def run(self, rule: Rule) -> None:
        if rule.changes == "marks" and self.before_marks is None:
            self.before_marks = self.text.split("\n")
        carried = dict(self.context.lines)      # lines named before this rule ran
        out = rule.apply(self.text, self.context)
        self.step(out)
        for key, line0 in carried.items():
            self.context.lines[key] = _carry(line0, out.line_map)
        if self.judged is not None:
            (self.mark_maps if self.before_marks is not None else self.word_maps).append(out.line_map)
        if rule.changes == "furniture":
            # the last furniture rule's lines are the reference: the maps after it start here
            self.judged = self.text.split("\n")
            self.word_maps, self.mark_maps = [], []
        if out.report is not None:
            self.context.counts[out.report.rule] = out.report.count

    def step(self, out: RuleOutput) -> None:
        if out.line_map is not None or out.text is not self.text:
            # (the earlier items' places follow the text: line and column, places.carry)
            self.review = places.carry(self.review, self.text, out.text, out.line_map)
        if out.line_map is not None:
            self.line_map = compose(self.line_map, out.line_map, self.n_raw)
        self.text = out.text
        if out.report is not None:
            self.reports.append(out.report)
        self.review.extend(out.review)


def _carry(line0: int, line_map: list[int] | None) -> int:
    """A 0-based line through one rule's line map."""
    return line_map[min(line0, len(line_map) - 1)] if line_map else line0


def clean(raw: RawDocument) -> CleanResult:
    run = _Run(raw)
    for rule in RULES:
        run.run(rule)
    context = run.context
    text = run.text
    n_lines = text.count("\n") + 1
    changed = _changed_lines(run.judged, run.before_marks, text, run.word_maps, run.mark_maps,
                             context.counts.get(wraps.NAME) == 0)
    after = context.lines.get(tails.TRUNCATED_AFTER)
    return CleanResult(
        text=text,
        reports=run.reports,
        review=sorted(run.review, key=lambda r: r.line),
        source_url=context.source_url,
        meta_hints={
            "title_candidates": hints.final_titles(text, context.titles),
            "truncated": context.truncated,
            "truncated_after_line": None if after is None else min(after, n_lines - 1) + 1,
            "spun": context.spun,
            "traditional": context.traditional,
            "spin_score": context.spin_score,
            "heading_levels": _heading_levels(raw.heading_levels, run.line_map),
            "changed_lines": changed,
        },
    )


def _heading_levels(levels: dict[int, int], line_map: list[int] | None) -> dict[int, int]:
    """RawDocument.heading_levels (raw line index -> level) on the lines of the result."""
    if not levels or line_map is None:
        return dict(levels) if levels else {}
    return {line_map[index]: level for index, level in levels.items() if 0 <= index < len(line_map)}


def _changed_lines(judged: list[str], before_marks: list[str], text: str,
                   word_maps: list[list[int] | None], mark_maps: list[list[int] | None],
                   unwrapped: bool = False) -> frozenset[int]:
    """0-based lines of text that are not, as they stand, a line the chrome rule judged
    (judged: its output lines): lines joined from several, split from one, or changed within
    by a rule that changes words (a page marker cut out, a word respun: word_maps, the text
    before_marks after them). After that marks change (made full-width), spaces close up
    (_spaces) and lines are joined (mark_maps). The structure stage passes
    this on, and render runs the editors' checks on such lines (a piece "收藏" that only a
    later rule left alone on its line)."""
    changed = _unmatched(judged, before_marks, word_maps, lambda old, new: old.strip() != new.strip())
    final = text.split("\n")
    if unwrapped:
        # The wraps rule joined nothing and closed up no space (unwrapped): the final lines
        # are the non-blank lines before it, stripped, one for one.
        kept = [i for i in compress(range(len(before_marks)), map(str.strip, before_marks))]
        if len(kept) == len(final):
            return frozenset(f for f, i in enumerate(kept)
                             if i in changed or (before_marks[i] != final[f]
                                                 and _spaces(before_marks[i]) != _spaces(final[f])))
    return _unmatched(before_marks, final, mark_maps,
                      lambda old, new: old != new and _spaces(old) != _spaces(new),
                      changed)


def _spaces(line: str) -> int:
    """Spaces and tabs inside a line: after the word rules, only these change a line's words
    (the wraps rule closing up "收 藏"); the other changes are marks made full-width (the
    furniture patterns accept both forms), which leave words as they were."""
    inner = line.strip(_EDGE_SPACE)
    return inner.count(" ") + inner.count("\t")


_EDGE_SPACE = " \t\u3000\xa0\u2002\u2003"     # what the wraps rule strips from a line


def _unmatched(old_lines: list[str], new_lines: list[str], maps: list[list[int] | None],
               differ, changed: frozenset[int] = frozenset()) -> frozenset[int]:
    """Lines of new_lines that do not come from exactly one non-blank line of old_lines
    (through the line maps) or whose line differs (differ) or is in `changed`. (Written with
    map/compress: it runs on every line of every text.)"""
    if all(m is None for m in maps) and len(old_lines) == len(new_lines):
        # (most texts: no line moved; a line is its old self or changed in place)
        return frozenset(f for f in compress(range(len(new_lines)), map(ne, old_lines, new_lines))
                         if new_lines[f].strip() and (f in changed or not old_lines[f].strip()
                                                      or differ(old_lines[f], new_lines[f])))
    source = range(len(old_lines))
    for m in maps:
        if m is not None:
            top = len(m) - 1
            source = [m[min(i, top)] for i in source] if top >= 0 else [0] * len(old_lines)
    kept = list(compress(range(len(old_lines)), map(str.strip, old_lines)))
    targets = list(map(source.__getitem__, kept))
    counts = Counter(targets)
    only = dict(zip(targets, kept))          # the preimage, where there is exactly one
    out = {f for f in compress(range(len(new_lines)), map(str.strip, new_lines)) if counts.get(f) != 1}
    for f, i in only.items():
        if counts[f] == 1 and f < len(new_lines) and (
                i in changed or (old_lines[i] != new_lines[f] and differ(old_lines[i], new_lines[f]))):
            out.add(f)
    return frozenset(out)
