"""MkDocs hook: `mkdocs build` (page cache on) writes over the last build's site folder instead
of emptying it first, and removes what the build did not write as soon as MkDocs has written
every page and file, before any post-build step reads the folder (safety_month.buildcache.site_dir).
The search shards' folder is left to the shard writer, which keeps it in step (search.shards).

Then, for every build, the folder is listed once and the post-build steps share that listing
until the last of them (safety_month.publish.site_files)."""

import logging
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

from safety_month.buildcache import session, site_dir
from safety_month.publish import site_files

log = logging.getLogger("mkdocs.hooks.build_site_dir")
_state = {"on": False}
# The folders whose writer keeps them in step itself, by the hook that runs that writer.
LEFT_TO_WRITERS = {"search_finish": ("search/shards",)}


def on_startup(command, **kwargs):
    _state["on"] = session.enabled(command)


def on_pre_build(config, **kwargs):
    if _state["on"]:   # MkDocs empties site/ right after the on_pre_build events
        running = {Path(str(name)).stem for name in (config.get("hooks") or {})}
        site_dir.keep(config.site_dir, tuple(rel for hook, rels in LEFT_TO_WRITERS.items() if hook in running
                                             for rel in rels))


def _log(removed) -> None:
    if removed:
        log.debug("site folder: %d file(s) of an earlier build removed", len(removed))


@event_priority(1000)  # first: the post-build steps (CSP, outside references …) read site/
def _pruned(config, **kwargs):
    _log(site_dir.finish())
    site_files.open_listing(config.site_dir)   # the one listing the post-build steps share


@event_priority(-1000)  # last: after search_finish (-200) waited for the shard writer
def _ended(config, **kwargs):
    site_files.close()
    site_dir.end()


on_post_build = CombinedEvent(_pruned, _ended)


@event_priority(-1000)  # after search_finish ended the shard writer's process
def on_build_error(error, **kwargs):
    site_files.close()
    _log(site_dir.end(failed=True))   # a failed build leaves no file of an earlier one, as emptying first would
