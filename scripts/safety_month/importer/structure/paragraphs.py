"""Paragraphs restored from text segments, with enumeration leads (一是… / 一要…) in bold.

A text segment (the text between two headings, possibly one long run-on line) is split:
- at line breaks, and at spaces that follow a sentence end (pasted paragraphs);
- before an enumeration lead "一是/二是/…", "一要/二要/…" that starts a sentence, when the
  series continues (一 then 二 …); each lead starts its own paragraph, the lead sentence
  becomes Block.lead (bold) and Block.text holds the rest;
- before a closing formula (同志们，… / 我的发言完了 / 谢谢大家) that starts a sentence;
- never inside a short bracket or quote pair (text.pair_spans): "（通讯员 严娟娟）" stays whole.
Sentences are never cut.
"""

from __future__ import annotations

import re

from ..model import Block, ReviewItem
from .headings import Seg
from .text import CLOSERS, PAIR_CHARS_RE, SENTENCE_END, cn_number, inside_pair, is_boundary_before, pair_spans

_NUM = "一二三四五六七八九十"
# X{1,2} written XX? and \s+ written \s\s*: the same matches, but a pattern that starts with a
# character class lets re skip ahead to where a match can start (a leading repeat makes it
# try every position).
_LEAD_RE = re.compile(rf"([{_NUM}][{_NUM}]?)(是要|是|要)")
_CLOSING_RE = re.compile(r"同志们[，,！!]|我的发言完了|我就讲这些|我就讲这么多|谢谢大家|谢谢！")
# Each closing formula holds one of these characters (志 言 讲 谢; a test checks): a segment
# without any has none, which a few one-character searches tell faster than the scan (the
# formulas start with 同 我 谢, and 我 is everywhere in a speech).
_CLOSING_CHARS = "志言讲谢"
_SPACE_BREAK_RE = re.compile(r"\s\s*")
# A series of leads starts with 一是 / 一要 / 一是要 (_valid_leads keeps no lead without a
# 一 before it): text holding neither "一是" nor "一要" has no lead to cut at, and most
# segments are spared the scan for leads.
_SERIES_FIRST = ("一是", "一要")
MAX_LEAD = 40      # a lead sentence longer than this is cut at its first comma
MAX_LEAD_CLAUSE = 25
# A paragraph longer than this is cut into several (at sentence ends where it has them). The
# longest paragraph of the seeds, the fixtures and 300 generated speeches has 1,737
# characters. Python-Markdown's inline work on one paragraph grows with the square of its
# escaped characters and placeholders (scripts/devtools/bench_bounds.py: 3,000 entities in one
# paragraph 0.03 s, 16,000 0.3 s, a 1 MB line of "*" minutes); pieces of at most 3,000
# characters keep every paragraph of a page in the linear range.
MAX_PARAGRAPH_CHARS = 3000
_CUT_AFTER = SENTENCE_END + "；;…"
_CUT_AFTER_CLAUSE = "，,、：:"


