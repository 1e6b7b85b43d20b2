import datetime as dt

import pytest

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


def test_recent_years_list_an_official_page_first():
    # 2021: 人民日报 of 2 June 2021 states "第二十个" and the theme (read in the stored page).
    c = campaign.by_year(2021)
    assert c.official[0].publisher == "人民日报" and "paper.people.com.cn" in c.official[0].url
    assert all(campaign.by_year(y).official for y in range(2016, 2026))
    assert campaign.by_year(2026).official == ()


HOSTS = ("gov.cn", "people.com.cn")


def test_an_official_page_must_be_on_an_official_host():
    row = {"year": 2019, "theme": "防风险、除隐患、遏事故",
           "official": [{"publisher": "某网", "note": "", "url": "https://www.example-gov.cn.farm.com/a.html"}]}
    with pytest.raises(ValueError, match="2019年的 official 地址 .*不是政府网站或中央媒体"):
        campaign.official_sources(row, HOSTS)
    row["official"][0]["url"] = "https://notgov.cn/a.html"           # a suffix match must be a whole label
    with pytest.raises(ValueError):
        campaign.official_sources(row, HOSTS)
    row["official"][0]["url"] = "ftp://www.miluo.gov.cn/a.html"
    with pytest.raises(ValueError):
        campaign.official_sources(row, HOSTS)
    row["official"][0]["url"] = "http://www.miluo.gov.cn/a.html"
    assert campaign.official_sources(row, HOSTS)[0].publisher == "某网"
    row["official"][0]["url"] = "http://gov.cn/a.html"
    assert len(campaign.official_sources(row, HOSTS)) == 1


def test_a_year_without_a_theme_cannot_have_an_official_page():
    row = {"year": 2026, "theme": None, "official": [{"publisher": "某网", "note": "", "url": "http://a.gov.cn/"}]}
    with pytest.raises(ValueError, match="2026年没有主题"):
        campaign.official_sources(row, HOSTS)


def test_the_editor_guide_example_year_is_the_real_record():
    # docs/guide/pages.md shows a finished year to copy the shape of: it must be the data itself.
    import re
    from pathlib import Path

    import yaml

    guide = (Path(__file__).resolve().parents[2] / "docs" / "guide" / "pages.md").read_text(encoding="utf-8")
    block = re.search(r"#new-year-theme.*?```yaml\n(.*?)```", guide, re.S).group(1)
    (row,) = yaml.safe_load(block)
    c = campaign.by_year(row["year"])
    assert (row["edition"], row["theme"], row["source"]) == (c.edition, c.theme, c.source)
    assert campaign.official_sources(row, ("gov.cn",)) == c.official
