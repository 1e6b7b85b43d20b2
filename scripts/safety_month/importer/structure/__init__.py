"""Structure stage: cleaned text -> one Speech per speech (a compilation yields several).

    build_speeches(cleaned, raw) -> list[Speech]

Each job lives in its own module: split (compilations), meta (title, speaker, role, org,
level, occasion, date), headings, paragraphs, year, audiences, tags. Review items from the
clean stage are kept (assigned to the part they fall in, with their cleaned line, which
render turns into a line of the page), and the stage adds its own, each naming the block
(ReviewItem.block) it concerns.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import accumulate

from ..model import ON_TITLE, Block, CleanResult, RawDocument, ReviewItem, Speech
from .audiences import detect_audiences
from .headings import segment
from .meta import Head, read_head, without_year_stamp
from .paragraphs import build_blocks, paragraph_text
from .split import split_parts, unlabel
from .tags import detect_tags
from .text import Line, cn_numeral, is_finished
from .year import detect_year

__all__ = ["build_speeches"]


def _lines(text: str) -> list[Line]:
    return [Line(i + 1, t.strip(), len(t) - len(t.lstrip())) for i, t in enumerate(text.split("\n")) if t.strip()]


def _heading_hints(cleaned: CleanResult) -> dict[int, int]:
    """Cleaned line number -> heading level, when the clean stage passed the source's own
    heading markup on (meta_hints["heading_levels"]: {0-based line index: level})."""
    raw = cleaned.meta_hints.get("heading_levels") or {}
    out = {}
    for k, v in raw.items():
        try:
            level, idx = int(v), int(k)
        except (TypeError, ValueError):
            continue
        if 2 <= level <= 4:
            out[idx + 1] = level
    return out


def _candidates(cleaned: CleanResult) -> list[str]:
    c = cleaned.meta_hints.get("title_candidates") or []
    if isinstance(c, str):
        c = [c]
    return [str(x) for x in c if x]


def _body_text(blocks: list[Block]) -> tuple[str, list[int]]:
    """The blocks' texts joined by newlines, and where each block starts in it (a place
    found in the text names its block: the last start at or before it)."""
    texts = [paragraph_text(b) if b.kind == "p" else b.text for b in blocks]
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0)) if texts else []
    return "\n".join(texts), starts


def _fill_excerpt(item: ReviewItem, by_no: dict[int, str]) -> ReviewItem:
    if item.excerpt or not item.line or item.line not in by_no:
        return item
    return replace(item, excerpt=by_no[item.line][:40])


def build_speeches(cleaned: CleanResult, raw: RawDocument) -> list[Speech]:
    lines = _lines(cleaned.text)
    by_no = {ln.no: ln.text for ln in lines}
    # The lines as the cleaning rules judged them whole (not changed after the chrome rule):
    # a block is "whole" only when it is one of these, unchanged (Block.whole).
    changed = cleaned.meta_hints.get("changed_lines") or ()
    judged_lines = {no: text for no, text in by_no.items() if no - 1 not in changed}
    candidates = _candidates(cleaned)
    split = split_parts(lines, candidates)
    if split.parts[0].index is None:      # a single speech: its title without compilation labels
        candidates = [t for t in map(unlabel, candidates) if t]
    hints = _heading_hints(cleaned)
    truncated = bool(cleaned.meta_hints.get("truncated"))
    speeches: list[Speech] = []
    n_parts = len(split.parts)
    for k, part in enumerate(split.parts):
        is_last = k == n_parts - 1
        if part.index is None:
            head = read_head(part.lines, candidates)
        else:
            own = [part.own_title] if part.own_title else []
            head = read_head(part.lines, own, None)
            if not head.title_from_text and not part.own_title:
                head.title = f"{split.compilation_title or head.title}（{cn_numeral(part.index)}）"
                if split.compilation_title:
                    head.review = [r for r in head.review if r.rule != "structure.no_title"]
        notes: list[str] = []
        cut_review: list[ReviewItem] = []
        blocks = build_blocks(segment(head.body, hints, notes, judged_lines), cut_review)
        speech = Speech(title=head.title, blocks=blocks, speaker=head.speaker, role=head.role,
                        org=head.org, level=head.level, occasion=head.occasion, part=part.index,
                        date=head.date)
        body, starts = _body_text(blocks)
        year_title = (split.compilation_title or head.title) if part.index else head.title
        yr = detect_year(body, year_title or "", head.date, head.date_text, starts)
        speech.year, speech.year_reason = yr.year, yr.reason
        speech.review.extend(head.review)
        speech.review.extend(ReviewItem("structure.headings", 0, note, "") for note in notes)
        speech.review.extend(cut_review)
        speech.review.extend(yr.review)
        _check_title_stamp(speech, head)
        speech.audiences = detect_audiences(body)
        speech.tags = detect_tags(year_title + "\n" + body if year_title else body)
        if is_last:
            _mark_excerpt(speech, truncated)
        speech.review.extend(_fill_excerpt(item, by_no) for item in _part_review(cleaned.review, split.parts, k))
        if not blocks:
            speech.review.append(ReviewItem("structure.empty", 0, "未识别出正文，请检查原文", ""))
        speeches.append(speech)
    return speeches


def _mark_excerpt(speech: Speech, truncated: bool) -> None:
    """Excerpt (节选): the clean stage saw a cut-off tail, or the text stops mid-sentence
    (then a review item says so)."""
    k = next((k for k in range(len(speech.blocks) - 1, -1, -1) if speech.blocks[k].kind == "p"), None)
    cut = k is not None and not is_finished(paragraph_text(speech.blocks[k]))
    if truncated or cut:
        speech.excerpt = True
        if cut and k is not None:
            tail = paragraph_text(speech.blocks[k]).rstrip()[-20:]
            speech.review.append(ReviewItem("structure.truncated", 0,
                                            "原文在句子中间中断，已标为节选；如能找到全文请补全", tail, block=k))


def _part_review(review: list[ReviewItem], parts: list, k: int) -> list[ReviewItem]:
    """The review items of the clean stage that fall into part k (by their lines; items
    before the first part go to it; a single part takes them all)."""
    part = parts[k]
    lo = part.lines[0].no if part.lines else 0
    hi = (parts[k + 1].lines[0].no - 1) if k + 1 < len(parts) and parts[k + 1].lines else 10**9
    return [item for item in review
            if (lo <= item.line <= hi) or (item.line < lo and k == 0) or len(parts) == 1]


def _check_title_stamp(speech: Speech, head: Head) -> None:
    """A year stamped in the source's title that the text contradicts: keep it off the title."""
    title = speech.title
    stamped = list(head.stamped_titles)
    if title and without_year_stamp(title) != title:
        stamped.append(title)
    for t in stamped:
        y = int(t[:4])
        if speech.year and y != speech.year:
            if title == t:
                speech.title = without_year_stamp(t)
            speech.review.append(ReviewItem(
                "structure.title_year_stamp", 0,
                f"来源标题写作“{t}”，但正文显示为{speech.year}年（{speech.year_reason}），"
                f"标题中的年份未采用，请核对", speech.title, block=ON_TITLE))
            break
