"""What the search hook does at build time, without MkDocs objects beyond the config.

One build's state (the pages' front-matter facts, the segmenter, the shard writing, the index
for the file:// edition) is a `SearchBuild`: start_build() makes it in on_config, the hooks
reach it through current(), and end_build() drops it when the build ends or fails.

on_config:      jieba importable, the user dictionary of campaign terms active (segment.checked_once).
on_post_build:  the index is segmented with the user terms whole; compound terms get a
                `parts` field; written as UTF-8 (or, above search_shards.THRESHOLD_BYTES, as a
                sharded index, written by a fresh process while the other post-build steps
                run); the search worker patched (theme.patches.SEARCH_PATCHES); sizes reported.
last post-build step (the search_finish hook): the shards waited for (finish_shards);
                the file:// edition's search_index.js written (write_offline_index).
"""

from __future__ import annotations

import hashlib
import html
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import index as search_index, page_index, pieces as campaign, segment, shards, stream
from safety_month import workers as processes
from safety_month.pages import entry as speech_entry
from safety_month.theme import internals, page_release
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


OFFLINE_SCRIPT = "search_index.js"


def _existing(path) -> str | None:
    """A dictionary path as Material's plugin uses it (normalized, only when it exists)."""
    if not path:
        return None
    path = os.path.normpath(path)
    return path if os.path.isfile(path) else None


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
    if index is None or internals.patched(index, "create_entry_for_section"):
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

    internals.patch(internals.ESCAPE_ENTRIES, index, "create_entry_for_section", create_escaped, once=True)
    return True


@dataclass
class Segmenting:
    """Material's index while the segmenter has its entries (see SearchBuild.start_segmenting)."""
    segmenter: segment.Segmenter
    index: object                  # the plugin's SearchIndex
    add: object                    # its own add_entry_from_context
    done: int                      # entries of the index already given to the segmenter
    early: dict = field(default_factory=dict)   # id(page) -> (HTML, its entries) of index_early
    pieces: object = None          # jieba's cut of the campaign terms (a future), or None
    log: str | None = None         # the segmenter's log line, once it finished


