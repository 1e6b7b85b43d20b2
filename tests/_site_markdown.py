"""Render Markdown as the site's build does: the extensions and settings of mkdocs.yml, with
the speech extension (safety_month.site.markup: paragraph anchors, redaction marks) on for a
speech page, as the hook site_speech switches it on in a build."""

from __future__ import annotations

import os
from functools import lru_cache

import markdown

from safety_month.site import markup
from tests import paths


@lru_cache(maxsize=1)
def _config():
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return load_config(str(paths.ROOT / "mkdocs.yml"))


def extensions() -> list:
    """mkdocs.yml's markdown_extensions (names)."""
    return list(_config().markdown_extensions)


def site_markdown(speech: bool = True) -> markdown.Markdown:
    config = _config()
    return markdown.Markdown(extensions=config.markdown_extensions,
                             extension_configs=markup.page_configs(config.mdx_configs, speech))


def render(body: str, speech: bool = True) -> str:
    """HTML of a page body (front matter excluded) as the site renders it."""
    return site_markdown(speech).convert(body)
