"""Headings from official numbering, including run-on text with no line breaks."""

from __future__ import annotations

from safety_month.importer.structure.headings import segment
from safety_month.importer.structure.text import Line

RUN_ON_000 = (
    "同志们：谈几点认识和体会。"
    "一、把安全生产的认识提得高之又高，筑牢生命至上的思想防线思想是行动的先导。对安全生产工作的重视程度，直接决定了工作的力度和成效。"
    "（一）站在两个至上的政治高度来深刻认识。安全生产最大的政治，就是保护人民群众的生命安全。"
    "（二）立足高质量发展的战略高度来精准审视。安全是发展的前提。"
    "二、把安全生产的功夫下得足之又足，夯实防患未然的工作根基道虽迩，不行不至；事虽小，不为不成。安全生产工作来不得半点花架子。"
    "（一）功夫要下在源头管控上，做到防之于未萌。祸患常积于忽微。"
    "（二）功夫要下在过程监管上，做到管之于细微。安全生产是一个动态连续的过程。"
    "三、把安全生产的责任压得紧之又紧，织密齐抓共管的防护网络责任大于天。安全生产工作，抓住了责任制这个牛鼻子。"
    "（一）从严压实党政领导责任。要严格落实党政同责。"
    "（二）从严压实部门监管责任。要坚持管行业必须管安全。")


def kinds(segs, kind):
    return [s.text for s in segs if s.kind == kind]


def test_run_on_siblings_split_by_parallel_clause_length():
    segs = segment([Line(1, RUN_ON_000)])
    assert kinds(segs, "h2") == [
        "一、把安全生产的认识提得高之又高，筑牢生命至上的思想防线",
        "二、把安全生产的功夫下得足之又足，夯实防患未然的工作根基",
        "三、把安全生产的责任压得紧之又紧，织密齐抓共管的防护网络",
    ]
    texts = kinds(segs, "text")
    assert texts[0] == "同志们：谈几点认识和体会。"
    assert texts[1].startswith("思想是行动的先导。")
    assert any(t.startswith("道虽迩，不行不至；") for t in texts)
    assert any(t.startswith("责任大于天。") for t in texts)


def test_run_on_h3_end_at_first_sentence_end_or_equal_clauses():
    segs = segment([Line(1, RUN_ON_000)])
    assert kinds(segs, "h3") == [
        "（一）站在两个至上的政治高度来深刻认识", "（二）立足高质量发展的战略高度来精准审视",
        "（一）功夫要下在源头管控上，做到防之于未萌", "（二）功夫要下在过程监管上，做到管之于细微",
        "（一）从严压实党政领导责任", "（二）从严压实部门监管责任",
    ]
    # order kept: h2, text, h3 ...
    order = [s.kind for s in segs]
    assert order[:4] == ["text", "h2", "text", "h3"]


def test_half_width_parentheses_also_h3():
    text = "前言。(一)第一个小标题。正文一。(二)第二个小标题。正文二。"
    assert kinds(segment([Line(1, text)]), "h3") == ["(一)第一个小标题", "(二)第二个小标题"]


def test_space_delimited_inline_headings():
    text = ("下面，我再强调四点意见： 一、真重视、不懈怠，坚决守住安全生产这条底线 我们安全生产上常讲的一句话。"
            " 二、讲政治、讲大局，特殊之年必须格外重视安全生产工作 今年的情况十分特殊。")
    segs = segment([Line(1, text)])
    assert kinds(segs, "h2") == ["一、真重视、不懈怠，坚决守住安全生产这条底线",
                                 "二、讲政治、讲大局，特殊之年必须格外重视安全生产工作"]
    assert kinds(segs, "text")[1] == "我们安全生产上常讲的一句话。"


def test_headings_on_their_own_lines():
    lines = [Line(1, "同志们："), Line(2, "一、找准定位，认真履行职责"), Line(3, "巡查督导组是参谋部。"),
             Line(4, "二、严格标准，确保督导质量"), Line(5, "必须以最严格的标准开展巡查督导。")]
    segs = segment(lines)
    assert [(s.kind, s.text) for s in segs] == [
        ("text", "同志们："), ("h2", "一、找准定位，认真履行职责"), ("text", "巡查督导组是参谋部。"),
        ("h2", "二、严格标准，确保督导质量"), ("text", "必须以最严格的标准开展巡查督导。")]
    assert [s.line for s in segs] == [1, 2, 3, 4, 5]


