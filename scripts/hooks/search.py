"""MkDocs hook: Chinese search that really works, or a failed build (see safety_month.search.build)."""

import logging

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from safety_month.buildcache import steps as page_cache
from safety_month.search import build, jieba_setup, material_dump

log = logging.getLogger("mkdocs.hooks.search")
# At load time: Material's search plugin loads jieba's dictionaries in its on_config, before
# any hook's on_config runs.
jieba_setup.quiet_jieba()
jieba_setup.defer_dictionaries()   # loaded at the first cut: a build with its index cached makes none


def on_config(config, **kwargs):
    search = build.start_build()   # this build's search state, until search_finish ends it
    search.cache = page_cache.SearchCache()   # used only while the build's page cache is open
    try:
        words = build.check_config(config)
    except build.SearchBuildError as exc:
        raise PluginError(str(exc)) from exc
    build.escape_entries(config)   # titles and tags enter the index as escaped text
    build.note_query_cap(config)   # the search panel's note on over-long queries
    material_dump.take_over(config)   # Material's index file written in pieces, never whole
    search.start_segmenting(config, words)  # jieba in worker processes, cached by content
    return config


@event_priority(-100)  # last: the HTML is final
def on_page_content(html, page, config, files, **kwargs):
    # jieba starts while other pages are converted; an unchanged page's entries come from
    # the build's page cache.
    build.current().index_early(page, html, page_cache.search_entries)
    return html


def on_page_context(context, page, config, nav, **kwargs):
    search = build.current()
    search.note_page(page.url, page.meta)  # speaker, role … are not in the page text
    search.segment_new_entries()  # the entries Material's plugin just added
    return context


def on_post_build(config, **kwargs):
    try:
        for line in build.current().finish_site(config):
            log.info(line)
    except build.SearchBuildError as exc:
        raise PluginError(str(exc)) from exc


def on_build_error(error, **kwargs):
    build.end_build()   # its worker processes end with it
