"""The copied Material templates differ from 9.8.1's only by the documented local changes."""

from __future__ import annotations

import difflib
from pathlib import Path

import material
import pytest

THEME = Path(material.__file__).parent / "templates"
ROOT = Path(__file__).resolve().parent.parent.parent

# file -> the (removed, added) line pairs allowed, besides the header comment.
ALLOWED = {
    "base.html": {
        ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
         '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'),
        ('<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
         '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">'),
        ('<meta name="description" content="{{ page.meta.description }}">',
         '<meta name="description" content="{{ page.meta.description | e }}">'),
        ('<meta name="description" content="{{ config.site_description }}">',
         '<meta name="description" content="{{ config.site_description | e }}">'),
        ('<meta name="author" content="{{ page.meta.author }}">', '<meta name="author" content="{{ page.meta.author | e }}">'),
        ('<title>{{ page.meta.title }} - {{ config.site_name }}</title>',
         '<title>{{ page.meta.title | e }} - {{ config.site_name | e }}</title>'),
        # striptags turns &lt; back into "<": an <h1> typed as text must stay text
        ('<title>{{ page.title | striptags }} - {{ config.site_name }}</title>',
         '<title>{{ page.title | striptags | e }} - {{ config.site_name | e }}</title>'),
        # page weight: no generator meta; no empty hidden toc sidebar where the page hides toc
        ('<meta name="generator" content="mkdocs-{{ mkdocs_version }}, mkdocs-material-9.8.1">', None),
        ('{% if "toc.integrate" not in features %}',
         '{% if "toc.integrate" not in features and not (page.meta and page.meta.hide and "toc" in page.meta.hide) %}'),
    },
    "partials/search.html": {
        ('<div class="md-search" data-md-component="search" role="dialog">',
         '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">'),
        # the note on an over-long query (theme_patches.QUERY_MAX_CHARS)
        (None, '{% if config.extra.sm_search_query_max %}'),
        (None, '<p class="sm-search-note" data-sm-query-max="{{ config.extra.sm_search_query_max }}" role="status" hidden>'
               '搜索词过长，只用前 {{ config.extra.sm_search_query_max }} 个字搜索。</p>'),
        (None, '{% endif %}'),
    },
    "partials/nav-item.html": {
        ('<label class="md-nav__link" for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">',
         '<label class="md-nav__link" for="{{ path }}" id="{{ path }}_label" {% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>'),
        ('<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">',
         '<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label" {% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>'),
        ("{{ nav_item.title }}", "{{ nav_item.title | striptags | e }}"),
        # front-matter titles and subtitles escaped (tests/test_build_hostile.py)
        (None, "{% elif nav_item.meta and nav_item.meta.title and nav_item.title == nav_item.meta.title %}"),
        (None, "{{ nav_item.title | e }}"),
        ("<small>{{ nav_item.meta.subtitle }}</small>", "<small>{{ nav_item.meta.subtitle | e }}</small>"),
    },
    "partials/tabs-item.html": {
        (None, "{% if ref.meta and ref.meta.title and ref.title == ref.meta.title %}"),
        (None, "{{ ref.title | e }}"),
        (None, "{% else %}"),
        (None, "{% endif %}"),
    },
    "partials/content.html": {
        ("<h1>{{ page.title | d(config.site_name, true)}}</h1>", "<h1>{{ title }}</h1>"),
        (None, "{% set title = page.title | d(config.site_name, true) %}"),
        (None, "{% if page.meta and page.meta.title and page.title == page.meta.title %}"),
        (None, "<h1>{{ title | e }}</h1>"),
        (None, "{% else %}"),
        (None, "{% endif %}"),
        (None, '{% include "partials/share.html" %}'),    # copy link and QR code (hook site_share.py)
    },
    "partials/header.html": {
        (None, '{% include "partials/textsize.html" %}'),
        ("{{ page.meta.title }}", "{{ page.meta.title | e }}"),
        ("{{ page.title }}", "{{ page.title | striptags | e }}"),
    },
}


def _body(text: str) -> list[str]:
    """Lines after the leading {#- … -#} comment, stripped."""
    end = text.index("-#}") + 3
    return [line.strip() for line in text[end:].splitlines()]


@pytest.mark.parametrize("name", ALLOWED)
def test_copied_template_has_only_the_documented_changes(name):
    ours, theirs = _body((ROOT / "overrides" / name).read_text()), _body((THEME / name).read_text())
    removed, added = [], []
    for line in difflib.ndiff(theirs, ours):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    allowed = ALLOWED[name]
    allowed_removed = {a for a, _ in allowed if a}
    allowed_added = {b for _, b in allowed}
    assert set(removed) <= allowed_removed, f"unexpected removals in overrides/{name}: {set(removed) - allowed_removed}"
    assert set(added) <= allowed_added, f"unexpected additions in overrides/{name}: {set(added) - allowed_added}"
    additions = [b for _, b in allowed if b is not None]
    assert len(added) == len(additions), f"overrides/{name}: expected {len(additions)} additions, found {len(added)}"
    assert set(removed) == allowed_removed, f"overrides/{name}: documented removals not made: {allowed_removed - set(removed)}"
