"""build_speeches: the stage as a whole (head, body, year, review items from cleaning)."""

from __future__ import annotations

from safety_month.importer.model import Block, CleanResult, RawDocument, ReviewItem
from safety_month.importer.render import render_speech
from safety_month.importer.structure import build_speeches

RAW = RawDocument(path="x.txt", sha256="b" * 64, text="", encoding="utf-8", kind="txt")


def build(text, **hints):
    review = hints.pop("review", [])
    return build_speeches(CleanResult(text=text, review=review, meta_hints=hints), RAW)


def test_single_speech_head_body_and_metadata():
    text = "\n".join(["区长在安全生产巡查督导工作座谈会上的讲话", "同志们：",
                      "开展督导是贯彻落实对响水“3·21”特别重大爆炸事故指示要求的重大举措。",
                      "一、找准定位，认真履行职责", "巡查督导组是参谋部。一是从调查研究入手。要掌握情况。二是从找准问题突破。要有的放矢。",
                      "二、严格标准，确保督导质量", "必须以最严格的标准开展巡查督导。", "谢谢大家！"])
    [sp] = build(text, title_candidates=["区长在安全生产巡查督导工作座谈会上的讲话"])
    assert sp.title == "区长在安全生产巡查督导工作座谈会上的讲话"
    assert (sp.role, sp.level, sp.occasion, sp.speaker, sp.part) == ("区长", "区", "安全生产巡查督导工作座谈会", None, None)
    assert [b.kind for b in sp.blocks] == ["p", "p", "h2", "p", "p", "p", "h2", "p", "p"]
    assert sp.blocks[4] == Block("p", "要掌握情况。", lead="一是从调查研究入手。")
    assert sp.year is None and [r.rule for r in sp.review] == ["structure.year_range"]
    assert not sp.excerpt


def test_clean_review_items_kept_with_excerpt_and_rendered_at_their_line():
    text = "\n".join(["强化安全责任", "第一段。", "这里丢失了字，请核对。", "最后一段。"])
    item = ReviewItem("script.lost_char", 3, "转码时此处丢失了字")
    [sp] = build(text, review=[item])
    kept = [r for r in sp.review if r.rule == "script.lost_char"]
    assert kept and kept[0].excerpt.startswith("这里丢失了字")
    page = render_speech(sp, RAW, CleanResult(text=text), "sources/x.txt")
    import yaml
    meta = yaml.safe_load(page.split("\n---\n")[0][4:])
    line = next(r["line"] for r in meta["review"] if r["rule"] == "script.lost_char")
    assert "这里丢失了字" in page.split("\n")[line - 1]


def test_compilation_review_items_go_to_their_part():
    text = "\n".join(["篇一", "甲篇正文。", "篇二", "乙篇正文有疑问。"])
    a, b = build(text, review=[ReviewItem("x", 4, "核对"), ReviewItem("y", 2, "核对")])
    assert [r.rule for r in a.review if r.rule in "xy"] == ["y"]
    assert [r.rule for r in b.review if r.rule in "xy"] == ["x"]


def test_heading_levels_hint_from_clean_stage():
    text = "\n".join(["强化安全责任的讲话", "加强领导", "正文一。", "落实责任", "正文二。"])
    [sp] = build(text, heading_levels={1: 2, 3: 2})
    assert [(b.kind, b.text) for b in sp.blocks] == [("h2", "加强领导"), ("p", "正文一。"),
                                                    ("h2", "落实责任"), ("p", "正文二。")]


def test_title_year_stamp_contradicted_by_text_is_dropped_and_reported():
    text = "2023年县长在全县安全生产会议上的讲话\n今年我们要迎接党的二十大胜利召开，抓好安全生产。"
    [sp] = build(text, title_candidates=["2023年县长在全县安全生产会议上的讲话"])
    assert sp.year == 2022
    assert sp.title == "县长在全县安全生产会议上的讲话"
    assert any(r.rule == "structure.title_year_stamp" for r in sp.review)


def test_text_stopping_mid_sentence_is_an_excerpt():
    [sp] = build("标题文字\n正文第一句。全市各级各部门要增强")
    assert sp.excerpt and any(r.rule == "structure.truncated" for r in sp.review)
    [sp] = build("标题文字\n正文第一句。", truncated=True)
    assert sp.excerpt


def test_empty_text_does_not_crash():
    [sp] = build("")
    assert sp.blocks == [] and sp.title and any(r.rule == "structure.empty" for r in sp.review)


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_pieces = st.sampled_from(["一、", "二、", "（一）", "（二）", "1.", "2．", "一是", "二是", "一要", "二要", "。", "，",
                           "\n", " ", "同志们，", "篇一", "篇二", "材料汇编1", "材料汇编2", "全国第20个“安全生产月”",
                           "迎接党的二十大", "〔*〕", "XX", "进企业、进农村、进社区", "县长在全县会议上的讲话",
                           "金坛区代区长 陆秋明", "---", "<b>", "*"])
_texts = st.lists(st.one_of(_pieces, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts, truncated=st.booleans())
def test_any_cleaned_text_gives_speeches_that_render(text, truncated):
    speeches = build(text, truncated=truncated, title_candidates=[text[:20]])
    assert speeches
    for sp in speeches:
        assert sp.title.strip()
        assert all(b.kind in ("h2", "h3", "h4", "p") for b in sp.blocks)
        assert all(b.text.strip() or b.lead.strip() for b in sp.blocks)
        if sp.year:
            assert sp.year_reason
        page = render_speech(sp, RAW, CleanResult(text=text), "sources/x.txt")
        assert page.startswith("---\n") and page.endswith("\n")
