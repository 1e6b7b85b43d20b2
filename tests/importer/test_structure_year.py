"""Year detection with its reason; never from upload dates or title stamps."""

from __future__ import annotations

from safety_month.importer.structure.year import detect_year


def test_edition_named():
    r = detect_year("今年6月是全国第20个“安全生产月”，主题是“XXX”。", "")
    assert r.year == 2021
    assert r.reason == "文中写明“全国第20个‘安全生产月’”"
    assert detect_year("今年是全国第二十个安全生产月。", "").year == 2021


def test_theme_quoted():
    r = detect_year("活动主题是“落实安全责任，推动安全发展”。", "")
    assert r.year == 2021 and "落实安全责任" in r.reason
    # a theme shared by later years (their themes extend it) gives only a range
    r = detect_year("主题是“人人讲安全、个个会应急”。", "")
    assert r.year is None and any("2023—2025" in x.message for x in r.review)


def test_theme_words_unquoted_are_not_evidence():
    assert detect_year("我们要坚持生命至上，安全发展。", "").year is None


def test_upload_date_and_title_stamp_are_not_evidence():
    r = detect_year("时间：2023-04-21 刚刚通报了工作情况。", "2023年县长在全县安全生产会议上的讲话")
    assert r.year is None and r.review == []


def test_dated_event_exact_year_and_later_mentions_flagged():
    body = "刚刚，X同志通报了2023年全县安全生产工作情况。今年我们要迎接党的二十大胜利召开。"
    r = detect_year(body, "2023年县长在全县安全生产会议上的讲话")
    assert r.year == 2022
    assert "二十大" in r.reason and "2022年10月" in r.reason
    later = [x for x in r.review if x.rule == "structure.year_later"]
    assert later and "2023年" in later[0].message and "2023年" in later[0].excerpt


def test_range_only_leaves_year_unset_with_review():
    r = detect_year("我们要以正在深入推进的安全生产治本攻坚三年行动为总抓手。", "")
    assert r.year is None
    assert r.review[0].rule == "structure.year_range"
    assert "2024—2026年" in r.review[0].message and "治本攻坚三年行动" in r.review[0].excerpt
    r = detect_year("贯彻落实习近平总书记对响水“3·21”特别重大爆炸事故指示要求。", "")
    assert r.year is None and "2019年或以后" in r.review[0].message


def test_strong_evidence_checked_against_events():
    r = detect_year("今年是全国第18个“安全生产月”。要深入推进安全生产治本攻坚三年行动。", "")
    assert r.year == 2019
    assert any(x.rule == "structure.year_event" for x in r.review)


def test_conflicting_strong_evidence_leaves_year_unset():
    r = detect_year("全国第20个“安全生产月”，主题是“人人讲安全、个个会应急——畅通生命通道”。", "")
    assert r.year is None and r.review[0].rule == "structure.year_conflict"


def test_date_line():
    r = detect_year("正文。", "", "2021-06-01", "（2021年6月1日）")
    assert r.year == 2021 and "2021年6月1日" in r.reason


def test_year_mention_pattern_matches_like_the_look_behind_one():
    import re

    from safety_month.importer.structure import year

    old = re.compile(r"(?<![0-9])((?:19|20)\d{2})\s*年")
    for text in ("2023年", "12023年", "在2019 年和2020年", "a2021年", "x\n2022年", "192023年"):
        assert [(m.span(), m.groups()) for m in year._YEAR_MENTION_RE.finditer(text)] == [
            (m.span(), m.groups()) for m in old.finditer(text)], text


