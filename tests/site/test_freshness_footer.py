"""safety_month.site.freshness and .footer: the build day in China, a campaign that is behind
from 1 June on (said to the reader and told to the editor, never an invented theme), and the
footer's 主办单位 / 备案 lines only when set."""

from __future__ import annotations

import datetime as dt

from safety_month.site import footer, freshness


def test_the_build_day_is_beijing_s_and_source_date_epoch_fixes_it():
    # 2026-12-04 20:00 UTC is already 5 December in Beijing
    epoch = int(dt.datetime(2026, 12, 4, 20, 0, tzinfo=dt.timezone.utc).timestamp())
    assert freshness.build_date({"SOURCE_DATE_EPOCH": str(epoch)}) == dt.date(2026, 12, 5)
    assert freshness.build_date({"SOURCE_DATE_EPOCH": "junk"}) == freshness.build_date({})


def test_a_campaign_is_behind_only_once_the_next_june_has_begun():
    assert not freshness.is_behind(2025, dt.date(2026, 5, 31))
    assert freshness.is_behind(2025, dt.date(2026, 6, 1))
    assert freshness.is_behind(2025, dt.date(2026, 12, 5))
    assert not freshness.is_behind(2026, dt.date(2026, 12, 5))


def test_the_home_page_facts_name_the_missing_year_and_the_build_day():
    assert freshness.freshness(2025, dt.date(2026, 12, 5)) == {
        "built": "2026年12月5日", "built_iso": "2026-12-05", "missing_year": 2026}
    assert freshness.freshness(2025, dt.date(2026, 3, 1))["missing_year"] is None


def test_the_editor_is_told_what_to_do_and_where():
    warning = freshness.stale_warning(2025, dt.date(2026, 12, 5))
    assert "2026年" in warning and "current_year 改为 2026" in warning
    assert freshness.CAMPAIGNS_FILE in warning
    assert freshness.stale_warning(2025, dt.date(2025, 12, 5)) is None


def test_footer_lines_show_only_what_is_set_with_register_links():
    empty = footer.footer({"generator": False})
    assert empty["any"] is False and empty["icp_link"] == "" and empty["police_link"] == ""
    full = footer.footer({"organizer": " 某县应急管理局 ", "icp": "京ICP备12345678号-1",
                          "police_beian": "京公网安备 11010502030143号", "contact": 7})
    assert full["organizer"] == "某县应急管理局" and full["contact"] == ""
    assert full["icp_link"] == footer.ICP_LINK
    assert full["police_link"].endswith("11010502030143")
    assert footer.footer({"police_beian": "备案中"})["police_link"] == ""


def test_a_build_shows_the_day_the_missing_theme_and_the_footer(tmp_path):
    import re

    from tests.conftest import ROOT, run_mkdocs_build

    config = ROOT / "mkdocs.footer-test.yml"
    config.write_text("INHERIT: mkdocs.yml\nextra:\n  organizer: 某县应急管理局\n"
                      "  police_beian: 京公网安备 11010502030143号\n", encoding="utf-8")
    try:
        next_june = dt.datetime(freshness_year() + 1, 7, 1, 4, tzinfo=dt.timezone.utc)
        result = run_mkdocs_build(config, tmp_path / "site",
                                  {"SOURCE_DATE_EPOCH": str(int(next_june.timestamp()))})
    finally:
        config.unlink()
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"current_year 改为 {freshness_year() + 1}" in result.stderr     # told, not failed
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert f"网站更新于<time datetime=\"{freshness_year() + 1}-07-01\">" in home
    assert f"本站尚未收录{freshness_year() + 1}年的活动主题" in home
    assert "今年是第" not in home                     # the edition shown is not this year's
    page = (tmp_path / "site" / "themes" / "index.html").read_text(encoding="utf-8")
    for html in (home, page):
        assert "主办单位：某县应急管理局" in html and "著作权归原作者和发布单位所有" in html
        assert re.search(r'<a href="https://beian\.mps\.gov\.cn/[^"]*11010502030143"', html)
        assert "联系方式" not in html and "ICP" not in html          # not set: not shown


def freshness_year() -> int:
    from safety_month import campaign
    return campaign.current().year
