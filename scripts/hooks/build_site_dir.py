"""MkDocs hook: `mkdocs build` (page cache on) writes over the last build's site folder instead
of emptying it first, and removes what the build did not write as soon as MkDocs has written
every page and file, before any post-build step reads the folder (safety_month.buildcache.site_dir)."""

import logging

from mkdocs.plugins import event_priority

from safety_month.buildcache import session, site_dir

log = logging.getLogger("mkdocs.hooks.build_site_dir")
_state = {"on": False}


def on_startup(command, **kwargs):
    _state["on"] = session.enabled(command)


def on_pre_build(config, **kwargs):
    if _state["on"]:
        site_dir.keep(config.site_dir)   # MkDocs empties it right after the on_pre_build events


def _prune() -> None:
    removed = site_dir.finish()
    if removed:
        log.debug("site folder: %d file(s) of an earlier build removed", len(removed))


@event_priority(1000)  # first: the post-build steps (CSP, outside references …) read site/
def on_post_build(config, **kwargs):
    _prune()


def on_build_error(error, **kwargs):
    _prune()   # a failed build leaves no file of an earlier one, as emptying first would
