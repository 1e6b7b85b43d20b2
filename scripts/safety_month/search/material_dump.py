"""Material's search_index.json written a group of entries at a time, byte for byte the plugin's.

Material's SearchPlugin.on_post_build serialises the whole index into one string (json.dumps:
every Chinese character escaped as \\uXXXX, about 150 MB at 3,000 speeches), encodes a bytes
copy of it and writes that: with the entries themselves, the build process's peak of memory
(issue 20: <= 1 GB at 3,000 speeches), just after the segmentation workers end. `take_over`
puts `post_build` in the plugin's place among MkDocs' post-build handlers: the same file, made
by the same encoder settings, written a group of entries at a time, never whole.

What the file says stays Material's: its head (the "config" part) is the plugin's own
generate_search_index for an empty list of entries, and a `mkdocs serve --dirty` build, where
the plugin merges the entries with the last build's, is left to the plugin itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from . import stream
from safety_month.atomic import replacing
from safety_month.theme import internals

# Material 9.8.1's generate_search_index: json.dumps(data, separators=(",", ":"), default=str).
_dumps = json.JSONEncoder(separators=(",", ":"), default=str).encode
_EMPTY_DOCS = '"docs":[]}'


def take_over(config) -> bool:
    """Put `post_build` where MkDocs calls the on_post_build of Material's search plugin (in the
    same place among the post-build handlers); False when there is none (no search plugin, a
    config that is not MkDocs', or replaced already)."""
    from material.plugins.search.plugin import SearchPlugin

    plugins = config.get("plugins")
    handlers = getattr(plugins, "events", {}).get("post_build", [])
    for n, handler in enumerate(handlers):
        plugin = getattr(handler, "__self__", None)
        if isinstance(plugin, SearchPlugin) and getattr(handler, "__name__", "") == "on_post_build":
            internals.require(internals.INDEX_STREAMED)
            internals.require(internals.POST_BUILD_HANDLER)

            def on_post_build(*, config, plugin=plugin, material=handler):
                return post_build(plugin, material, config)
            handlers[n] = on_post_build   # same place: the order of the post-build steps is kept
            plugins._event_origins[on_post_build] = plugins._event_origins.get(handler, "search")
            return True
    return False


def post_build(plugin, material, config) -> None:
    """What the plugin's on_post_build (`material`) does, with the index written in pieces."""
    if not plugin.config.enabled or plugin.is_dirty or plugin.search_index_prev is not None:
        material(config=config)   # disabled, or merged with the last build's index: Material's own
        return
    write(plugin.search_index, Path(config.site_dir) / "search" / "search_index.json")


def write(index, path: Path) -> int:
    """Write chunks(index) to path (replaced atomically); its size in bytes."""
    size = 0
    with replacing(path, durable=False) as out:
        for chunk in chunks(index):
            out.write(chunk)
            size += len(chunk)
    return size


def chunks(index, group: int = stream.GROUP) -> Iterator[bytes]:
    """The bytes the plugin writes for `index` (its SearchIndex, no earlier index), `group` entries
    at a time. generate_search_index is called once, with no entries, for the head: the search
    build's wrapper of it (search/build.py, SEGMENT_LATER) first puts jieba's cut into the
    entries, so the entries are read only after it returned."""
    entries = index.entries
    internals.patch(internals.INDEX_STREAMED, index, "entries", [])
    try:
        head = index.generate_search_index(None)
    finally:
        internals.patch(internals.INDEX_STREAMED, index, "entries", entries)
    if not head.endswith(_EMPTY_DOCS):
        raise internals.InternalsError(
            f"Material's generate_search_index no longer ends its JSON with {_EMPTY_DOCS}: re-check "
            f"'{internals.INDEX_STREAMED}' in scripts/safety_month/theme/internals.py")
    yield head[:-2].encode("utf-8")   # up to the opening bracket of "docs"
    for piece in stream.items_text(entries, group, _dumps):
        yield piece.encode("utf-8")
    yield b"]}"

