"""MkDocs hook: lighter pages (safety_month.site.icons; JSON without \\u escapes).

- The theme's chrome icons come from one generated stylesheet (assets/stylesheets/icons.css)
  instead of inline path data on every page.
- Template JSON (the theme's __config block) keeps Chinese as UTF-8: "\\u5df2\\u590d\\u5236"
  becomes "已复制" (a third of the bytes). Jinja's tojson still escapes < > & ' for HTML.
"""

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from safety_month.site import icons
from safety_month.preview.memo import PageMemo

CSS = "assets/stylesheets/icons.css"
_table: dict[str, str] = {}
_filter = {"page": None}


def on_startup(command, **kwargs):
    # The live preview hands unchanged pages back as the same HTML: filter each only once.
    _filter["serve"] = command == "serve"


def on_config(config, **kwargs):
    global _table
    try:
        _table = icons.load()
    except icons.IconError as exc:
        raise PluginError(str(exc)) from exc
    if _filter.get("table") != _table or _filter["page"] is None:
        # A new filter only when the icon table changed (the preview keeps it between saves).
        _filter["table"] = table = dict(_table)
        page_filter = lambda html: icons.externalize(html, table)  # noqa: E731
        _filter["page"] = PageMemo(page_filter) if _filter.get("serve") else page_filter
    if CSS not in [str(x) for x in config["extra_css"]]:
        config["extra_css"].append(CSS)
    return config


def on_files(files, config, **kwargs):
    files.append(File.generated(config, CSS, content=icons.stylesheet(_table)))
    return files


def on_env(env, config, files, **kwargs):
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def on_post_page(output, page, config, **kwargs):
    return _filter["page"](output)


def on_post_template(output_content, template_name, config, **kwargs):
    return icons.externalize(output_content, _table)
