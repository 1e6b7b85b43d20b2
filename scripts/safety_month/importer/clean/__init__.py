"""The clean stage: RawDocument → CleanResult.

Rules run in this order (each a pure function in its own module, data in
data/clean_*.yml):

  junk          markup, CSS, template tokens, BBCode, entities, anti-copy dots, SEO text
  script        pinyin annotations, lost characters, traditional → simplified
  (hints)       title candidates and source URL are read here, before chrome goes
  tails         paywall / preview tails are cut (document marked truncated)
  chrome        site furniture lines
  boilerplate   furniture judged from line features (widgets, credit fields, stamps, crumbs)
  markers       page and chunk markers
  spin          synonym-spinning reversal (spun documents only)
  title_repeat  the title repeated at the start of the body
  punctuation   full-width punctuation, quotes, 《》
  placeholders  count of 〔*〕, XXX, 201x … (kept as they are)
  wraps         hard wraps, spaces inside words, one paragraph per line

Review items carry the line of the final text: every rule that moves lines returns a line
map and earlier items are carried through it.

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
    punctuation,
    script,
    spin,
    tails,
    title_repeat,
    wraps,
)
from .base import RuleOutput, compose

__all__ = ["clean", "RULES"]

RULES = (junk.RULE, script.RULE, tails.RULE, chrome.RULE, boilerplate.RULE, markers.RULE, spin.RULE,
         title_repeat.RULE, punctuation.RULE, placeholders.RULE, wraps.RULE)


class _Run:
    """Collects rule outputs, carrying review lines and the line map forward."""

    def __init__(self, text: str):
        self.text = text
        self.reports: list[RuleReport] = []
        self.review: list[ReviewItem] = []
        self.n_raw = text.count("\n") + 1
        self.line_map: list[int] | None = None   # raw line (0-based) -> current line

    def step(self, out: RuleOutput) -> None:
        if out.line_map is not None:
            top = len(out.line_map) - 1
            self.review = [
                ReviewItem(r.rule, out.line_map[min(max(r.line - 1, 0), top)] + 1 if r.line else 0,
                           r.message, r.excerpt)
                for r in self.review]
            self.line_map = compose(self.line_map, out.line_map, self.n_raw)
        self.text = out.text
        self.reports.append(out.report)
        self.review.extend(out.review)

    def current_line(self, line0: int | None, maps: list[list[int] | None]) -> int | None:
        if line0 is None:
            return None
        for m in maps:
            if m is not None and m:
                line0 = m[min(line0, len(m) - 1)]
        return line0


def clean(raw: RawDocument) -> CleanResult:
    run = _Run(raw.text or "")
    run.review = list(raw.review)     # from reading (lines of raw.text): carried like any other
    run.step(junk.apply(run.text))
    out, traditional = script.apply(run.text)
    run.step(out)

    titles = hints.title_candidates(run.text)
    url = hints.source_url(run.text) or raw.source_url

    tail = tails.apply(run.text)
    run.step(tail.output)
    later_maps: list[list[int] | None] = []

    def step(out: RuleOutput) -> None:
        run.step(out)
        later_maps.append(out.line_map)

    step(chrome.apply(run.text, titles))
    step(boilerplate.apply(run.text))
    judged = run.text.split("\n")        # the lines the site-furniture rule judged whole
    after_chrome = len(later_maps)
    step(markers.apply(run.text))
    out, spun = spin.apply(run.text)
    step(out)
    if spun:
        titles = [spin.apply_pairs(t) for t in titles]
    step(title_repeat.apply(run.text, titles))
    # (the rules from here on change marks, not words, or join lines: _changed_lines)
    before_marks = run.text.split("\n")
    after_words = len(later_maps)
    step(punctuation.apply(run.text))
    step(placeholders.apply(run.text))
    wrapped = wraps.apply(run.text)
    step(wrapped)
    if wrapped.report.count and ("(" in run.text or ")" in run.text):
        # Lines the wraps rule joined may now hold both brackets of a pair the punctuation
        # rule saw on two lines ("县(x⏎iàn)"): the pair is judged again on the joined line.
        step(punctuation.apply_parens(run.text))

    text = run.text
    n_lines = text.count("\n") + 1
    changed = _changed_lines(judged, before_marks, text, later_maps[after_chrome:after_words],
                             later_maps[after_words:], wrapped.report.count == 0)
    after = run.current_line(tail.truncated_after_line, later_maps)
    heading_levels = {}
    if raw.heading_levels and run.line_map is not None:
        for index, level in raw.heading_levels.items():
            if 0 <= index < len(run.line_map):
                heading_levels[run.line_map[index]] = level
    elif raw.heading_levels:
        heading_levels = dict(raw.heading_levels)

    norm_titles: list[str] = []
    found = title_repeat.body_title(text, titles)
    for t in ([found] if found else []) + titles:
        t = punctuation.normalize(t)
        if t and t not in norm_titles:
            norm_titles.append(t)
    review = sorted(run.review, key=lambda r: r.line)
    return CleanResult(
        text=text,
        reports=run.reports,
        review=review,
        source_url=url,
        meta_hints={
            "title_candidates": norm_titles,
            "truncated": tail.truncated,
            "truncated_after_line": None if after is None else min(after, n_lines - 1) + 1,
            "spun": spun,
            "traditional": traditional,
            "spin_score": spin.spin_score(raw.text or ""),
            "heading_levels": heading_levels,
            "changed_lines": changed,
        },
    )


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
