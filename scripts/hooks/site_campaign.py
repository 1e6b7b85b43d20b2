"""MkDocs hook: campaign facts (current edition, theme, dates, every year), the build date and
whether the campaign shown is behind (safety_month.site.freshness), and the footer's facts
(safety_month.site.footer) into config.extra."""

import logging

from mkdocs.exceptions import PluginError

from safety_month.site import facts, footer, freshness

log = logging.getLogger("mkdocs.plugins.safety_month.freshness")


def on_config(config, **kwargs):
    try:
        config.extra["campaign"] = facts.campaign_extra()
    except ValueError as exc:
        raise PluginError(str(exc)) from exc
    today = freshness.build_date()
    current = config.extra["campaign"]["current"]["year"]
    config.extra["freshness"] = freshness.freshness(current, today)
    config.extra["footer"] = footer.footer(config.extra)
    config.extra["freshness_reminder"] = freshness.stale_warning(current, today)
    return config


def on_post_build(config, **kwargs):
    # At the end of a build that succeeded, so the editors' errors always come first; INFO,
    # not WARNING: the strict build must not fail before a sourced theme exists.
    reminder = config.extra.get("freshness_reminder")
    if reminder:
        log.info(reminder)
