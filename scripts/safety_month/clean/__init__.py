"""The clean stage: RawDocument → CleanResult.

Rules run in this order (each a pure function in its own module, data in
data/clean_*.yml):

  junk          markup, CSS, template tokens, BBCode, entities, anti-copy dots, SEO text
  script        pinyin annotations, lost characters, traditional → simplified
  (hints)       title candidates and source URL are read here, before chrome goes
  tails         paywall / preview tails are cut (document marked truncated)
  chrome        site furniture lines
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
0-based line indexes), spin_score.
"""

from __future__ import annotations

from ..model import CleanResult, RawDocument, ReviewItem, RuleReport
from . import (chrome, hints, junk, markers, placeholders, punctuation, script, spin, tails,
               title_repeat, wraps)
from .base import RuleOutput, compose

__all__ = ["clean", "RULES"]

RULES = (junk.RULE, script.RULE, tails.RULE, chrome.RULE, markers.RULE, spin.RULE,
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
    step(markers.apply(run.text))
    out, spun = spin.apply(run.text)
    step(out)
    if spun:
        titles = [spin.apply_pairs(t) for t in titles]
    step(title_repeat.apply(run.text, titles))
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
        },
    )
