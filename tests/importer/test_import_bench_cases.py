"""The three kinds of page the 3,000-speech bench (devtools/bench.py, text drawn from the
evaluation corpus) saw refused by the build's checks, each written as a short realistic
source: the imported page now passes every check, and says in a review item what it left
for the editor."""

from __future__ import annotations

from safety_month import checks
from safety_month.importer.pipeline import default_pipeline, plan_source
from safety_month.importer.read import decode_source
from safety_month.pages.reader import fields

PIPELINE = default_pipeline()
PARA = "各单位要认真落实安全生产责任制，加强隐患排查治理，确保安全生产形势持续稳定。"


def _page(text: str):
    raw, reports = decode_source(text.encode("utf-8"), "sources/x.txt")
    pages = plan_source(raw, reports, "sources/x.txt", PIPELINE).pages
    assert len(pages) == 1
    page = pages[0]
    _, issues = checks.check_text(f"docs/speeches/{page.relpath}", page.text, f"speeches/{page.relpath}")
    return page, fields(page.text), [issue.format() for issue in issues if issue.fails]


def test_an_edition_beyond_the_known_campaigns_gives_no_year():
    page, meta, failing = _page(f"在全县安全生产工作会议上的讲话\n同志们：今年6月是全国第33个“安全生产月”。\n{PARA}\n")
    assert failing == []
    assert "year" not in meta and page.relpath.startswith("undated/")
    assert any(item["rule"] == "structure.year_beyond" and "第33个" in item["message"] for item in meta["review"])


def test_a_line_of_page_counter_pieces_is_not_left_in_the_text():
    page, meta, failing = _page(f"在全县安全生产工作会议上的讲话\n同志们：\n{PARA}\n第1页8/9共9页\n{PARA}\n页码：2/9\n{PARA}\n")
    assert failing == [] and "页" not in page.text.split("\n---\n", 1)[1]


def test_a_heading_glued_to_text_is_not_cut_inside_a_bracket():
    text = ("在全县安全生产工作会议上的讲话\n同志们：今天召开会议。"
            "一、明确当前的工作重点6月11日讯（通讯员 严娟娟 邹丽萍）为进一步提高安全意识，全县开展了安全生产月活动。"
            f"{PARA}二、压实各方责任 {PARA}\n")
    page, meta, failing = _page(text)
    assert failing == [], failing
    assert "（通讯员 严娟娟 邹丽萍）" in page.text
