"""Every place this package reaches into MkDocs' or Material's Python internals, listed once.

MkDocs and Material offer hooks for most of what the site needs, but the search speed-up and
the live preview's caches replace methods of their objects or use private methods. Such code
depends on the exact version it was written against: a new version may rename a method or
change what it does, and the patch would then break the build or, worse, silently change the
site. So each reach is declared here (name, the object reached into, the version it was
checked against and why it is needed), the code that does it looks its entry up through
`patch` or `require`, and both fail with `InternalsError`, naming the entry, when the
installed version is not the one checked. tests/theme/test_internals.py fails when the
package patches an object anywhere else.

Upgrading MkDocs or Material: read each entry's target in the new version's source, adapt
the code that uses it, then raise the version here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from mkdocs.exceptions import PluginError


class InternalsError(PluginError):
    """An installed MkDocs or Material is not the version an entry was checked against.
    A PluginError, so that MkDocs stops the build with this message and no traceback."""


@dataclass(frozen=True)
class Internal:
    name: str
    target: str               # what is patched or used, in the package's own names
    members: tuple[str, ...]  # the attribute names reached (tests/theme/test_internals.py)
    package: str              # the distribution whose internals these are
    version: str              # the version the code was checked against
    why: str


MKDOCS, MATERIAL = "mkdocs", "mkdocs-material"
MKDOCS_VERSION, MATERIAL_VERSION = "1.6.1", "9.8.1"

SEGMENT_LATER = "search: segmentation taken over from Material's plugin"
INDEX_EARLY = "search: pages indexed as soon as their HTML is final"
ESCAPE_ENTRIES = "search: titles and tags enter the index escaped"
RELEASE_ENTRIES = "search: the plugin's entries dropped once written"
FILE_BYTES = "preview: source files read from memory"
THEME_FILES = "preview: the theme's file list kept"
SITE_WRITES = "preview: unchanged output files not written again"
PAGE_CACHE = "preview: speech pages read and converted once"
TEMPLATE_CACHE = "preview: compiled templates and rendered pages kept"
RELOAD_POLLING = "preview: faster polling for saves"
RELOAD_QUIET = "preview: no polling while a rebuild runs"
FRONT_MATTER = "pages: MkDocs reads each front matter the checks already read"
RAW_HTML_SCAN = "pages: no raw-HTML anchor scan of a source without tags"
BUILD_PAGES = "build: unchanged speech pages converted and rendered once (page cache)"
RELEASE_PAGES = "build: each page's Markdown and HTML dropped once it is written"
PRERENDER = "build: speech pages converted by a second process (page cache)"
BUILD_SITE = "build: the site folder written over, not emptied first (page cache)"
PAGE_SKIP = "preview: unchanged speech pages skip MkDocs' per-page work"
INDEX_STREAMED = "search: Material's index file written a group of entries at a time"
POST_BUILD_HANDLER = "search: the search plugin's post-build handler replaced in its place"

_ENTRIES = (
    Internal(SEGMENT_LATER,
             "material.plugins.search.plugin.SearchIndex: _segment_chinese (the instance's made "
             "the identity; the class's called by the workers) and generate_search_index (wrapped)",
             ("_segment_chinese", "generate_search_index"), MATERIAL, MATERIAL_VERSION,
             "The plugin cuts every entry with jieba serially while templates are rendered "
             "(about 19 s of CPU for 1,000 speeches). The entries stay unsegmented, worker "
             "processes run the plugin's own cut meanwhile, and the wrapper puts the results "
             "back just before the index is written: the same index, in a fraction of the time "
             "(search/segment.py, search/build.py)."),
    Internal(INDEX_EARLY,
             "SearchIndex.add_entry_from_context (wrapped; called early on a page whose content "
             "and the index's entries list are swapped for the call)",
             ("add_entry_from_context", "entries"), MATERIAL, MATERIAL_VERSION,
             "MkDocs converts every page before it renders any template, and the plugin indexes "
             "pages only at rendering: indexing each page as soon as its HTML is final lets jieba "
             "work during the conversion instead of after it (search/build.py index_early)."),
    Internal(ESCAPE_ENTRIES,
             "SearchIndex.create_entry_for_section (wrapped; sets the section's title)",
             ("create_entry_for_section",), MATERIAL, MATERIAL_VERSION,
             "For a page without its own <h1> (every speech) the plugin indexes the front "
             "matter's title raw, and tags always raw: a title from a source such as "
             "<svg onload=…> would become markup in the search results (search/build.py "
             "escape_entries)."),
    Internal(RELEASE_ENTRIES,
             "SearchPlugin.is_dirty read and SearchIndex.entries emptied after the index is written",
             ("entries", "is_dirty"), MATERIAL, MATERIAL_VERSION,
             "The plugin keeps every entry in memory after writing search_index.json; the hook "
             "holds its own rewritten copy, so the plugin's goes (tens of MB at 1,000 speeches), "
             "except under `mkdocs serve --dirty`, where the plugin merges them into the next "
             "build."),
    Internal(FILE_BYTES,
             "mkdocs.structure.files.File.content_bytes (the property replaced)",
             ("content_bytes",), MKDOCS, MKDOCS_VERSION,
             "Every save rebuilds the whole site and four steps read every page's file: the "
             "preview serves unchanged files from memory (preview/files.py)."),
    Internal(THEME_FILES,
             "mkdocs.structure.files.Files.add_files_from_theme (replaced)",
             ("add_files_from_theme",), MKDOCS, MKDOCS_VERSION,
             "It lists ~14,000 theme files (icons) on every rebuild; the preview keeps the list "
             "while the theme folders are unchanged (preview/pages.py cache_theme_files)."),
    Internal(SITE_WRITES,
             "mkdocs.utils.write_file and mkdocs.utils.clean_directory (replaced)",
             ("write_file", "clean_directory"), MKDOCS, MKDOCS_VERSION,
             "MkDocs empties the site folder and writes every file again on each rebuild; for "
             "the preview's folder only, unchanged files are left in place (preview/pages.py "
             "keep_site_dir)."),
    Internal(PAGE_CACHE,
             "mkdocs.structure.pages.Page: read_source and render of a speech page (replaced), "
             "and the fields render sets (content, toc, _title_from_render, present_anchor_ids, "
             "links_to_anchors) restored from the cache",
             ("read_source", "render", "_title_from_render"), MKDOCS, MKDOCS_VERSION,
             "YAML parsing and Markdown conversion of 1,000 unchanged speeches took seconds per "
             "save; the cache key holds everything they read (preview/pages.py attach_page)."),
    Internal(TEMPLATE_CACHE,
             "the Jinja environment MkDocs makes per build: bytecode_cache set, get_template "
             "wrapped, and the render of the templates it returns replaced",
             ("bytecode_cache", "get_template", "render"), MKDOCS, MKDOCS_VERSION,
             "MkDocs makes a new environment on every rebuild, so the theme's ~40 templates were "
             "compiled again and every page rendered again on each save (preview/templates.py, "
             "preview/pages.py wrap_templates)."),
    Internal(RELOAD_POLLING,
             "mkdocs.livereload.LiveReloadServer.build_delay and its watchdog emitters' _timeout",
             ("build_delay", "_timeout"), MKDOCS, MKDOCS_VERSION,
             "MkDocs polls for changes every 0.5 s and then waits 0.1 s: most of the time from "
             "a save to the browser's refresh (preview/reload.py poll_faster; without the "
             "watchdog attributes it changes nothing)."),
    Internal(RELOAD_QUIET,
             "LiveReloadServer.builder (wrapped) and its watchdog emitters' queue_events (wrapped)",
             ("builder", "queue_events"), MKDOCS, MKDOCS_VERSION,
             "Each poll stats every file under docs/ holding the interpreter lock, slowing a "
             "rebuild by a quarter; the watchers skip their scans while one runs "
             "(preview/reload.py quiet_while_building)."),
)

_ENTRIES += (
    Internal(FRONT_MATTER,
             "mkdocs.utils.meta.get_data (wrapped: the module attribute MkDocs' Page.read_source calls)",
             ("get_data",), MKDOCS, MKDOCS_VERSION,
             "MkDocs parses every page's YAML block again after the editors' checks and the "
             "library read it (three parses per page per build); the wrapper answers from the "
             "fields the first parse kept, for the same block text, and calls MkDocs' own for "
             "any other (pages/known_fields.py, theme/page_reading.py)."),
    Internal(RAW_HTML_SCAN,
             "mkdocs.structure.pages._RawHTMLPreprocessor.run (wrapped; sets present_anchor_ids)",
             ("_RawHTMLPreprocessor", "run"), MKDOCS, MKDOCS_VERSION,
             "MkDocs feeds every page's Markdown source to html.parser to collect the ids of raw "
             "HTML tags, and md_in_html parses the same source again: about a second per 1,000 "
             "speeches, which are plain text. A source without '<' has no tag and no id, so "
             "the scan is skipped for it (theme/page_reading.py)."),
)

_ENTRIES += (
    Internal(BUILD_PAGES,
             "mkdocs.structure.pages.Page.render of a speech page (replaced; content, toc, "
             "_title_from_render and present_anchor_ids restored from the cache), and the Jinja "
             "environment's get_template (wrapped) and its templates' render (replaced)",
             ("render", "_title_from_render", "get_template"), MKDOCS, MKDOCS_VERSION,
             "Converting and rendering every unchanged speech again was most of a build with "
             "nothing changed; `mkdocs build` reuses them from .cache/pages.sqlite under a key "
             "of everything they read (buildcache/pages.py)."),
)

_ENTRIES += (
    Internal(RELEASE_PAGES,
             "mkdocs.structure.pages.Page.markdown and .content set to '' after on_post_page "
             "(Page.title reads them: '' keeps the title a rendered page has)",
             ("markdown", "content"), MKDOCS, MKDOCS_VERSION,
             "MkDocs keeps every page's Markdown and HTML until the build ends, though nothing "
             "reads them once the page is written: at 3,000 speeches about 150 MB at the "
             "build's peak of memory, beside the search shard writer (theme/page_release.py)."),
)

_ENTRIES += (
    Internal(PRERENDER,
             "mkdocs.config.defaults.MkDocsConfig._current_page, set in the second process before "
             "it converts a page, as mkdocs.commands.build._populate_page sets it",
             ("_current_page",), MKDOCS, MKDOCS_VERSION,
             "Extensions may read the page being converted from the configuration; the second "
             "process converts pages outside MkDocs' page loop and must give them the same "
             "view (buildcache/prerender.py, buildcache/pages.py prerender_convert)."),
    Internal(BUILD_SITE,
             "mkdocs.utils.clean_directory and write_file (replaced; call the originals for any "
             "other folder and when the page cache is off)",
             ("clean_directory", "write_file"), MKDOCS, MKDOCS_VERSION,
             "MkDocs empties site/ before every build and makes its ~1,200 folders again: about "
             "a second of a build that reuses everything else. The folder is written over (a page "
             "whose bytes are there already is not written again) and what the build did not "
             "write is removed after it (buildcache/site_dir.py)."),
    Internal(PAGE_SKIP,
             "mkdocs.commands.build._populate_page and _build_page (replaced; an unchanged speech "
             "page gets back the fields _populate_page set last build: markdown, meta, content, "
             "toc, _title_from_render, present_anchor_ids, links_to_anchors, the hooks' sm_*); "
             "Page._set_canonical_url (replaced: remembered by site_url and the page's URL)",
             ("_populate_page", "_build_page", "_set_canonical_url"), MKDOCS, MKDOCS_VERSION,
             "With every step of an unchanged speech cached, MkDocs' events, template context "
             "and output hand-off for each of 3,000 speeches were still most of a preview "
             "rebuild (0.4 s of CPU per save); they are skipped while the page's inputs are "
             "those of the last build (preview/skip.py)."),
    Internal(INDEX_STREAMED,
             "material.plugins.search.plugin.SearchPlugin.on_post_build (done by search/"
             "material_dump.py: is_dirty and search_index_prev read; a dirty build left to it) and "
             "SearchIndex.generate_search_index (called with entries emptied: the file's head)",
             ("on_post_build", "is_dirty", "search_index_prev", "generate_search_index", "entries"),
             MATERIAL, MATERIAL_VERSION,
             "The plugin serialises the whole index into one string (every Chinese character "
             "escaped: about 150 MB at 3,000 speeches) and encodes a bytes copy of it to write: "
             "the build's peak of memory. The same bytes are written a group of entries at a "
             "time, with the plugin's own encoder settings and its own text for the head."),
    Internal(POST_BUILD_HANDLER,
             "mkdocs.plugins.PluginCollection.events['post_build'] (one handler replaced in its "
             "place) and _event_origins (the replacement named as the plugin's)",
             ("events", "_event_origins"), MKDOCS, MKDOCS_VERSION,
             "MkDocs keeps each plugin's bound on_post_build from when it loaded the config, so "
             "replacing the plugin's method later would not be seen; the handler is replaced "
             "where MkDocs calls it, in the same order (search/material_dump.py)."),
)

INTERNALS: dict[str, Internal] = {entry.name: entry for entry in _ENTRIES}

# The attribute that marks a replacement made by `patch(..., once=True)` (on the function, or
# a property's getter), so that a second call finds it in place: the objects patched once are
# classes, modules and servers, which live as long as the process.
_MARK = "_sm_internal"


@lru_cache(maxsize=None)
def installed(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def require(name: str) -> Internal:
    """The entry `name`, when the installed package is the version it was checked against."""
    entry = INTERNALS[name]
    found = installed(entry.package)
    if found != entry.version:
        raise InternalsError(
            f"internals patch '{entry.name}' ({entry.target}) was checked against "
            f"{entry.package}=={entry.version}, but "
            f"{f'{entry.package} {found} is installed' if found else f'{entry.package} is not installed'}: "
            f"re-check it in the new version's source and "
            f"update scripts/safety_month/theme/internals.py (and requirements.lock) before building.")
    return entry


def patch(name: str, obj, attr: str, value, *, once: bool = False) -> None:
    """obj.attr = value for the entry `name` (a replaced method, or a field MkDocs' own code
    sets). once: remember it, so that patched(obj, attr) tells a second call it is done."""
    entry = require(name)
    if attr not in entry.members:
        raise KeyError(f"internals patch '{name}' does not list the attribute {attr!r}")
    if once:
        setattr(value.fget if isinstance(value, property) else value, _MARK, name)
    setattr(obj, attr, value)


def patched(obj, attr: str, name: str | None = None) -> bool:
    """True when patch(..., once=True) replaced obj.attr (and it was not replaced since);
    with name, only when that entry's patch did (another may have wrapped it since)."""
    value = getattr(obj, attr, None)
    mark = getattr(value.fget if isinstance(value, property) else value, _MARK, None)
    return mark is not None if name is None else mark == name
