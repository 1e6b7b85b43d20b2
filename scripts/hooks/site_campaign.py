"""MkDocs hook: campaign facts (current edition, theme, dates, every year) into config.extra."""

from mkdocs.exceptions import PluginError

from safety_month.site import facts


def on_config(config, **kwargs):
    try:
        config.extra["campaign"] = facts.campaign_extra()
    except ValueError as exc:
        raise PluginError(str(exc)) from exc
    return config
