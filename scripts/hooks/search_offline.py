"""MkDocs hook: the file:// edition's search/search_index.js gets the complete UTF-8 index
(see safety_month.search_build.write_offline_index)."""

import logging

from mkdocs.plugins import event_priority

from safety_month import search_build

log = logging.getLogger("mkdocs.hooks.search_offline")


@event_priority(-200)  # after Material's offline plugin (-100) wrote search_index.js
def on_post_build(config, **kwargs):
    line = search_build.write_offline_index(config)
    if line:
        log.info(line)
