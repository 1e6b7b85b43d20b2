"""scripts/hooks/site_campaign.py: the campaign facts go into config.extra; a bad campaigns
table stops the build with its message."""

import pytest
from mkdocs.exceptions import PluginError

from safety_month import campaign
from safety_month.site import facts
from tests.hooks._fakes import Config, load_hook


def test_the_current_campaign_and_every_year_go_into_extra():
    hook = load_hook("site_campaign")
    config = Config(extra={"other": 1})
    assert hook.on_config(config) is config
    assert config.extra["other"] == 1
    assert config.extra["campaign"] == facts.campaign_extra()
    assert config.extra["campaign"]["current"]["year"] == campaign.current().year
    assert set(config.extra["campaign"]["by_year"]) == {c.year for c in campaign.all_campaigns()}


def test_build_day_freshness_and_footer_go_into_extra_and_a_stale_year_is_told(monkeypatch, caplog):
    hook = load_hook("site_campaign")
    current = campaign.current().year
    day = __import__("datetime").date(current + 1, 6, 2)
    monkeypatch.setattr(hook.freshness, "build_date", lambda: day)
    config = Config(extra={"icp": "京ICP备12345678号-1"})
    with caplog.at_level("INFO", logger="mkdocs.plugins.safety_month.freshness"):
        hook.on_config(config)
        assert not caplog.records                    # told after the build, not before its errors
        hook.on_post_build(config)
    assert config.extra["freshness"]["missing_year"] == current + 1
    assert config.extra["footer"]["icp"] == "京ICP备12345678号-1"
    [record] = [r for r in caplog.records if r.name == "mkdocs.plugins.safety_month.freshness"]
    assert record.levelname == "INFO" and f"current_year 改为 {current + 1}" in record.getMessage()


def test_a_bad_table_is_a_plugin_error_with_its_message(monkeypatch):
    hook = load_hook("site_campaign")

    def broken():
        raise ValueError("campaigns.yml: current_year has no entry in campaigns")

    monkeypatch.setattr(hook.facts, "campaign_extra", broken)
    with pytest.raises(PluginError, match="^campaigns.yml: current_year has no entry"):
        hook.on_config(Config(extra={}))
