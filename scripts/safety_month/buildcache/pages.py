"""MkDocs glue of the build's page cache: a speech page's Markdown conversion and template.

Conversion (`attach_page`, Page.render replaced): keyed on the page's path and URL, its
Markdown after the on_page_markdown hooks, and its kind (the speech extension is switched on
by kind: site.markup). A page whose Markdown may hold a link is always converted: what a link
becomes depends on the other files of the site.

Template (`wrap_templates`, Template.render replaced for every page): keyed on everything
of the page the template shows (URL, content, title, front matter, outline, the hooks' sm_*
fields, neighbours), the navigation's titles and URLs, and config.extra without the values
only other pages show (PAGE_INDEPENDENT_EXTRA). The project's own filters read the site's
page plan (which year or tag page lists a speech): each call a render makes is kept with the
HTML, and the HTML is reused only when every such call still returns the same.

Every page's template output is cached (i21): a speech page's key leaves out the config.extra
values only other pages show (PAGE_INDEPENDENT_EXTRA), so adding a speech keeps the others;
any other page (home, library and tag lists, 五进) is keyed on all of config.extra, so the home
page renders again when its newest lists change, and a list page when its list (its content)
does. The Markdown conversion stays speech pages' only: the other pages' Markdown holds links.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import jinja2


from safety_month.pages.contract import SPEECH_PREFIX
from safety_month.theme import internals

from . import memo, prerender
from .stamps import digest, plain

# config.extra values a speech page never shows; they change whenever a speech is added
# (tests/buildcache/test_pages.py checks that no template a speech page uses names them).
PAGE_INDEPENDENT_EXTRA = {
    "latest_speeches": "the home page's newest speeches (overrides/home.html)",
    "latest_notices": "the home page's newest notices (overrides/home.html)",
}
# Filters (scripts/hooks/site_library.py) whose answer depends on other pages.
RECORDED_FILTERS = ("page_url", "tag_page", "year_page")
# Markdown that may hold a link, an image or raw HTML (whose href MkDocs also resolves).
_LINKISH = re.compile(r"\]\(|\]\[|\]:|<|\[\[")

_state: dict[str, Any] = {"nav": None, "nav_digest": None, "extra_digest": "", "all_extra_digest": "",
                          "globals_digest": "", "calls": None, "filters": {}}


def is_speech(page) -> bool:
    return getattr(page, "file", None) is not None and page.file.src_uri.startswith(SPEECH_PREFIX)


def start_build(nav=None) -> None:
    _state.update(nav=nav, nav_digest=None, extra_digest="", all_extra_digest="", globals_digest="", calls=None,
                  filters={})


# ---------------------------------------------------------------- conversion

def _toc_data(items) -> list:
    return [[i.title, i.id, i.level, _toc_data(i.children)] for i in items]


def _toc(data):
    from mkdocs.structure.toc import AnchorLink, TableOfContents

    def link(row):
        item = AnchorLink(row[0], row[1], row[2])
        item.children = [link(c) for c in row[3]]
        return item
    return TableOfContents([link(row) for row in data])


def _converted(page) -> dict:
    links = page.links_to_anchors or {}
    return {"content": page.content, "toc": _toc_data(page.toc), "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            # Links to the page's own anchors (the outline's permalinks) are kept; a link to
            # another file's anchor depends on that file: such a page is not cached (`keep`).
            "own_links": links.get(page.file, {}), "other_links": any(f is not page.file for f in links)}


def render(page, original, config, files) -> None:
    """Page.render, or its result from an earlier build."""
    markdown = page.markdown or ""
    if not memo.active() or _LINKISH.search(markdown):
        return original(config, files)

    def compute() -> dict:
        original(config, files)
        return _converted(page)

    parts = _render_parts(page, markdown)
    early = prerender.take(page, memo.key_of(prerender.KIND, parts))
    done = memo.cached(prerender.KIND, parts, compute if early is None else lambda: early,
                       keep=lambda d: not d["other_links"])
    page.content, page.toc = done["content"], _toc(done["toc"])
    internals.patch(internals.BUILD_PAGES, page, "_title_from_render", done["title"])
    page.present_anchor_ids = set(done["anchors"])
    page.links_to_anchors = {page.file: dict(done["own_links"])} if done["own_links"] else {}


def _render_parts(page, markdown: str) -> tuple:
    return (page.file.src_uri, page.url, markdown, str(page.meta.get("kind")))


def prerender_convert(page, config, files, has) -> tuple[str, dict] | None:
    """In prerender's child: what render would keep for this page, with its cache key; None
    for a page render would not take from the cache, that it holds, or that logged a warning.
    The same steps as MkDocs' _populate_page up to the conversion (not on_pre_page: the hooks
    there patch this build's objects only)."""
    from mkdocs.structure.pages import Page

    internals.patch(internals.PRERENDER, config, "_current_page", page)
    page.read_source(config)
    read = page.markdown
    # A speech's hooks leave its Markdown as read: a page the cache holds under that key is
    # skipped before the hooks run (in a warm build, every page).
    key = memo.key_of(prerender.KIND, _render_parts(page, read))
    if _LINKISH.search(read) or _held(has, key):
        return None
    markdown = config.plugins.on_page_markdown(read, page=page, config=config, files=files)
    if not isinstance(markdown, str):
        return None
    if markdown != read:   # a hook changed it: its own key, checked again
        key = memo.key_of(prerender.KIND, _render_parts(page, markdown))
        if _LINKISH.search(markdown) or _held(has, key):
            return None
    page.markdown = markdown
    before = memo.warning_count()
    Page.render(page, config, files)
    done = _converted(page)
    return None if done["other_links"] or memo.warning_count() != before else (key, done)


