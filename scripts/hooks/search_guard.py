"""MkDocs hook: Chinese search that really works, or a failed build (see safety_month.search_build)."""

import logging

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from safety_month import search_build

log = logging.getLogger("mkdocs.hooks.search_guard")


def on_config(config, **kwargs):
    search_build.start_build()
    try:
        words = search_build.check_config(config)
    except search_build.SearchBuildError as exc:
        raise PluginError(str(exc)) from exc
    search_build.escape_entries(config)   # titles and tags enter the index as escaped text
    search_build.note_query_cap(config)   # the search panel's note on over-long queries
    search_build.start_segmenting(config, words)  # jieba in worker processes, cached by content
    return config


@event_priority(-100)  # last: the HTML is final
def on_page_content(html, page, config, files, **kwargs):
    search_build.index_early(page, html)  # jieba starts while other pages are converted
    return html


def on_page_context(context, page, config, nav, **kwargs):
    search_build.note_page(page.url, page.meta)  # speaker, role … are not in the page text
    search_build.segment_new_entries()  # the entries Material's plugin just added
    return context


def on_post_build(config, **kwargs):
    try:
        for line in search_build.finish_site(config):
            log.info(line)
    except search_build.SearchBuildError as exc:
        raise PluginError(str(exc)) from exc


def on_build_error(error, **kwargs):
    search_build.stop_segmenting()
