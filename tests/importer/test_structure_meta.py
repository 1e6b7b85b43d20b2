"""Title, speaker, role, org, level, occasion, date from the head of a speech."""

from __future__ import annotations

import pytest

from safety_month.importer.clean.hints import split_title
from safety_month.importer.structure.meta import (
    level_of,
    normalize_title,
    occasion_of,
    parse_speaker_line,
    read_head,
    role_from_title,
)
from safety_month.importer.structure.text import Line


def L(*texts):
    return [Line(i + 1, t) for i, t in enumerate(texts)]


@pytest.mark.parametrize("raw, want", [
    ("(参考)乡镇理论学习中心组学习安全生产专题发言材料", "乡镇理论学习中心组学习安全生产专题发言材料"),
    ("（参考）乡镇理论学习中心组学习安全生产专题发言材料", "乡镇理论学习中心组学习安全生产专题发言材料"),
    ("2023年县长在全县安全生产会议上的讲话.docx", "2023年县长在全县安全生产会议上的讲话"),
    ("《区长在安全生产巡查督导工作座谈会上的讲话》", "区长在安全生产巡查督导工作座谈会上的讲话"),
    ("2023年", None), ("2023", None), ("2023 县长 全县 安全生产 会议 讲话", None), ("", None),
])
def test_normalize_title(raw, want):
    assert normalize_title(raw) == want


def test_speaker_line():
    assert parse_speaker_line("金坛区代区长 陆秋明") == ("金坛区", "代区长", "陆秋明")
    assert parse_speaker_line("——常州市副市长 张三") == ("常州市", "副市长", "张三")
    assert parse_speaker_line("县应急管理局局长 李四同志") == ("县应急管理局", "局长", "李四")
    assert parse_speaker_line("区长在安全生产巡查督导工作座谈会上的讲话") is None
    assert parse_speaker_line("同志们：") is None


def test_role_and_occasion_from_title_without_inventing_a_name():
    assert role_from_title("县长在全县安全生产会议上的讲话") == (None, "县长", None)
    assert role_from_title("2023年县长在全县安全生产会议上的讲话") == (None, "县长", None)
    assert role_from_title("XX县副县长在全县安全生产月动员大会上的讲话") == ("XX县", "副县长", None)
    assert role_from_title("张三同志在全市安全生产工作会议上的讲话") == (None, None, "张三")
    assert role_from_title("乡镇理论学习中心组学习安全生产专题发言材料") == (None, None, None)
    assert occasion_of("县长在全县安全生产会议上的讲话") == "全县安全生产会议"
    assert occasion_of("区长在安全生产巡查督导工作座谈会上的讲话") == "安全生产巡查督导工作座谈会"
    assert occasion_of("——在2021年全市安全生产月启动仪式上的致辞") == "2021年全市安全生产月启动仪式"


def test_levels():
    assert level_of("金坛区", "代区长") == "区"
    assert level_of(None, "县长") == "县"
    assert level_of(None, "镇长") == "乡镇"
    assert level_of("XX县应急管理局", "局长") == "县"
    assert level_of(None, "局长") is None


def test_read_head_title_and_speaker_lines():
    head = read_head(L("践行安全发展理念 坚守安全生产底线", "金坛区代区长 陆秋明", "抓好安全生产，保障一方平安。"), [])
    assert head.title == "践行安全发展理念 坚守安全生产底线"
    assert (head.speaker, head.role, head.org, head.level) == ("陆秋明", "代区长", "金坛区", "区")
    assert [ln.text for ln in head.body] == ["抓好安全生产，保障一方平安。"]


def test_read_head_role_from_title_and_glued_title():
    head = read_head(L("县长在全县安全生产会议上的讲话 刚刚，X同志通报了情况。", "下面我讲几点。"),
                     ["2023年县长在全县安全生产会议上的讲话"])
    assert head.title == "县长在全县安全生产会议上的讲话"
    assert (head.role, head.level, head.occasion, head.speaker) == ("县长", "县", "全县安全生产会议", None)
    assert head.body[0].text == "刚刚，X同志通报了情况。"
    assert head.stamped_titles == ["2023年县长在全县安全生产会议上的讲话"]


def test_read_head_repeated_title_glued_to_body_and_subtitle_date():
    t = "乡镇理论学习中心组学习安全生产专题发言材料"
    head = read_head(L(t + t + "同志们：根据安排，谈几点体会。"), ["(参考)" + t])
    assert head.title == t
    assert head.body[0].text == "同志们：根据安排，谈几点体会。"
    head = read_head(L("强化安全责任", "——在全市安全生产月启动仪式上的讲话", "（2021年6月1日）", "同志们："), [])
    assert head.title == "强化安全责任"
    assert head.occasion == "全市安全生产月启动仪式"
    assert head.date == "2021-06-01"
    assert [ln.text for ln in head.body] == ["同志们："]