def test_short_numbered_lines_are_h4_long_ones_stay_text():
    lines = [Line(1, "一、总体要求"), Line(2, "1．加强组织领导"), Line(3, "各单位要成立领导小组。"),
             Line(4, "2．强化宣传教育"), Line(5, "二、工作安排"),
             Line(6, "1. 各乡镇要在六月底前完成排查，并把排查结果报县安委办，逾期未报的要通报批评。"),
             Line(7, "2. 各部门要认真落实。")]
    segs = segment(lines)
    assert kinds(segs, "h4") == ["1．加强组织领导", "2．强化宣传教育"]
    assert kinds(segs, "h2") == ["一、总体要求", "二、工作安排"]
    assert any(t.startswith("1. 各乡镇") for t in kinds(segs, "text"))


def test_out_of_sequence_or_lone_markers_are_not_headings():
    # "二、" without "一、", inline "一、二级", and a single "一、" are left in the text.
    for text in ["他说。二、这不是标题。三、这也不是。",
                 "事故分为一、二级响应。",
                 "只有一个。一、孤立的编号后面是正文。"]:
        segs = segment([Line(1, text)])
        assert [s.kind for s in segs] == ["text"], text
        assert segs[0].text == text


def test_marker_inside_a_sentence_is_not_a_heading():
    text = "要做到以下几点：一、加强领导；二、落实责任。"
    assert [s.kind for s in segment([Line(1, text)])] == ["text"]


def test_heading_hints_from_source_markup():
    lines = [Line(1, "加强领导"), Line(2, "正文一。"), Line(3, "落实责任"), Line(4, "正文二。")]
    segs = segment(lines, {1: 2, 3: 3})
    assert [(s.kind, s.text) for s in segs] == [("h2", "加强领导"), ("text", "正文一。"),
                                               ("h3", "落实责任"), ("text", "正文二。")]


# --- the marker scan: one pass over the joined lines, class-led patterns ------------------

import re as _re

from hypothesis import given, settings
from hypothesis import strategies as st

from safety_month.importer.structure import headings as _headings

_MARKER_ALPHABET = list("一二三四五六七八九十0123456789、.．（）() 。！？”安全生产工作要")
_OLD_PATTERNS = {   # as written before they were made class-led (X{1,3} -> XX?X?)
    "h2": r"([一二三四五六七八九十]{1,3})、(?![一二三四五六七八九十、])",
    "h4": r"(\d{1,2})[.．、](?!\d)",
}


def _assert_same_markers(texts: list[str]) -> None:
    """The one-scan marker search finds what the line-by-line search finds."""
    lines = [Line(i + 1, t) for i, t in enumerate(texts)]
    key = lambda ms: [(m.li, m.pos, m.mlen, m.kind, m.num) for m in ms]  # noqa: E731
    assert key(_headings._find_markers(lines)) == key(_headings._find_markers_by_line(lines))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.sampled_from(_MARKER_ALPHABET), min_size=1, max_size=30), max_size=8))
def test_joined_scan_finds_the_markers_of_a_line_by_line_scan(texts):
    _assert_same_markers(texts)
    joined = "\n".join(texts)
    assert [m.span() for m in _headings._H2_RE.finditer(joined)] == [
        m.span() for m in _re.finditer(_OLD_PATTERNS["h2"], joined)]
    assert [(m.span(), m.groups()) for m in _headings._H4_RE.finditer(joined)] == [
        (m.span(), m.groups()) for m in _re.finditer(_OLD_PATTERNS["h4"], joined)]


def test_a_line_holding_a_newline_falls_back_to_the_line_scan():
    lines = [Line(1, "一、总体要求\n二、重点任务"), Line(2, "三、保障措施")]
    key = lambda ms: [(m.li, m.pos, m.kind, m.num) for m in ms]  # noqa: E731
    assert key(_headings._find_markers(lines)) == key(_headings._find_markers_by_line(lines))


