"""Review items of the clean stage carry their place (cleaned line and column) through every
later clean rule and find their paragraph by the line and column each block carries: the
page line they get is computed, never found by searching the page for their excerpt (which
sends every copy of a repeated sentence to its first copy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from safety_month.importer.body import body_lines, one_line, review_places
from safety_month.importer.clean import clean
from safety_month.importer.clean.places import carry, carry_col, join_offsets
from safety_month.importer.model import RawDocument, ReviewItem
from safety_month.importer.read import read_source
from safety_month.importer.render import render_page
from safety_month.importer.structure import build_speeches
from tests import paths

SOURCES = sorted((paths.ROOT / "sources").glob("*.txt"))
CASES = sorted(p for p in (paths.ROOT / "tests" / "corpus" / "cases").glob("*/source.*"))
FIXTURES = sorted(p for p in (paths.ROOT / "tests" / "fixtures" / "eval").iterdir()
                  if p.suffix in (".txt", ".html", ".docx"))
HEAD = "在全县安全生产工作会议上的讲话\n同志们：\n"
# A sentence with "?…?" that the punctuation rule lists for review (lost 《》 or quotes).
FLAGGED = "全县上下要牢固树立安全发展理念，坚持人民至上、生命至上，认真落实?安全第一?方针，切实把责任落到实处。"
SHOWN = "？安全第一？"


def _raw(text: str) -> RawDocument:
    return RawDocument(path="sources/t.txt", sha256="0" * 64, text=text, encoding="utf-8", kind="txt")


def _pointed(text: str) -> tuple[list[str], list[tuple[int | None, ReviewItem]]]:
    """The page lines and (0-based page line, item) of each punctuation item of text."""
    raw = _raw(text)
    cleaned = clean(raw)
    [speech] = build_speeches(cleaned, raw)
    page = render_page(speech, raw, cleaned, raw.path)
    lines = page.text.split("\n")
    return lines, [(e["line"] - 1, e) for e in page.review if e["rule"] == "punctuation"]


# ---------------------------------------------------------------- places.carry


def test_a_column_outside_the_change_moves_by_the_change_in_length():
    old, new = "甲乙  丙丁戊", "甲乙丙丁戊"
    assert carry_col(old, new, 0) == 0 and carry_col(old, new, 1) == 1
    assert carry_col(old, new, 5) == 3           # 丁: two blanks before it went
    assert carry_col(old, new, len(old)) == len(new)


def test_a_column_inside_the_change_stays_inside_it():
    old, new = "前文abc后文", "前文ＡＢＣＤ后文"
    for col in range(2, 5):
        assert 2 <= carry_col(old, new, col) < len(new) - 2


def test_joined_lines_start_where_their_text_starts_in_the_joined_line():
    parts = ["认真落实安全", "  第一方针", "不见了"]
    assert join_offsets(parts, "认真落实安全第一方针") == [0, 4, None]


def test_items_follow_joined_and_dropped_lines():
    old = "标题\n认真落实安全\n第一方针。\n网站导航"
    new = "标题\n认真落实安全第一方针。"
    items = [ReviewItem("r", 3, "m", col=2), ReviewItem("r", 4, "m", col=1), ReviewItem("r", 0, "m")]
    moved = carry(items, old, new, [0, 1, 1, 1])
    assert [(it.line, it.col) for it in moved] == [(2, 8), (2, 0), (0, 0)]


# ---------------------------------------------------------------- whole pipeline


def test_copies_of_a_flagged_sentence_each_point_at_their_own_paragraph():
    # 80 copies in one line: longer than a paragraph may be, so the structure stage cuts the
    # line into two paragraphs; every copy's item has the same excerpt.
    lines, items = _pointed(HEAD + FLAGGED * 80 + "\n谢谢大家。")
    assert len(items) == 80
    shown = sorted({line for line, _ in items})
    assert len(shown) == 2
    # the k-th item points at the paragraph holding the k-th copy
    holders = [line for line in shown for _ in range(lines[line].count(SHOWN))]
    assert [line for line, _ in items] == holders


def _wrapped(paragraph: str, width: int = 22) -> str:
    return "\n".join(paragraph[k:k + width] for k in range(0, len(paragraph), width))


def test_an_item_on_a_wrapped_line_points_at_the_paragraph_it_was_joined_into():
    # A text hard-wrapped at 22 characters (a PDF copy): the wraps rule joins each paragraph's
    # lines, so the flagged words of the second paragraph move to another line and column; a
    # search for their excerpt finds the first paragraph, which holds the same words.
    second = "各企业要对照标准逐项整改到位。" + FLAGGED
    text = HEAD + _wrapped(FLAGGED) + "\n" + _wrapped(second) + "\n谢谢大家。"
    # (both copies whole on one wrapped line, not at its start, so the punctuation rule sees them)
    assert sum("?安全第一?" in line[1:] for line in text.split("\n")) == 2
    lines, items = _pointed(text)
    assert len(items) == 2
    first, other = (line for line, _ in items)
    assert lines[first].startswith("全县上下") and lines[other].startswith("各企业要")


def _clean_items_agree(path: Path) -> int:
    """Every clean-stage item of the file points at a paragraph holding the cleaned text at its
    column (or at the title, for a place before the first paragraph); the count checked."""
    raw = read_source(path)
    cleaned = clean(raw)
    text_lines = cleaned.text.split("\n")
    checked = 0
    for speech in build_speeches(cleaned, raw):
        pieces: list[int] = []
        sources: list[int] = []
        body, where = body_lines(speech.blocks, pieces, sources)
        texts = dict(where)
        first_line = min((speech.blocks[k].line for k in sources if speech.blocks[k].line), default=0)
        for place, item in review_places(speech, body, where, pieces, sources):
            if item.block is not None or not item.line or item.rule.startswith(("structure.", "review.")):
                continue
            if place is None:
                assert item.line < first_line, (path.name, item)
                continue
            probe = one_line(text_lines[item.line - 1][item.col:item.col + 4])
            assert probe in texts[place], (path.name, item)
            checked += 1
    return checked


@pytest.mark.parametrize("path", SOURCES + CASES + FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_clean_items_point_at_the_paragraph_holding_their_place(path: Path):
    _clean_items_agree(path)


def test_the_real_files_have_clean_items_at_all():
    # (the per-file test passes vacuously on a file without items: the whole set must have some)
    assert sum(_clean_items_agree(p) for p in SOURCES + CASES + FIXTURES) >= 20
