"""MkDocs hook: the search files written last (see safety_month.search.build): the shards a
forked process wrote while the other post-build steps ran are waited for, the file://
edition's search/search_index.js gets the complete UTF-8 index, and the build's search state
is dropped."""

import logging

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from safety_month.search import build

log = logging.getLogger("mkdocs.hooks.search_finish")


@event_priority(-200)  # after every other post-build step, and after Material's offline
def on_post_build(config, **kwargs):  # plugin (-100) wrote search_index.js
    search = build.current()
    try:
        lines = search.finish_shards(config)
    except build.SearchBuildError as exc:
        raise PluginError(str(exc)) from exc
    offline = search.write_offline_index(config)
    build.end_build()   # the last search step of this build
    for line in lines + ([offline] if offline else []):
        log.info(line)


def on_build_error(error, **kwargs):
    build.end_build()   # a shard-writing process ends with it
