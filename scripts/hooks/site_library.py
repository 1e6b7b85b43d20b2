"""MkDocs hook: the speech library index and 历届主题 pages, generated in memory at build time;
the `page_url` template filter (docs source path -> the page's URL in either URL mode) and the
`phrases` filter (a theme as phrases that wrap as units)."""

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from safety_month import campaign
from safety_month.site import library, facts, phrases

LIBRARY, THEMES = library.LIBRARY_PAGE, library.THEMES_PAGE
# The live preview rebuilds after every save: render both pages again only when the speeches'
# front matter, the campaigns or the URL style changed (the hook module lives on between saves).
_memo: dict = {}


def on_files(files, config, **kwargs):
    try:
        entries = library.collect(library.speech_pages(files))
    except library.LibraryError as exc:
        raise PluginError(str(exc)) from exc
    for path in (LIBRARY, THEMES):
        if files.get_file_from_path(path):
            raise PluginError(f"docs/{path}: 此页面由构建自动生成，请删除该文件（内容来自讲话前置元数据和 campaigns.yml）")
    lib = File.generated(config, LIBRARY, content="")
    themes = File.generated(config, THEMES, content="")
    key = (library.index_key(entries), tuple(campaign.all_campaigns()), campaign.current().year, config.use_directory_urls)
    if _memo.get("key") != key:
        _memo["key"] = key
        _memo["pages"] = (
            library.render_library(entries, lambda src: files.get_file_from_path(src).url_relative_to(lib), campaign.all_campaigns()),
            library.render_themes(campaign.all_campaigns(), entries, campaign.current().year, lib.url_relative_to(themes)))
    lib.content_string, themes.content_string = _memo["pages"]
    files.append(lib)
    files.append(themes)
    config.extra["latest_speeches"] = facts.speech_cards(entries, lambda src: files.get_file_from_path(src).url)
    return files


def on_env(env, config, files, **kwargs):
    def page_url(src):
        try:
            return facts.page_url(files, src)
        except ValueError as exc:
            raise PluginError(str(exc)) from exc

    env.filters["page_url"] = page_url
    # Campaign themes wrap between phrases, not inside a word (site/phrases.py); already escaped.
    env.filters["phrases"] = lambda text: Markup(phrases.phrases_html(str(text)))
    return env
