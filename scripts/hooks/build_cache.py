"""MkDocs hook: `mkdocs build` reuses what an earlier build did for unchanged speech pages
(safety_month.buildcache; .cache/pages.sqlite). Listed first in mkdocs.yml so that its steps
run around everyone else's."""

import logging

from mkdocs.plugins import event_priority

from safety_month.buildcache import pages, session

log = logging.getLogger("mkdocs.hooks.build_cache")
_state = {"on": False}


def on_startup(command, **kwargs):
    _state["on"] = session.enabled(command)


@event_priority(100)  # after every on_config (pre_build follows them), before files are read
def on_pre_build(config, **kwargs):
    if _state["on"]:
        line = session.begin(config)
        if line:
            log.info(line)


@event_priority(-100)  # the navigation as every other hook left it; a fork after them all
def on_nav(nav, config, files, **kwargs):
    pages.start_build(nav)
    if _state["on"]:
        pages.start_prerender(config, files)
    return nav


def on_pre_page(page, **kwargs):
    pages.attach_page(page)
    return page


@event_priority(-100)  # after the hooks that add filters (site_library) and config.extra
def on_env(env, config, **kwargs):
    used = pages.stop_prerender()   # every page is converted by now
    if used:
        log.info("prerender: %d speech pages converted by a second process", used)
    return pages.wrap_templates(env, config)


@event_priority(-300)  # after every other post-build step (search_finish is at -200)
def on_post_build(config, **kwargs):
    line = session.end(commit=True)
    if line:
        log.info(line)


def on_build_error(error, **kwargs):
    pages.stop_prerender()
    session.end(commit=False)
