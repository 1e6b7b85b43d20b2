"""Review items of the structure stage carry their position (ReviewItem.block) from the
structure stage to render: the page line they get is the line of that block (or the title
line), never a place found by searching the page for their excerpt."""

from __future__ import annotations

from pathlib import Path

import pytest

from safety_month.importer.body import body_lines
from safety_month.importer.clean import clean
from safety_month.importer.model import ON_TITLE
from safety_month.importer.read import read_source
from safety_month.importer.render import render_page
from safety_month.importer.structure import build_speeches
from safety_month.importer.structure.year import detect_year
from tests import paths

SOURCES = sorted((paths.ROOT / "sources").glob("*.txt"))
CASES = sorted(p for p in (paths.ROOT / "tests" / "corpus" / "cases").glob("*/source.*"))
TITLE_LINE = 2


def test_year_items_name_the_block_their_evidence_is_in():
    first = "今年是全国第18个“安全生产月”。"
    body = first + "\n" + "要深入推进安全生产治本攻坚三年行动。"
    res = detect_year(body, "", starts=[0, len(first) + 1])
    assert res.year == 2019
    [item] = res.review
    assert item.rule == "structure.year_event" and item.block == 1


def test_a_year_quoted_from_the_title_or_the_date_line_points_at_the_title():
    res = detect_year("今年是全国第20个“安全生产月”。", "", "2019-06-01", "2019年6月1日", starts=[0])
    [item] = res.review
    assert item.rule == "structure.year_conflict" and item.block == ON_TITLE


def test_without_block_starts_items_name_no_block():
    [item] = detect_year("今年是全国第18个“安全生产月”。要深入推进安全生产治本攻坚三年行动。", "").review
    assert item.block is None


def _page_line_of_blocks(speech) -> dict[int, int]:
    """Block index -> 1-based line of the rendered page (computed here from body_lines and
    the page's own front matter, independently of how render places items)."""
    sources: list[int] = []
    _, where = body_lines(speech.blocks, [], sources)
    return {block: index for (index, _), block in zip(where, sources)}


def _check_pages(raw) -> int:
    cleaned = clean(raw)
    checked = 0
    for sp in build_speeches(cleaned, raw):
        page = render_page(sp, raw, cleaned, "sources/x")
        lines = page.text.split("\n")
        closing = lines.index("---", 1)          # 0-based; the body starts 3 lines below it (1-based)
        of_block = _page_line_of_blocks(sp)
        carried = [it for it in sp.review if it.rule.startswith("structure.") and it.excerpt]
        rendered = {(e["rule"], e["message"]): e["line"] for e in page.review}
        for item in carried:
            assert item.block is not None, (raw.path, item)
            want = TITLE_LINE if item.block == ON_TITLE else closing + 3 + of_block[item.block]
            if (item.rule, item.message) in rendered:   # (over the cap, some are summed up)
                assert rendered[(item.rule, item.message)] == want, (raw.path, item)
                checked += 1
    return checked


@pytest.mark.parametrize("path", SOURCES + CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_structure_items_land_on_their_carried_block_on_every_seed_and_case(path: Path):
    assert SOURCES and CASES
    _check_pages(read_source(path))


def test_the_seeds_and_cases_have_carried_items_at_all():
    # (the per-file test passes vacuously on a file without such items: the whole set must have some)
    total = sum(_check_pages(read_source(p)) for p in SOURCES[:5])
    assert total > 0


def test_an_unfinished_last_paragraph_repeating_an_earlier_one_is_pointed_at_itself():
    # The truncation item quotes the tail of the last paragraph; an earlier paragraph ends with
    # the same words (mirrors repeat sentences). A search for the words found the first one.
    same = "党中央、国务院对安全生产作出了一系列决策部署"
    text = ("在全县安全生产工作会议上的讲话\n"
            f"同志们：{same}。\n"
            "我们要认真贯彻落实，层层压实责任。\n"
            f"下面我再强调几点，{same}")
    from safety_month.importer.model import RawDocument
    raw = RawDocument(path="sources/t.txt", sha256="0" * 64, text=text, encoding="utf-8", kind="txt")
    cleaned = clean(raw)
    [sp] = build_speeches(cleaned, raw)
    page = render_page(sp, raw, cleaned, "sources/t.txt")
    [entry] = [e for e in page.review if e["rule"] == "structure.truncated"]
    line = page.text.split("\n")[entry["line"] - 1]
    assert line.startswith("下面我再强调几点")