def _space_breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of whitespace runs that follow a sentence end: paragraph breaks."""
    parts = text.split(None, 1)
    if len(parts) == 1 and len(parts[0]) == len(text):
        return []       # no whitespace at all (str.split and \s agree on what it is); most
    return [(m.start(), m.end()) for m in _SPACE_BREAK_RE.finditer(text)
            if m.start() > 0 and is_boundary_before(text, m.start())]


def _lead_positions(text: str) -> list[tuple[int, int, str]]:
    """(start, number, series) of enumeration leads that start a sentence."""
    out = []
    for m in _LEAD_RE.finditer(text):
        if not is_boundary_before(text, m.start()):
            continue
        n = cn_number(m.group(1))
        if n:
            series = "是" if m.group(2).startswith("是") else "要"
            out.append((m.start(), n, series))
    return out


def _valid_leads(cands: list[tuple[int, int, str]]) -> list[int]:
    """Start positions of leads that form a series 一, 二, … (at least two members)."""
    kept: list[int] = []
    run: list[int] = []
    expected, series = 1, None
    for pos, n, s in cands:
        if n == 1:
            if len(run) >= 2:
                kept.extend(run)
            run, expected, series = [pos], 2, s
        elif run and n == expected and s == series:
            run.append(pos)
            expected += 1
    if len(run) >= 2:
        kept.extend(run)
    return kept


def _lead_of(text: str) -> tuple[str, str]:
    """Split a paragraph that starts with a lead into (lead, rest)."""
    end = -1
    for i, ch in enumerate(text):
        if ch in SENTENCE_END:
            end = i + 1
            break
    if 0 < end <= MAX_LEAD:
        return text[:end], text[end:]
    comma = next((i for i, ch in enumerate(text[:MAX_LEAD_CLAUSE + 1]) if ch in "，,：:；;"), -1)
    if comma > 2:
        return text[:comma + 1], text[comma + 1:]
    m = _LEAD_RE.match(text)
    return text[:m.end()], text[m.end():]


def split_paragraphs(text: str) -> list[tuple[str, bool, int]]:
    """(paragraph, starts_with_lead, where it starts in text) pieces of one text segment."""
    cuts: dict[int, bool] = {}
    for s, e in _space_breaks(text):
        cuts[s] = False
        cuts.setdefault(e, False)
    if any(first in text for first in _SERIES_FIRST):
        for pos in _valid_leads(_lead_positions(text)):
            cuts[pos] = True
    for m in _CLOSING_RE.finditer(text) if any(c in text for c in _CLOSING_CHARS) else ():
        if m.start() > 0 and is_boundary_before(text, m.start()):
            cuts.setdefault(m.start(), False)
    edges = sorted(p for p in cuts if 0 < p < len(text))
    if edges and PAIR_CHARS_RE.search(text):
        spans = pair_spans(text)         # no cut inside a short bracket or quote pair
        edges = [p for p in edges if not inside_pair(spans, p)]
    out: list[tuple[str, bool, int]] = []
    for s, e in zip([0] + edges, edges + [len(text)]):
        piece = text[s:e].strip()
        if piece:
            out.append((piece, cuts.get(s, False), s + len(text[s:e]) - len(text[s:e].lstrip())))
    return out


def cut_long(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> tuple[list[str], int]:
    """text in pieces of at most limit characters, each cut after the last sentence end
    (closing quotes kept with it) before the limit, else after the last comma-like mark,
    else at the limit; and how many cuts were not at a sentence end. Linear: each cut looks
    back over at most limit characters once."""
    pieces, rough = cut_long_at(text, limit)
    return [piece for piece, _ in pieces], rough


def cut_long_at(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> tuple[list[tuple[str, int]], int]:
    """cut_long's pieces, each with where it starts in text."""
    pieces: list[tuple[str, int]] = []
    rough = 0
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = max(text.rfind(c, start, end) for c in _CUT_AFTER) + 1
        if cut > start:
            while cut < end and text[cut] in CLOSERS:
                cut += 1
        else:
            cut = max(text.rfind(c, start, end) for c in _CUT_AFTER_CLAUSE) + 1
            rough += 1
            if cut <= start:
                cut = end
        piece = text[start:cut].strip()
        if piece:
            pieces.append((piece, start + len(text[start:cut]) - len(text[start:cut].lstrip())))
        start = cut
    rest = text[start:].strip()
    if rest or not pieces:
        pieces.append((rest, start + len(text[start:]) - len(text[start:].lstrip())))
    return pieces, rough


def build_blocks(segs: list[Seg], review: list[ReviewItem] | None = None) -> list[Block]:
    """Blocks (headings and paragraphs) from heading/text segments. A paragraph longer than
    MAX_PARAGRAPH_CHARS becomes several (cut_long); review, when given, gets an item for each
    such paragraph."""
    blocks: list[Block] = []
    for seg in segs:
        if seg.kind != "text":
            blocks.append(Block(seg.kind, seg.text, line=seg.line, col=seg.col))
            continue
        pieces = split_paragraphs(seg.text)
        whole = seg.whole and len(pieces) == 1
        for piece, has_lead, start in pieces:
            col = seg.col + start
            lead, text_col = "", col       # text_col: where the text after the lead starts
            if has_lead:
                lead, rest = _lead_of(piece)
                text_col = col + len(lead) + len(rest) - len(rest.lstrip())
                lead, piece = lead.strip(), rest.strip()
            if len(lead) + len(piece) <= MAX_PARAGRAPH_CHARS:
                blocks.append(Block("p", piece, lead=lead, whole=whole and not has_lead, line=seg.line, col=col))
                continue
            parts, rough = cut_long_at(piece, MAX_PARAGRAPH_CHARS - len(lead))
            first = len(blocks)          # the block the review item points at
            blocks.append(Block("p", parts[0][0], lead=lead, whole=False, line=seg.line, col=col))
            blocks.extend(Block("p", part, whole=False, line=seg.line, col=text_col + at)
                          for part, at in parts[1:])
            if review is not None:
                how = (f"其中 {rough} 处没有句末标点，在逗号处或第 {MAX_PARAGRAPH_CHARS} 字处断开"
                       if rough else "在句末断开")
                review.append(ReviewItem(
                    "structure.long_paragraph", 0,
                    f"原文此段 {len(lead) + len(piece)} 字，超过 {MAX_PARAGRAPH_CHARS} 字，已拆为 "
                    f"{len(parts)} 段（{how}），请核对分段", (lead + parts[0][0])[:40], block=first))
    return blocks


def paragraph_text(block: Block) -> str:
    """The whole text of a paragraph block (lead + rest)."""
    return block.lead + block.text