def test_read_head_without_any_title_reports_it():
    head = read_head(L("同志们：今天开会。"), [])
    assert head.title
    assert any(r.rule == "structure.no_title" for r in head.review)


def test_compound_speaker_line_keeps_every_title_as_written():
    # issue 16: a .docx speaker paragraph "区委副书记、区长 李明华" stayed in the body
    assert parse_speaker_line("区委副书记、区长 李明华") == (None, "区委副书记、区长", "李明华")
    assert parse_speaker_line("县委常委、常务副县长\u3000王强") == (None, "县委常委、常务副县长", "王强")
    assert level_of(None, "区委副书记、区长") == "区"
    # a list of words before a short word is no speaker line
    assert parse_speaker_line("交通、消防、燃气 三个") is None
    assert parse_speaker_line("安全、质量 检查组") is None


def test_compound_speaker_and_date_paragraphs_leave_the_body():
    lines = [Line(i, t) for i, t in enumerate(
        ["在全区安全生产月动员大会上的讲话", "区委副书记、区长 李明华", "（2023年6月8日）", "同志们：", "今年是第22个安全生产月。"])]
    head = read_head(lines, ["在全区安全生产月动员大会上的讲话"])
    assert (head.speaker, head.role, head.date) == ("李明华", "区委副书记、区长", "2023-06-08")
    assert [x.text for x in head.body] == ["同志们：", "今年是第22个安全生产月。"]


def test_red_header_is_not_the_title_and_stays_in_the_body():
    lines = [Line(i, t) for i, t in enumerate(
        ["某某县安全生产委员会办公室文件", "某安委办〔2021〕5号", "关于开展2021年安全生产月活动的通知",
         "各乡镇人民政府：", "现将有关事项通知如下。"])]
    head = read_head(lines, [])
    assert head.title == "关于开展2021年安全生产月活动的通知"
    assert [x.text for x in head.body][:2] == ["某某县安全生产委员会办公室文件", "某安委办〔2021〕5号"]


def test_title_broken_after_guanyu_is_joined():
    lines = [Line(i, t) for i, t in enumerate(
        ["关于组织开展", "2009年全国“安全生产月”活动的通知", "各村委会：", "现将有关事项通知如下。"])]
    head = read_head(lines, [])
    assert head.title == "关于组织开展2009年全国“安全生产月”活动的通知"
    assert [x.text for x in head.body] == ["各村委会：", "现将有关事项通知如下。"]
    # a "关于…" sentence of the text followed by an ordinary line is left alone
    assert split_title("关于安全生产", "大家都很重视。") is None


def test_hints_skip_letterheads_and_bullets():
    from safety_month.importer.clean.hints import title_candidates
    assert title_candidates("某某镇人民政府文件\n某政〔2009〕21号\n关于组织开展\n安全生产月活动的通知\n正文。")[0] \
        == "关于组织开展安全生产月活动的通知"
    assert title_candidates("· 某某局\n某某活动全面启动\n正文。")[0] == "某某活动全面启动"


def test_column_tag_before_a_title_goes():
    from safety_month.importer.structure.meta import normalize_title
    assert normalize_title("【安全生产】市三院组织开展消防安全演练活动") == "市三院组织开展消防安全演练活动"
    assert normalize_title("【通知】放假") == "【通知】放假"      # too little left: kept as it is


def test_document_heading_after_the_sites_label_is_the_title():
    lines = [Line(i, t) for i, t in enumerate(
        ["安全生产万里行活动", "2003年“安全生产万里行”活动总体方案", "根据有关要求，制定本方案。"])]
    head = read_head(lines, ["安全生产万里行活动"])
    assert head.title == "2003年“安全生产万里行”活动总体方案"
    assert [x.text for x in head.body] == ["根据有关要求，制定本方案。"]
    # a first body line that does not hold the label's words stays in the body
    lines = [Line(i, t) for i, t in enumerate(["安全生产万里行活动", "关于做好防汛工作的通知", "正文。"])]
    assert read_head(lines, ["安全生产万里行活动"]).title == "安全生产万里行活动"


def test_title_printed_twice_before_a_run_on_text():
    lines = [Line(0, "用知识守护生命 用知识守护生命 孩子们，你们知道安全生产月是哪个月吗？")]
    head = read_head(lines, [])
    assert head.title == "用知识守护生命"
    assert head.body[0].text == "孩子们，你们知道安全生产月是哪个月吗？"
