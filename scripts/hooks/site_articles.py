"""MkDocs hook: every 五进 article listed on its section page, and 通知公告 (a generated index
page in the navigation, the newest notices on the home page)."""

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from safety_month.pages import schema
from safety_month.site import articles

_state: dict = {}


def on_files(files, config, **kwargs):
    if files.get_file_from_path(articles.NOTICES_PAGE):
        raise PluginError(f"docs/{articles.NOTICES_PAGE}: 此页面由构建自动生成（列出全部通知公告），请删除该文件")
    found = articles.collect(articles.candidate_pages(files))
    index = File.generated(config, articles.NOTICES_PAGE, content="")
    notices = articles.notices(found)
    index.content_string = articles.render_notices(
        notices, lambda src: files.get_file_from_path(src).url_relative_to(index))
    files.append(index)
    config.extra["latest_notices"] = articles.notice_cards(notices, lambda src: files.get_file_from_path(src).url)
    _state.update(articles=found, files=files)
    return files


def on_page_markdown(markdown, page, **kwargs):
    audience = page.meta.get("audience")
    # The section pages (wujin/qiye.md …) carry `audience:` as plain pages; an article carries
    # it too (kind: wujin) but is not a section.
    if not isinstance(audience, str) or page.meta.get("kind") == "wujin" or not _is_section(page.file.src_uri, audience):
        return markdown
    files = _state["files"]
    block = articles.section_block(
        articles.of_audience(_state["articles"], audience),
        lambda src: files.get_file_from_path(src).url_relative_to(page.file))
    return articles.place_in_section(markdown, block)


def _is_section(src_uri: str, audience: str) -> bool:
    try:
        folder = schema.audience_folder(audience)
    except KeyError:
        return False     # the editors' checks report an unknown audience with its line
    return src_uri == f"{articles.folders()['wujin']}{folder}.md"
