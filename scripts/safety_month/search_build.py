"""What the search_guard hook does at build time, without MkDocs objects beyond the config.

on_config:      jieba importable, and the user dictionary of campaign terms active.
on_post_build:  the index is segmented with the user terms whole; compound terms get a
                `parts` field; written as UTF-8 (or, above search_shards.THRESHOLD_BYTES,
                as a sharded index); the search worker patched
                (theme_patches.SEARCH_PATCHES); sizes reported.
"""

from __future__ import annotations

from pathlib import Path

from . import search_index, search_shards
from .asset_patch import PatchError, apply_patches
from .theme_patches import SEARCH_PATCHES


class SearchBuildError(RuntimeError):
    pass


def search_plugin_config(config) -> dict:
    """The search plugin's settings (its key is 'material/search' once MkDocs resolved it)."""
    plugins = config["plugins"]
    for key in ("material/search", "search"):
        if key in plugins:
            return plugins[key].config
    raise SearchBuildError("mkdocs.yml: the search plugin is not enabled (plugins: - search)")


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


def start_build() -> None:
    _about.clear()
    _full_index.clear()


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


def finish_site(config) -> list[str]:
    """Check, rewrite and patch the built site's search; return log lines."""
    site = Path(config["site_dir"])
    index_path = site / "search" / "search_index.json"
    try:
        words = search_index.read_user_dict(user_dict_path(config))
        index = search_index.require_segmented(index_path, words)
        search_index.add_parts(index, search_index.default_pieces(words))
        search_index.add_about(index, _about, search_index.jieba_segment)
        data, size = search_index.measure(index, index_path.stat().st_size)
        _full_index[str(site)] = data
        engine = search_shards.choose_engine(size.raw)
        if engine == "material":
            search_index.rewrite_utf8(index_path, index)
            lines = [size.log_line() + "; engine: Material's (lunr in the browser)"]
        else:
            written = search_shards.write(site, index)
            lines = [size.log_line() + "; engine: sharded (search/shards/)", search_shards.log_line(written)]
        patched = apply_patches(site, SEARCH_PATCHES)
    except (search_index.SearchIndexError, PatchError) as exc:
        raise SearchBuildError(str(exc)) from exc
    return lines + [f"patched {line}" for line in patched]


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
    search_index.write_atomic(script, b"var __index = " + data)
    return f"search index for file:// ({OFFLINE_SCRIPT}): {len(data):,} bytes UTF-8, complete"