class SearchBuild:
    """The search state of one build, from on_config to the last post-build step."""

    def __init__(self) -> None:
        self.about: dict[str, str] = {}            # url -> front-matter facts (note_page)
        self.facts: dict[str, list[str]] = {}      # url -> the same facts, named
        self.segmenting: Segmenting | None = None  # while the segmenter has the entries
        self.full_index: dict[str, bytes] = {}  # site_dir -> the whole index for file:// (write_offline_index)
        self.shards: dict[str, shards.ShardWrite] = {}   # site_dir -> shard writing started
        self.shard_keys: dict[str, bytes] = {}           # site_dir -> sha256 of the index being sharded
        self.missing_runs: dict[str, list[str]] = {}     # site_dir -> runs whose postings the writer makes
        self.cache = None   # the build's page cache for the index (buildcache.steps.SearchCache)

    # ---------------------------------------------------------------- segmentation
    def start_segmenting(self, config, words: list[str] | None = None) -> bool:
        """Take Chinese segmentation over from Material's plugin (after its on_config ran):
        entries stay unsegmented while pages are indexed, worker processes cut them meanwhile
        (search_segment), and they are put back just before the plugin writes the index."""
        from material.plugins.search import plugin as material_search

        plugin = search_plugin(config)
        index = getattr(plugin, "search_index", None)
        if (not material_search.jieba or index is None or not plugin.config.get("enabled", True)
                or not processes.search_parallel()):
            return False
        jieba_dict, user_dict = (_existing(plugin.config.get(k)) for k in ("jieba_dict", "jieba_dict_user"))
        segment.note_jieba_state(jieba_dict, user_dict)  # the plugin loaded them
        segmenter = segment.Segmenter(segment.cache_dir(config.get("config_file_path")), jieba_dict, user_dict)
        state = Segmenting(segmenter=segmenter, index=index, add=index.add_entry_from_context,
                           done=len(index.entries))
        generate = index.generate_search_index

        def generate_segmented(prev):
            segmenter.finish()
            state.log = segmenter.log_line()
            return generate(prev)

        def add_entry_early_or_now(page):
            # The entries index_early made from this very content, in the plugin's own order.
            early = state.early.pop(id(page), None)
            if early is not None and early[0] == page.content:
                index.entries.extend(early[1])
            else:   # not indexed early, or the content changed since (a preview banner)
                state.add(page)

        internals.patch(internals.SEGMENT_LATER, index, "_segment_chinese", lambda data: data)
        internals.patch(internals.SEGMENT_LATER, index, "generate_search_index", generate_segmented)
        internals.patch(internals.INDEX_EARLY, index, "add_entry_from_context", add_entry_early_or_now)
        self.segmenting = state
        if words:  # jieba's own cut of the campaign terms, made when an index is (not from the cache)
            state.pieces = segmenter.later(campaign.campaign_pieces, words, self.cache)   # kept by the page cache
        return True

    def index_early(self, page, page_html: str, cached=None) -> None:
        """Index a page for search as soon as its HTML is final (the last on_page_content), so
        that jieba starts cutting while MkDocs still converts the other pages' Markdown.

        MkDocs converts every page before it renders any template, and Material's plugin
        indexes pages only while templates are rendered (on_page_context): without this the
        workers sat idle through the conversion and the build then waited for them. Here the
        plugin's own add_entry_from_context parses the HTML into a list of its own;
        on_page_context then adds that list to the index unless the page's content changed in
        between, so the index is what the plugin alone would have made, in the same order."""
        state = self.segmenting
        if state is None:
            return
        index = state.index

        def entries_now() -> list:
            entries, content = index.entries, page.content
            index.entries, page.content = [], page_html
            try:
                state.add(page)
                return index.entries
            finally:
                index.entries, page.content = entries, content
        # cached(page, page_html, entries_now): the entries of an unchanged page from the
        # build's page cache (the search hook passes buildcache.steps.search_entries).
        early = cached(page, page_html, entries_now) if cached else entries_now()
        state.early[id(page)] = (page_html, early)
        state.segmenter.submit(early)

    def segment_new_entries(self) -> None:
        """Send the entries the plugin added since the last call to the segmenter."""
        state = self.segmenting
        if state is not None:
            entries = state.index.entries
            state.segmenter.submit(entries[state.done:])
            state.done = len(entries)

    def stop_segmenting(self) -> None:
        """End the worker processes (after a failed build too)."""
        if self.segmenting is not None:
            self.segmenting.segmenter.close()
        self.segmenting = None

    # ---------------------------------------------------------------- pages and the index
    def note_page(self, url: str, meta: dict) -> None:
        text = speech_entry.about_text(meta or {})
        if text:
            self.about[url] = text
            self.facts[url] = speech_entry.about_facts(meta or {})
            if self.segmenting:   # cut by the workers meanwhile (add_about's input: escaped)
                self.segmenting.segmenter.submit_facts([html.escape(text, quote=False)])

    def finish_site(self, config) -> list[str]:
        """Check, rewrite and patch the built site's search; return log lines."""
        site = Path(config["site_dir"])
        try:
            lines = self._rewrite_index(config, site)
            patched = apply_patches(site, SEARCH_PATCHES)
        except (search_index.SearchIndexError, PatchError) as exc:
            raise SearchBuildError(str(exc)) from exc
        finally:
            segmented = self.segmenting.log if self.segmenting else None
            self.stop_segmenting()
        return ([segmented] if segmented else []) + lines + [f"patched {line}" for line in patched]

    def _final_index(self, index_path: Path, words: list[str], user_dict: Path, ids: list | None) -> tuple[dict, int]:
        """Material's index segmented with the user terms whole (or an error), made final page by page
        (page_index; ids gets each run's id); and the fields escape_markup changed (0 unless one escaped
        escape_entries)."""
        index = search_index.require_segmented(index_path, words)
        state = self.segmenting
        pieces = state.pieces.result() if state and state.pieces else search_index.default_pieces(words)
        groups, seg = page_index.synonym_groups(), state.segmenter if state else None   # groups: 煤气 finds 燃气
        context = page_index.context_digest(index.get("config", {}), pieces, groups, page_index.jieba_tag(seg, user_dict))
        cut = seg.facts_segment if seg else search_index.jieba_segment   # the facts: cut by the workers
        unescaped = page_index.finish_index(index, pieces, self.about, self.facts, groups, cut,
                                            context, self.cache.share if self._cached() else None, ids)
        return index, unescaped

    def _cached(self) -> bool:   # the build's page cache is open (mkdocs build)
        return self.cache is not None and self.cache.active()

    def _rewrite_index(self, config, site: Path) -> list[str]:
        """search_index.json segmented with the user terms whole, parts and facts added, markup inert,
        written as UTF-8 or handed to the shard writer; the log lines. With the build's page cache
        (self.cache, set by the search hook), an index whose inputs an earlier build had is read from
        it, and so are its shards; else each page's share of the index and of the postings (page_index).
        Material's file and its parse, the index and its text, are never held at once (stream)."""
        index_path = site / "search" / "search_index.json"
        # Material wrote search_index.json: its in-memory entries (every page's text) go
        # before the file is read back, not after, so the two copies never coexist.
        _release_plugin_entries(config)
        user_dict = user_dict_path(config)
        words, before, made = search_index.read_user_dict(user_dict), index_path.stat().st_size, {}

        def compute() -> tuple[bytes, dict]:
            made["ids"] = [] if self._cached() else None
            index, unescaped = self._final_index(index_path, words, user_dict, made["ids"])
            made["index"] = index
            data = stream.utf8_bytes(index)
            # gzip size only of a file served whole (Material's engine); the shards' line has theirs
            whole = shards.choose_engine(len(data)) == "material"
            return data, {"config": index.get("config", {}), "entries": len(index.get("docs", [])),
                          "unescaped": unescaped, "gzip": shards.gzip_size(data) if whole else None}
        if self.cache is not None:
            data, facts = self.cache.index((search_index.file_digest(index_path), self.about, self.facts, words), compute)
        else:
            data, facts = compute()
        if {"offline", "material/offline"} & set(config["plugins"]):   # for write_offline_index (file://)
            self.full_index[str(site)] = data
        size = search_index.IndexSize(before=before, raw=len(data), gzip=facts["gzip"], entries=facts["entries"])
        engine = shards.choose_engine(len(data))
        if engine == "material":
            write_build_file(index_path, data)
        else:  # written by a forked process while the other post-build steps run
            self._start_shards(site, data, facts, made)
        del data, made   # not held by the build process while the shard writer (a fresh process) runs:
        page_release.return_freed_memory()   # their memory goes back to the system before the other steps
        lines = [size.log_line() + ("; engine: Material's (lunr in the browser)" if engine == "material"
                                    else "; engine: sharded (search/shards/)")]
        if facts["unescaped"]:
            lines.append(f"search index: markup made inert in {facts['unescaped']} field(s) that reached it unescaped")
        return lines

    def _start_shards(self, site: Path, data: bytes, facts: dict, made: dict) -> None:
        """Hand the final index to the shard writer, with the runs' postings the page cache kept (the
        writer computes the others and gives them back: finish_shards keeps them)."""
        key = self.shard_keys[str(site)] = hashlib.sha256(data).digest()   # the shards' key: the index
        ready = self.cache.shards(key) if self.cache is not None else None   # (its sha256: not its bytes)
        index = made.pop("index", None) or facts   # facts: the config (the fresh writer reads the index's bytes)
        runs, missing = page_index.postings_runs(index, made["ids"], self.cache.packed) \
            if not ready and made.get("ids") is not None else (None, [])
        self.missing_runs[str(site)] = missing
        self.shards[str(site)] = shards.ShardWrite(site, index, background=True, ready=ready, runs=runs, index_bytes=data,
                                                   gzip_known=self.cache.gzip_sizes() if self._cached() else None)

    # ---------------------------------------------------------------- the last post-build step
    def finish_shards(self, config) -> list[str]:
        """Wait for finish_site's shards (none: an earlier build's go) and write search_index.json; the log line."""
        site = str(Path(config["site_dir"]))
        job, key, missing = self.shards.pop(site, None), self.shard_keys.pop(site, None), self.missing_runs.pop(site, [])
        if job is None:
            return shards.shard_files.clear(Path(site) / "search" / shards.SHARD_DIR)
        try:
            written = job.result()
        except search_index.SearchIndexError as exc:
            raise SearchBuildError(str(exc)) from exc
        if self.cache is not None and not job.reused and key is not None:
            self.cache.keep_shards(key, job.outcome)
            if self._cached():   # the runs' postings the writer computed, for the next build
                page_index.keep_postings(missing, job.computed, self.cache.keep_packed)
        return [shards.log_line(written)]

    def stop_shards(self) -> None:
        """End a shard-writing process (the build failed after finish_site)."""
        for job in self.shards.values():
            job.cancel()
        self.shards.clear()
        self.missing_runs.clear()

    def write_offline_index(self, config) -> str | None:
        """In the file:// edition, make search/search_index.js carry the complete UTF-8 index.
        Material's offline plugin copies search_index.json into search_index.js after the hooks
        ran; with the sharded engine that copy names shard files a browser cannot fetch from
        file://, so the worker there must get the whole index inline (it then uses Material's
        lunr engine, patched). Runs after the offline plugin; does nothing without it."""
        site = Path(config["site_dir"])
        script = site / "search" / OFFLINE_SCRIPT
        data = self.full_index.get(str(site))
        if not script.is_file() or data is None:
            return None
        write_build_file(script, b"var __index = " + data)
        return f"search index for file:// ({OFFLINE_SCRIPT}): {len(data):,} bytes UTF-8, complete"

    def stop(self) -> None:
        """End every process this build started."""
        self.stop_shards()
        self.stop_segmenting()


# The build running in this process (MkDocs runs one at a time): the search hook makes it in
# on_config, and both search hooks reach it until the last post-build step or a failure.
_current: SearchBuild | None = None


def start_build() -> SearchBuild:
    """A new build's state (the processes of an unfinished earlier one are ended)."""
    global _current
    end_build()
    _current = SearchBuild()
    return _current


def current() -> SearchBuild:
    if _current is None:
        raise SearchBuildError("no search build is running: the search hook's on_config did not run "
                               "(mkdocs.yml: hooks: - scripts/hooks/search.py)")
    return _current


def end_build() -> None:
    """Drop the build's state, ending what it still runs (after a failed build too)."""
    global _current
    if _current is not None:
        _current.stop()
    _current = None


def check_config(config) -> list[str]:
    try:
        search_index.require_segmenter()
        path, main = user_dict_path(config), _existing(search_plugin_config(config).get("jieba_dict"))
        return segment.checked_once(config, main, path, search_index.require_user_dict, search_index.read_user_dict)
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
        internals.patch(internals.RELEASE_ENTRIES, index, "entries", [])
