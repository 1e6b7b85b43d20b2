"""MkDocs hook: the build fails unless Chinese search segmentation is really active."""

from mkdocs.exceptions import PluginError

from safety_month import search_index


def on_config(config, **kwargs):
    try:
        search_index.require_segmenter()
    except search_index.SearchIndexError as exc:
        raise PluginError(str(exc)) from exc
    return config


def on_post_build(config, **kwargs):
    from pathlib import Path

    try:
        search_index.require_segmented(Path(config["site_dir"]) / "search" / "search_index.json")
    except search_index.SearchIndexError as exc:
        raise PluginError(str(exc)) from exc
