"""MkDocs hook: campaign facts (current edition, theme, dates, every year) into config.extra."""

from mkdocs.exceptions import PluginError

from safety_month import site_pages


def on_config(config, **kwargs):
    try:
        config.extra["campaign"] = site_pages.campaign_extra()
    except ValueError as exc:
        raise PluginError(str(exc)) from exc
    return config
