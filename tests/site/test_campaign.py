import datetime as dt

from safety_month import campaign


def test_every_year_2002_to_2025_has_a_theme_and_edition():
    years = {c.year: c for c in campaign.all_campaigns()}
    for year in range(2002, 2026):
        assert years[year].edition == year - 2001
        assert years[year].theme
        assert years[year].source


def test_year_without_published_theme_is_not_invented():
    c = campaign.by_year(2026)
    assert c is not None and c.theme is None


def test_known_themes_and_wrong_versions():
    assert campaign.by_year(2021).theme == "落实安全责任 推动安全发展"
    assert campaign.by_year(2022).theme == "遵守安全生产法 当好第一责任人"
    assert campaign.by_year(2007).theme == "综合治理 保障平安"


def test_by_theme_prefers_the_longest_match():
    assert campaign.by_theme("主题是“人人讲安全、个个会应急——畅通生命通道”").year == 2024
    assert campaign.by_theme("主题为人人讲安全、个个会应急。").year == 2023
    assert campaign.by_theme("落实安全责任，推动安全发展").year == 2021
    assert campaign.by_theme("没有主题") is None


def test_consultation_day():
    assert campaign.by_year(2021).consultation_day == dt.date(2021, 6, 16)
    # 2002-2013: the second Sunday of June.
    assert campaign.by_year(2010).consultation_day == dt.date(2010, 6, 13)
    assert campaign.by_year(2013).consultation_day == dt.date(2013, 6, 9)


def test_current_campaign_has_a_theme():
    assert campaign.current().theme
