"""What the search hook does at build time, without MkDocs objects beyond the config.

on_config:      jieba importable, and the user dictionary of campaign terms active.
on_post_build:  the index is segmented with the user terms whole; compound terms get a
                `parts` field; written as UTF-8 (or, above search_shards.THRESHOLD_BYTES,
                as a sharded index, written by a forked process while the other
                post-build steps run); the search worker patched
                (theme.patches.SEARCH_PATCHES); sizes reported.
last post-build step (the search_finish hook): the shards waited for (finish_shards);
                the file:// edition's search_index.js written (write_offline_index).
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from . import index as search_index, segment, shards
from safety_month.theme.patching import PatchError, apply_patches
from safety_month.atomic import write_build_file
from safety_month.theme.patches import QUERY_MAX_CHARS, SEARCH_PATCHES


class SearchBuildError(RuntimeError):
    pass


def search_plugin(config):
    """The search plugin (its key is 'material/search' once MkDocs resolved it)."""
    plugins = config["plugins"]
    for key in ("material/search", "search"):
        if key in plugins:
            return plugins[key]
    raise SearchBuildError("mkdocs.yml: the search plugin is not enabled (plugins: - search)")


def search_plugin_config(config) -> dict:
    """The search plugin's settings."""
    return search_plugin(config).config


def user_dict_path(config) -> Path:
    setting = search_plugin_config(config).get("jieba_dict_user")
    if not setting:
        raise SearchBuildError(
            "mkdocs.yml: plugins: - search: jieba_dict_user is not set, so campaign terms "
            "(安全生产月, 隐患排查 …) would be cut into pieces"
        )
    # Material resolves this path against the working directory; so do we.
    path = Path(setting)
    if not path.is_file():
        raise SearchBuildError(f"jieba user dictionary {setting} not found from {Path.cwd()}")
    return path


# Front-matter facts of the pages built so far (url -> text), collected by on_page_context.
_about: dict[str, str] = {}
# site_dir -> the complete index (UTF-8 JSON bytes) of the last finish_site, for the file://
# edition's search/search_index.js (written later: see write_offline_index).
_full_index: dict[str, bytes] = {}
OFFLINE_SCRIPT = "search_index.js"


# site_dir -> the shard writing finish_site started (finished by finish_shards).
_shards: dict[str, "search_shards.ShardWrite"] = {}

# The segmenter of the running build and how many of the plugin's entries it was given.
_segmenting: dict = {}


def start_build() -> None:
    _about.clear()
    _full_index.clear()
    stop_shards()
    stop_segmenting()


def _existing(path) -> str | None:
    """A dictionary path as Material's plugin uses it (normalized, only when it exists)."""
    if not path:
        return None
    path = os.path.normpath(path)
    return path if os.path.isfile(path) else None


def start_segmenting(config, words: list[str] | None = None) -> bool:
    """Take Chinese segmentation over from Material's plugin (after its on_config ran):
    entries stay unsegmented while pages are indexed, worker processes cut them meanwhile
    (search_segment), and they are put back just before the plugin writes the index."""
    from material.plugins.search import plugin as material_search

    plugin = search_plugin(config)
    index = getattr(plugin, "search_index", None)
    if (not material_search.jieba or index is None or not plugin.config.get("enabled", True)
            or os.environ.get(segment.PARALLEL_ENV, "").strip().lower() == "off"):
        return False
    jieba_dict = _existing(plugin.config.get("jieba_dict"))
    user_dict = _existing(plugin.config.get("jieba_dict_user"))
    segment.note_jieba_state(jieba_dict, user_dict)  # the plugin loaded them
    cache_dir = Path(config.get("config_file_path") or "mkdocs.yml").resolve().parent / ".cache"
    segmenter = segment.Segmenter(cache_dir, jieba_dict, user_dict)
    generate = index.generate_search_index

    def generate_segmented(prev):
        segmenter.finish()
        _segmenting["log"] = segmenter.log_line()
        return generate(prev)

    index._segment_chinese = lambda data: data
    index.generate_search_index = generate_segmented
    add_entry = index.add_entry_from_context

    def add_entry_early_or_now(page):
        # The entries index_early made from this very content, in the plugin's own order.
        early = _segmenting.get("early", {}).pop(id(page), None)
        if early is not None and early[0] == page.content:
            index.entries.extend(early[1])
        else:   # not indexed early, or the content changed since (a preview banner)
            add_entry(page)

    index.add_entry_from_context = add_entry_early_or_now
    _segmenting.update(segmenter=segmenter, index=index, done=len(index.entries),
                       add=add_entry, early={})
    if words:  # jieba's own cut of the campaign terms, ready before the build ends
        _segmenting["pieces"] = segmenter.run(search_index.default_pieces, words)
    return True


def note_query_cap(config) -> None:
    """Let the search panel's template say how long a query the patched worker uses."""
    config["extra"]["sm_search_query_max"] = QUERY_MAX_CHARS


def escape_entries(config) -> bool:
    """Make Material's search entries escaped text where they are made.

    SearchIndex.create_entry_for_section takes a section's title from the page's HTML,
    escaped, except when the page has no <h1> of its own (the template renders it, as for
    every speech): then it uses str(page.meta["title"]) raw, a title typed by an editor or
    taken from a source. Tags are copied raw from the front matter. The wrapper gives such
    a section the escaped title and escapes the tags of the entries it makes; the section's
    title is what the plugin would have used, so the index is otherwise unchanged."""
    plugin = search_plugin(config)
    index = getattr(plugin, "search_index", None)
    if index is None or getattr(index.create_entry_for_section, "escapes", False):
        return False
    create = index.create_entry_for_section

    def create_escaped(section, toc, url, page):
        if not section.title:
            section.title = [html.escape(str(page.meta.get("title", page.title)), quote=False)]
        before = len(index.entries)
        create(section, toc, url, page)
        for entry in index.entries[before:]:
            if "tags" in entry:
                entry["tags"] = [html.escape(tag, quote=False) for tag in entry["tags"]]

    create_escaped.escapes = True
    index.create_entry_for_section = create_escaped
    return True


