"""Paragraph restoration and bold enumeration leads."""

from __future__ import annotations

from safety_month.importer.model import Block
from safety_month.importer.structure.headings import Seg
from safety_month.importer.structure.paragraphs import build_blocks, split_paragraphs


def test_leads_start_their_own_paragraphs_with_the_lead_sentence():
    text = ("我们必须把工作重心转移到事前预防上来。一是强化规划准入。在新项目引进时，必须把安全作为硬性前置条件。"
            "二是深化隐患排查。要彻底改变运动式排查。三是提升本质安全。要鼓励企业淘汰落后工艺。")
    blocks = build_blocks([Seg("text", text, 1)])
    assert blocks == [
        Block("p", "我们必须把工作重心转移到事前预防上来。"),
        Block("p", "在新项目引进时，必须把安全作为硬性前置条件。", lead="一是强化规划准入。"),
        Block("p", "要彻底改变运动式排查。", lead="二是深化隐患排查。"),
        Block("p", "要鼓励企业淘汰落后工艺。", lead="三是提升本质安全。"),
    ]


def test_yi_yao_series_across_space_separated_paragraphs():
    text = ("必须重拳出击，严格整顿。 一要持续加大隐患排查整治力度。“安全出于警惕。”去年以来问题不少。"
            " 二要扎实开展重点领域专项整治。我县非煤矿山较为分散。")
    blocks = build_blocks([Seg("text", text, 1)])
    assert [b.lead for b in blocks] == ["", "一要持续加大隐患排查整治力度。", "二要扎实开展重点领域专项整治。"]
    assert blocks[1].text == "“安全出于警惕。”去年以来问题不少。"


def test_inline_enumeration_after_colon_is_not_split():
    text = "政府工作其实就是“两条线”：一是稳增长、保态势，追求高线不动摇；二是做好安全生产，守住底线不懈怠。"
    assert split_paragraphs(text) == [(text, False, 0)]


def test_lone_lead_without_series_is_not_bold():
    text = "前面的话。一是要注意安全。后面没有二是。"
    assert [lead for _, lead, _ in split_paragraphs(text)] == [False]


def test_long_lead_sentence_cut_at_comma():
    text = ("引言。一是要推动企业主要负责人履职尽责，企业法定代表人、实际控制人必须带头尊法学法守法，带头落实全员安全生产责任制。"
            "二是推动企业建立健全自我约束机制。要引导企业建立双重预防机制。")
    blocks = build_blocks([Seg("text", text, 1)])
    assert blocks[1].lead == "一是要推动企业主要负责人履职尽责，"
    assert blocks[1].text.startswith("企业法定代表人")
    assert blocks[2].lead == "二是推动企业建立健全自我约束机制。"


def test_closing_formula_starts_a_paragraph_and_sentences_stay_whole():
    text = "值得我们借鉴和推广。同志们，安全生产只有起点，没有终点。我的发言完了，谢谢大家。"
    assert [p for p, _, _ in split_paragraphs(text)] == [
        "值得我们借鉴和推广。", "同志们，安全生产只有起点，没有终点。", "我的发言完了，谢谢大家。"]


def test_opening_address_stays_with_its_paragraph():
    text = "同志们：根据本次理论学习中心组的安排，谈几点认识。"
    assert split_paragraphs(text) == [(text, False, 0)]


def test_headings_pass_through():
    blocks = build_blocks([Seg("h2", "找准定位", 1), Seg("text", "正文。", 2)])
    assert blocks == [Block("h2", "找准定位"), Block("p", "正文。")]


def test_class_led_patterns_match_like_the_repeat_led_ones():
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from safety_month.importer.structure import paragraphs

    @settings(max_examples=300, deadline=None)
    @given(st.text(st.sampled_from(list("一二三十是要 \t\n。，安全")), max_size=40))
    def check(text):
        assert [(m.span(), m.groups()) for m in paragraphs._LEAD_RE.finditer(text)] == [
            (m.span(), m.groups()) for m in re.finditer(r"([一二三四五六七八九十]{1,2})(是要|是|要)", text)]
        assert [m.span() for m in paragraphs._SPACE_BREAK_RE.finditer(text)] == [
            m.span() for m in re.finditer(r"\s+", text)]

    check()


def test_space_breaks_without_whitespace_and_with_unicode_spaces():
    from safety_month.importer.structure.paragraphs import _space_breaks

    assert _space_breaks("安全生产。重于泰山。") == []
    assert _space_breaks("安全生产。\u3000重于泰山。") == [(5, 6)]
    assert _space_breaks("安全生产。\xa0\u2003重于泰山。") == [(5, 7)]
    assert _space_breaks("安全 生产") == []        # not after a sentence end


def test_pieces_and_blocks_say_where_they_start_in_their_line():
    text = ("  引言。一是要推动企业主要负责人履职尽责，企业法定代表人、实际控制人必须带头尊法学法守法，"
            "带头落实全员安全生产责任制。二是推动企业建立健全自我约束机制。要引导企业建立双重预防机制。"
            "同志们，安全生产只有起点，没有终点。")
    pieces = split_paragraphs(text)
    assert len(pieces) >= 3
    for piece, _, start in pieces:
        assert text[start:].startswith(piece)
    blocks = build_blocks([Seg("text", text.strip(), 7, col=2)])
    assert len(blocks) >= 3 and any(b.lead for b in blocks)
    for block in blocks:
        assert block.line == 7
        assert text[block.col:].startswith(block.lead + block.text)
    # a paragraph longer than a block may be: the pieces after the first start where their text does
    long = "安全生产责任重于泰山，各级各部门务必高度重视。" * 300
    cut = build_blocks([Seg("text", long, 3, col=5)])
    assert len(cut) > 1
    for block in cut:
        assert (" " * 5 + long)[block.col:].startswith(block.text)


def test_no_paragraph_break_inside_a_short_bracket_or_quote_pair():
    # a space after a sentence end is a paragraph break, except inside a pair that closes
    # shortly after: a quoted speech or a bracketed note goes on there
    text = "他说：“大家要注意安全。 同志们，要重视。”然后散会。 会议指出（详见附件。 另行通知）。 下一段。"
    assert [p for p, _, _ in split_paragraphs(text)] == [
        "他说：“大家要注意安全。 同志们，要重视。”然后散会。", "会议指出（详见附件。 另行通知）。", "下一段。"]
    # a pair far longer than PAIR_SPAN (a stray opener and a far closer) does not stop a break
    long = "开头（" + "很长的内容。" * 30 + " 新的一段）结束。"
    assert len(split_paragraphs(long)) == 2


def test_pair_spans_are_linear_on_hostile_brackets():
    from safety_month.importer.structure.text import inside_pair, pair_spans
    spans = pair_spans("（" * 50_000 + "》" * 50_000 + "（a）")
    assert spans == [(100_000, 100_002)] and inside_pair(spans, 100_001) and not inside_pair(spans, 100_000)