def test_event_prechecks_keep_every_event():
    from safety_month.importer.structure import year

    samples = {"cpc20_welcome": "喜迎二十大", "cpc20_after": "党的二十大胜利召开以来",
               "xiangshui_321": "响水“3·21”", "covid19": "新冠肺炎疫情",
               "special_rectification_3y": "三年专项整治", "root_cause_3y": "治本攻坚三年行动",
               "work_safety_law_2021": "新修订的安全生产法",
               "cpc_100_this_year": "今年是建党100周年", "cpc_90_this_year": "今年是建党90周年",
               "prc_70_this_year": "今年是新中国成立70周年", "prc_60_this_year": "今年是新中国成立60周年",
               "reform_40_this_year": "今年是改革开放40周年", "fyp14_first_year": "今年是十四五开局之年"}
    for ev in year._events():
        assert ev.needs, ev.id
        assert [hit[0].id for hit in year._event_hits(f"我们要{samples[ev.id]}。")] == [ev.id]


def test_theme_stated_after_zhuti_without_quotes():
    r = detect_year("今年活动的主题是落实安全责任，推动安全发展。", "")
    assert r.year == 2021 and "落实安全责任" in r.reason
    # the line under a "活动主题" heading
    assert detect_year("一、活动主题\n落实安全责任，推动安全发展\n二、活动时间", "").year == 2021
    # words after 主题 that are not exactly one year's theme say nothing
    assert detect_year("主题是安全生产人人有责。", "").year is None


def test_anniversary_said_of_this_year():
    assert detect_year("今年是中国共产党成立100周年，也是“十四五”开局之年。", "").year == 2021
    assert detect_year("今年是新中国成立70周年。", "").year == 2019
    # the anniversary quoted as a past event is no evidence
    assert detect_year("学习在庆祝中国共产党成立100周年大会上的重要讲话精神。", "").year is None


def test_edition_beyond_the_known_campaigns_is_not_a_year():
    # "第33个" would be 2034: campaigns.yml knows no such campaign (and the page schema
    # refuses a future year), so the page keeps no year and says why
    r = detect_year("今年6月是全国第33个“安全生产月”。", "")
    assert r.year is None and r.reason is None
    item = next(x for x in r.review if x.rule == "structure.year_beyond")
    assert "第33个" in item.message and "2034年" in item.message and "只到第" in item.message
    assert "第33个" in item.excerpt
    assert detect_year("今年是全国第三十三个安全生产月。", "").year is None
    twice = detect_year("第33个安全生产月启动。第33个安全生产月期间……", "").review
    assert [x.rule for x in twice] == ["structure.year_beyond"]      # said once


def test_edition_beyond_known_campaigns_leaves_a_better_clue():
    # without the rule, 第33个 (2034) and 第15个 (2016) conflicted and no year was set
    r = detect_year("今年是全国第15个“安全生产月”。去年开展了第33个全国安全生产月活动。", "")
    assert r.year == 2016 and "第15个" in r.reason and "第33个" not in r.reason
    assert [x.rule for x in r.review] == ["structure.year_beyond"]


def test_year_after_this_year_is_not_the_year():
    # a known edition (25: 2026), a document number and a stated date all after this_year
    r = detect_year("今年是全国第25个“安全生产月”。", "", this_year=2025)
    assert r.year is None and "晚于今年（2025年）" in r.review[0].message
    r = detect_year("根据安委办〔2031〕3号文件，全国第20个“安全生产月”", "", this_year=2026)
    assert r.year == 2021 and any("2031" in x.message and x.rule == "structure.year_beyond" for x in r.review)
    r = detect_year("会议于2031年6月5日召开。", "", this_year=2026)
    assert r.year is None and r.review and r.review[0].rule == "structure.year_beyond"
    assert "2031年6月" in r.review[0].excerpt
    r = detect_year("会议于2031年6月5日召开。", "", date="2031-06-05", date_text="2031年6月5日", this_year=2026)
    assert r.year is None and "讲话日期" in r.review[0].message
    assert len(r.review) == 1          # the body's "2031年6月" is the same clue, not said twice
    # the same texts in their own year keep it
    assert detect_year("会议于2031年6月5日召开。", "", this_year=2031).year == 2031