def index_early(page, page_html: str) -> None:
    """Index a page for search as soon as its HTML is final (the last on_page_content), so
    that jieba starts cutting while MkDocs still converts the other pages' Markdown.

    MkDocs converts every page before it renders any template, and Material's plugin indexes
    pages only while templates are rendered (on_page_context): without this the workers sat
    idle through the conversion and the build then waited for them. Here the plugin's own
    add_entry_from_context parses the HTML into a list of its own; on_page_context then adds
    that list to the index unless the page's content changed in between, so the index is
    what the plugin alone would have made, in the same order."""
    if "segmenter" not in _segmenting:
        return
    index = _segmenting["index"]
    entries, content = index.entries, page.content
    index.entries, page.content = [], page_html
    try:
        _segmenting["add"](page)
        early = index.entries
    finally:
        index.entries, page.content = entries, content
    _segmenting["early"][id(page)] = (page_html, early)
    _segmenting["segmenter"].submit(early)


def segment_new_entries() -> None:
    """Send the entries the plugin added since the last call to the segmenter."""
    if "segmenter" in _segmenting:
        entries = _segmenting["index"].entries
        _segmenting["segmenter"].submit(entries[_segmenting["done"]:])
        _segmenting["done"] = len(entries)


def stop_segmenting() -> None:
    """End the worker processes (after a failed build too)."""
    segmenter = _segmenting.get("segmenter")
    if segmenter is not None:
        segmenter.close()
    _segmenting.clear()


def note_page(url: str, meta: dict) -> None:
    text = search_index.about_text(meta or {})
    if text:
        _about[url] = text


def check_config(config) -> list[str]:
    try:
        search_index.require_segmenter()
        return search_index.require_user_dict(user_dict_path(config))
    except search_index.SearchIndexError as exc:
        raise SearchBuildError(str(exc)) from exc


def _release_plugin_entries(config) -> None:
    """Drop Material's in-memory entries once it wrote search_index.json (kept under
    `mkdocs serve --dirty`, where the plugin merges them into the next build's index)."""
    try:
        plugin = search_plugin(config)
    except SearchBuildError:
        return
    index = getattr(plugin, "search_index", None)
    if index is not None and not getattr(plugin, "is_dirty", False) and isinstance(getattr(index, "entries", None), list):
        index.entries = []


def finish_site(config) -> list[str]:
    """Check, rewrite and patch the built site's search; return log lines."""
    site = Path(config["site_dir"])
    index_path = site / "search" / "search_index.json"
    try:
        words = search_index.read_user_dict(user_dict_path(config))
        index = search_index.require_segmented(index_path, words)
        pieces = _segmenting.get("pieces")
        search_index.add_parts(index, pieces.result() if pieces else search_index.default_pieces(words))
        search_index.add_about(index, _about, search_index.jieba_segment)
        unescaped = search_index.escape_markup(index)   # 0 unless a field escaped escape_entries
        _release_plugin_entries(config)  # the file is written: no second copy of the index
        before = index_path.stat().st_size
        data = search_index.dumps_utf8(index).encode("utf-8")
        _full_index[str(site)] = data
        engine = shards.choose_engine(len(data))
        if engine == "material":
            write_build_file(index_path, data)
        else:  # written by a forked process while the other post-build steps run
            _shards[str(site)] = shards.ShardWrite(site, index, background=True)
        size = search_index.IndexSize(before=before, raw=len(data), gzip=shards.gzip_size(data),
                                      entries=len(index.get("docs", [])))
        del index
        lines = [size.log_line() + ("; engine: Material's (lunr in the browser)" if engine == "material"
                                    else "; engine: sharded (search/shards/)")]
        if unescaped:
            lines.append(f"search index: markup made inert in {unescaped} field(s) that reached it unescaped")
        patched = apply_patches(site, SEARCH_PATCHES)
    except (search_index.SearchIndexError, PatchError) as exc:
        raise SearchBuildError(str(exc)) from exc
    finally:
        segmented = _segmenting.get("log")
        stop_segmenting()
    return ([segmented] if segmented else []) + lines + [f"patched {line}" for line in patched]


def finish_shards(config) -> list[str]:
    """Wait for the shards of finish_site (if it shards) and write search_index.json;
    return the log line."""
    job = _shards.pop(str(Path(config["site_dir"])), None)
    if job is None:
        return []
    try:
        return [shards.log_line(job.result())]
    except search_index.SearchIndexError as exc:
        raise SearchBuildError(str(exc)) from exc


def stop_shards() -> None:
    """End a shard-writing process (the build failed after finish_site)."""
    for job in _shards.values():
        job.cancel()
    _shards.clear()


def write_offline_index(config) -> str | None:
    """In the file:// edition, make search/search_index.js carry the complete UTF-8 index.

    Material's offline plugin copies search_index.json into search_index.js after the hooks
    ran; with the sharded engine that copy names shard files a browser cannot fetch from
    file://, so the worker there must get the whole index inline (it then uses Material's
    lunr engine, patched). Runs after the offline plugin; does nothing without it.
    """
    site = Path(config["site_dir"])
    script = site / "search" / OFFLINE_SCRIPT
    data = _full_index.get(str(site))
    if not script.is_file() or data is None:
        return None
    write_build_file(script, b"var __index = " + data)
    return f"search index for file:// ({OFFLINE_SCRIPT}): {len(data):,} bytes UTF-8, complete"
