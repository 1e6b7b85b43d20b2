"""Year evidence stated outright (issue 16): editions in any word order, document numbers,
full dates of one year, a year inside the title that the body repeats."""

from safety_month.importer.structure.year import detect_year
from safety_month.importer.structure.year_evidence import document_number_years, stated_year


def test_edition_in_either_order_and_without_quotes():
    assert detect_year("今年6月是第22个全国“安全生产月”。", "").year == 2023
    assert detect_year("延续到今年是第 19 个安全生产月，主题是……", "").year == 2020
    assert detect_year("全国第十四个“安全生产月”", "").year == 2015
    assert detect_year("开展了11个“安全生产周”活动", "").year is None


def test_document_number():
    assert document_number_years("各乡镇：现将《方案》印发给你们（安委办〔2021〕12号）") == [(2021, "安委办〔2021〕12号")]
    assert detect_year("桐政〔2009〕35号\n各村：……", "").year == 2009
    assert document_number_years("第〔2021〕期") == []
    assert document_number_years("见附件（2021）12号") == [(2021, "见附件（2021）12号")]
    assert document_number_years("，（2021）12号") == []


def test_full_dates_of_one_year():
    assert stated_year("自2019年11月开始，社区联合物业开展宣传。", "")[0] == 2019
    assert detect_year("截至2025年6月30日，全市共发生生产安全事故3起。", "").year == 2025
    # two years stated: no year
    assert stated_year("1980年4月批准建立安全月，1991年5月开始安全生产周。", "") is None
    # a bare year is not a date
    assert stated_year("2023年是全面贯彻党的二十大精神的开局之年。", "") is None


def test_title_year_counts_only_when_the_body_repeats_it():
    body = "为期三天的全县2023年安全生产工作会在县会议中心开幕了。"
    assert detect_year(body, "县长在全县2023年安全生产工作会上的讲话").year == 2023
    assert stated_year("今天召开安全生产工作会议。", "县长在全县2023年安全生产工作会上的讲话") is None
    # a stamp at the front of a copied title is not the speech's year
    assert stated_year("全县2024年安全工作……", "2024年最新安全生产讲话稿") is None


def test_strong_evidence_wins_over_dates():
    res = detect_year("今年是第22个全国“安全生产月”。1985年4月成立全国安全生产委员会。", "")
    assert res.year == 2023


def test_the_campaign_named_with_its_year_states_the_year():
    assert stated_year("公司召开2023年安全生产月活动动员大会。", "") == (2023, "2023年安全生产月")
    assert stated_year("2019年全国“安全生产月”活动启动。", "")[0] == 2019
    # two different campaign years: no year
    assert stated_year("回顾2022年安全生产月，部署2023年安全生产月。", "") is None
    # a bare mention is still no evidence
    assert stated_year("2023年我们要加强安全管理。", "") is None
