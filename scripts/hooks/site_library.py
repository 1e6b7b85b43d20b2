"""MkDocs hook: the speech library (index, year, level and tag pages, tags index) and 历届主题
pages, generated in memory at build time; the template filters `page_url` (docs source path ->
the page's URL in either URL mode), `tag_page` (tag -> source path of its page) and
`year_page` (speech source path -> the year page that lists it) and `phrases` (a campaign
theme as phrases that wrap as units); the lists of the listing pages, put in after the
Markdown conversion; and the size check of the built library and tag pages (listing.PAGE_CAP)."""

import os

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from safety_month import campaign
from safety_month.buildcache import site_facts
from safety_month.site import facts, library, library_pages, listing, phrases

LIBRARY, THEMES = library.LIBRARY_PAGE, library.THEMES_PAGE
# The live preview rebuilds after every save: render the pages again only when the speeches'
# front matter, the campaigns or the URL style changed (the hook module lives on between saves).
_memo: dict = {}
_items: dict = {}       # the live preview's list items (_kept_items)
MAX_ITEMS = 500_000     # far above 3,000 speeches' ~40,000; beyond it the memo starts over


def _reserved(files) -> None:
    for f in files.documentation_pages():
        if library.is_generated(f.src_uri):
            raise PluginError(f"docs/{f.src_uri}: 此页面由构建自动生成，请删除该文件"
                              "（讲话资料库、标签页和历届主题的内容来自讲话前置元数据和 campaigns.yml）")


def _render(entries, files, config):
    """(themes Markdown, library_pages.Plan); links between pages computed by MkDocs' File."""
    made: dict[str, File] = {}
    links: dict[tuple[str, str], str] = {}   # a tag's link is made once per listing page, not per entry

    def file_of(src: str) -> File:
        found = files.get_file_from_path(src) or made.get(src)
        if found is None:
            found = made[src] = File.generated(config, src, content="")
        return found

    def link(to: str, here: str) -> str:
        url = links.get((to, here))
        if url is None:
            url = links[(to, here)] = file_of(to).url_relative_to(file_of(here))
        return url

    # Each speech's list items are kept by the build's page cache (a speech added costs its own),
    # and by the live preview in memory between saves.
    items = site_facts.ListItems(config.use_directory_urls)
    entry = _kept_items(items, config.use_directory_urls) if _memo.get("serve") else items
    plan = library_pages.plan(entries, campaign.all_campaigns(), link, entry=entry, base_slug=items.base_slug)
    items.save()
    themes = library.render_themes(
        campaign.all_campaigns(), entries, campaign.current().year,
        lambda year: file_of(library_pages.page_src(library_pages.listing_base("year", year), 1)).url_relative_to(file_of(THEMES)))
    return themes, plan


def on_startup(command, **kwargs):
    _memo["serve"] = command == "serve"


def _kept_items(items, directory_urls: bool):
    """The live preview's list items, kept between saves under the parts the build's page
    cache keeps them under (site_facts.ListItems: the entry but its text, the URL style, its
    tags' slugs, the listing page and what the item shows): a title or tag edited at 3,000
    speeches rendered all 38,000 items of every list again (1 s per save)."""
    fields: dict[int, tuple] = {}   # id(entry) -> its index_key row, for this build's entries

    def entry(e, links, here: str, show_year: bool, show_tags: bool) -> str:
        row = fields.get(id(e))
        if row is None:
            row = fields[id(e)] = (e, library.index_key([e])[0])
        key = (row[1], directory_urls, tuple((t, links.tag_slugs[t]) for t in e.tags), here, show_year, show_tags)
        item = _items.get(key)
        if item is None:
            if len(_items) >= MAX_ITEMS:
                _items.clear()
            item = _items[key] = items(e, links, here, show_year, show_tags)
        return item
    return entry


def on_files(files, config, **kwargs):
    try:
        entries = library.collect(library.speech_pages(files))
    except library.LibraryError as exc:
        raise PluginError(str(exc)) from exc
    _reserved(files)
    key = (library.index_key(entries), tuple(campaign.all_campaigns()), campaign.current().year, config.use_directory_urls)
    if _memo.get("key") != key:
        try:
            _memo["pages"] = site_facts.library_plan(key, lambda: _render(entries, files, config))
        except listing.ListingError as exc:
            raise PluginError(f"docs/{LIBRARY}: {exc}") from exc
        _memo["key"] = key
    themes, plan = _memo["pages"]
    files.append(File.generated(config, THEMES, content=themes))
    for src, text in plan.pages.items():
        files.append(File.generated(config, src, content=text))
    config.extra["latest_speeches"] = facts.speech_cards(entries, lambda src: files.get_file_from_path(src).url)
    return files


def _plan() -> library_pages.Plan:
    """This build's page plan (an empty one before on_files has run)."""
    return _memo["pages"][1] if "pages" in _memo else library_pages.Plan()


def on_env(env, config, files, **kwargs):
    def page_url(src):
        try:
            return facts.page_url(files, src)
        except ValueError as exc:
            raise PluginError(str(exc)) from exc

    plan = _plan()
    env.filters["page_url"] = page_url
    # Campaign themes wrap between phrases, not inside a word (site/phrases.py); already escaped.
    env.filters["phrases"] = lambda text: Markup(phrases.phrases_html(str(text)))
    # A tag the library does not know (not a str, or blank) gets no link: None.
    env.filters["tag_page"] = lambda tag: plan.tag_pages.get(str(tag).strip())
    env.filters["year_page"] = lambda src: plan.year_pages.get(src)
    return env


def on_page_content(html, page, config, files, **kwargs):
    """A listing page's list, rendered with the plan, in place of its mark (LIST_MARK)."""
    plan = _plan()
    try:
        return plan.fill(page.file.src_uri, html)
    except ValueError as exc:
        raise PluginError(str(exc)) from exc


def on_pre_build(config, **kwargs):
    _memo["written"] = []


def on_post_page(output, page, config, **kwargs):
    if library_pages.is_generated(page.file.src_uri):
        _memo.setdefault("written", []).append((page.file.src_uri, page.file.abs_dest_path))
    return output


def on_post_build(config, **kwargs):
    """A library or tag page over PAGE_CAP stops the build naming it. The split by measured
    bytes keeps their lists under it; this holds the frame around them (theme, share box, CSP
    meta, written by other hooks, some after on_post_page) to listing.CHROME_ALLOWANCE."""
    for src, path in _memo.get("written", []):
        size = os.path.getsize(path)
        if size > listing.PAGE_CAP:
            raise PluginError(f"docs/{src}: 生成的页面有 {size} 字节，超过上限 {listing.PAGE_CAP} 字节"
                              "（页面框架超过了 listing.CHROME_ALLOWANCE）")