def _held(has, key: str) -> bool:
    return has is not None and has(prerender.KIND, key)


def start_prerender(config, files) -> bool:
    """Fork prerender's child for the speech pages, in the order MkDocs converts them; not
    when the cache holds the last one's conversion (a warm build: nothing for it to do)."""
    from mkdocs.utils import meta

    pages = [f.page for f in files.documentation_pages() if f.page is not None and is_speech(f.page)]
    if not pages:
        return False
    try:
        markdown = meta.get_data(pages[-1].file.content_string)[0]
    except (OSError, ValueError):
        markdown = None   # the editors' checks report it; the child skips what it cannot read
    if markdown is not None and _held(prerender.reader(), memo.key_of(prerender.KIND, _render_parts(pages[-1], markdown))):
        return False
    return prerender.start(pages, config, files, prerender_convert)


def stop_prerender() -> int:
    """End prerender's child; how many of its conversions the build used."""
    return prerender.stop()


def attach_page(page) -> None:
    if memo.active() and is_speech(page):
        original = page.render
        internals.patch(internals.BUILD_PAGES, page, "render",
                        lambda config, files: render(page, original, config, files))


# ---------------------------------------------------------------- template

def _json(value) -> str:
    def default(obj):
        if dataclasses.is_dataclass(obj):
            return dataclasses.asdict(obj)
        if isinstance(obj, (set, frozenset)):
            return sorted(obj, key=str)
        text = str(obj)
        if " at 0x" in text:   # an object without a stable text: never equal across builds
            raise TypeError(text)
        return text
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=default)


def _nav_rows(items) -> list:
    rows = []
    for item in items or ():
        rows.append([type(item).__name__, str(getattr(item, "title", "")), str(getattr(item, "url", "")),
                     _nav_rows(getattr(item, "children", None))])
    return rows


def nav_digest() -> str:
    if _state["nav_digest"] is None:
        nav = _state["nav"]
        _state["nav_digest"] = digest(_json(_nav_rows(nav.items if nav is not None else [])))
    return _state["nav_digest"]


def extra_digest(extra, *, speech: bool = True) -> str:
    """config.extra as a key: without PAGE_INDEPENDENT_EXTRA for a speech page, whole for any other."""
    kept = {str(k): plain(v) for k, v in dict(extra).items() if not (speech and k in PAGE_INDEPENDENT_EXTRA)}
    return digest(_json(kept))


def page_parts(name: str, page) -> tuple:
    fields = {k: v for k, v in vars(page).items() if k.startswith("sm_")}
    neighbours = [getattr(getattr(page, n, None), "url", None) for n in ("previous_page", "next_page", "parent")]
    return (name, page.file.src_uri, page.url, page.content or "", str(page.title), _json(page.meta),
            _json(_toc_data(page.toc or [])), _json(fields), _json(neighbours), nav_digest(),
            _state["extra_digest" if is_speech(page) else "all_extra_digest"], _state["globals_digest"])


def _still_true(data: dict) -> dict:
    """data, when every recorded filter call answers as it did (else memo.Stale)."""
    filters = _state["filters"]
    for name, args, answer in data["calls"]:
        if name not in filters or plain(filters[name](*args)) != answer:
            raise memo.Stale(name)
    return data


def render_template(name: str, original, context, *args, **kwargs) -> str:
    page = context.get("page") if isinstance(context, dict) and not args and not kwargs else None
    if not memo.active() or getattr(page, "file", None) is None:
        return original(context, *args, **kwargs)
    try:
        parts = page_parts(name, page)
    except TypeError:   # a field that has no stable text
        return original(context)

    def compute() -> dict:
        calls = _state["calls"] = []
        try:
            return {"html": original(context), "calls": calls}
        finally:
            _state["calls"] = None

    return memo.cached("page", parts, compute, decode=_still_true)["html"]


def _recording(name: str, func):
    # pass_context: Jinja never folds such a filter into the compiled code (it folds a filter
    # applied to a constant, {{ 'themes.md' | page_url }}), so every call is made, and kept,
    # while the page renders.
    @jinja2.pass_context
    def recorded(context, *args):
        answer = func(*args)
        calls = _state["calls"]
        if calls is not None:
            calls.append([name, [plain(a) for a in args], plain(answer)])
        return answer
    return recorded


def wrap_templates(env, config) -> Any:
    """Route page templates through render_template, and record the project filters' calls.

    Compiled templates are not kept between builds: Jinja's optimizer folds a filter applied
    to a constant ({{ 'library/index.md' | page_url }}) into the compiled code, so code kept
    from another build (the offline edition, other URLs) would carry that build's answers."""
    if not memo.active():
        return env
    _state["extra_digest"] = extra_digest(config.extra)
    _state["all_extra_digest"] = extra_digest(config.extra, speech=False)
    # Values the project's hooks give every template (sm_early_js: the early script's name,
    # hook site_early), which change with what they are made from.
    _state["globals_digest"] = digest(_json({k: plain(v) for k, v in env.globals.items() if k.startswith("sm_")}))
    for name in RECORDED_FILTERS:
        if name in env.filters:
            _state["filters"][name] = env.filters[name]
            env.filters[name] = _recording(name, env.filters[name])
    get_template = env.get_template

    def cached_get_template(name, *args, **kwargs):
        template = get_template(name, *args, **kwargs)
        if "render" not in vars(template):
            original = template.render
            internals.patch(internals.BUILD_PAGES, template, "render",
                            lambda *a, **k: render_template(str(name), original, *a, **k))
        return template

    internals.patch(internals.BUILD_PAGES, env, "get_template", cached_get_template)
    return env