# Line starts: blanks of several kinds, ASCII, full-width and other decimal digits.
_LINE_START_ALPHABET = _MARKER_ALPHABET + list("\u3000\t１２٣")


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(st.sampled_from(_LINE_START_ALPHABET), min_size=1, max_size=12), max_size=6))
def test_line_start_markers_as_the_line_by_line_scan(texts):
    _assert_same_markers(texts)


def test_segments_say_where_they_start_in_their_line():
    line_text = "同志们，今天会议的任务是部署工作。一、提高政治站位，切实增强责任感 各地要把安全生产摆在突出位置。二、狠抓责任落实，全面排查整治隐患 各单位要认真落实。"
    padded = "  " + line_text
    segs = segment([Line(4, line_text, col=2)])
    assert [s.kind for s in segs].count("text") >= 2
    for seg in segs:
        assert seg.line == 4
        if seg.kind == "text":
            assert padded[seg.col:].startswith(seg.text)


def test_a_piece_of_a_line_keeps_its_place():
    from safety_month.importer.structure.text import piece_of
    line = Line(2, "县长在全县安全生产会议上的讲话 刚刚，同志们通报了情况。", col=1)
    piece = piece_of(line, "刚刚，同志们通报了情况。")
    assert (piece.no, piece.col) == (2, 1 + line.text.index("刚刚"))


def test_a_lone_first_part_of_a_cut_outline_is_a_heading():
    # An excerpt that keeps only the first part of a speech: "一、" on a short line of its own,
    # text after it; no "二、" follows.
    lines = [Line(1, "下面，我讲三点意见："), Line(2, "一、安全生产必须警钟长鸣"),
             Line(3, "为什么说安全生产必须警钟长鸣？首先，这是全省电视电话会议对我们提出的要求。")]
    assert kinds(segment(lines), "h2") == ["一、安全生产必须警钟长鸣"]


def test_a_lone_number_that_is_not_an_opening_heading_stays_text():
    for lines in ([Line(1, "一、各单位要在六月底前完成排查。"), Line(2, "逾期未报的要通报批评，并追究有关人员责任。")],
                  [Line(1, "三、时间安排"), Line(2, "六月一日至三十日，分三个阶段进行，每个阶段都有具体安排。")],
                  [Line(1, "前言。一、加强领导"), Line(2, "各地要高度重视，切实加强组织领导。")],
                  [Line(1, "一、加强领导")]):
        assert kinds(segment(lines), "h2") == [], lines


def test_many_first_numbers_are_a_list_not_a_cut_outline():
    lines = [Line(1, "一、加强领导"), Line(2, "各地要高度重视，切实加强组织领导。"),
             Line(3, "一、落实责任"), Line(4, "各单位要落实主体责任，主要负责人是第一责任人。")]
    assert kinds(segment(lines), "h2") == []


def test_a_heading_glued_to_text_never_ends_inside_a_short_bracket_pair():
    # the realistic bench cut "一、…11日讯（通讯员⏎严娟娟 邹丽萍）为…" at the space inside the
    # bracket (rule 2), and the page failed the pairs check; the cut goes to the first space
    # outside a pair, here the one after the closer
    line = ("一、明确当前的工作重点（通讯员 严娟娟） 各单位要认真组织学习。"
            "二、压实安全生产责任（记者 李明） 各部门要落实监管责任。")
    segs = segment([Line(1, line)])
    assert kinds(segs, "h2") == ["一、明确当前的工作重点（通讯员 严娟娟）", "二、压实安全生产责任（记者 李明）"]
    for seg in segs:
        assert seg.text.count("（") == seg.text.count("）"), seg.text


def test_a_run_on_heading_ending_inside_quotes_keeps_the_pair_whole():
    # the first sentence end stands inside the quotes: cutting there left "一、“安全第一" and
    # "”这是…" with one quote each
    line = ("同志们：今天召开会议。一、“安全第一。”这是我们的方针，必须坚持。"
            "二、“预防为主。”这是我们的原则，必须落实。")
    segs = segment([Line(1, line)])
    assert kinds(segs, "h2") == ["一、“安全第一。”", "二、“预防为主。”"]
    assert kinds(segs, "text")[1:] == ["这是我们的方针，必须坚持。", "这是我们的原则，必须落实。"]
