"""Speech pages kept rendered in memory across `mkdocs serve` rebuilds (preview only).

`mkdocs serve` rebuilds the whole site on every save; with 1,000 speeches that is seconds of
YAML parsing, Markdown conversion and template rendering for pages that did not change. Each
step of a speech page is cached under a key made of everything it reads:

- reading (`read_source`): the file's bytes -> (markdown, meta);
- Markdown conversion (`render`): the site key, the page path and its Markdown after the
  on_page_markdown hooks -> content, toc, title, anchors;
- the template (`render` of the page template): the site key, the page path, its content
  (after on_env hooks such as the editor-checks box), meta, title and toc -> HTML.

The site key (`site_key`) covers what is shared by all pages: the configuration files, the
theme overrides, the list of files, every page that is not a speech (the navigation's titles,
the generated library pages) and config.extra. Change any of it and every page is rebuilt;
change one speech and only that speech is. Never used by `mkdocs build` (the published site).

Per-page keys are tuples of the inputs themselves, not digests: Python caches a string's hash
on the object, and unchanged pages hand the very same objects back on every save (file bytes
from safety_month.preview.files, Markdown and HTML from these caches), so a look-up costs no
hashing of page text; equal keys are compared in full, never by a digest alone.
"""

from __future__ import annotations

import hashlib
import os
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from safety_month.pages.contract import SPEECH_PREFIX
from safety_month.preview import answers
from safety_month.theme import internals

MAX_ENTRIES = 20000   # per cache; far above any site, a bound against unbounded growth


@dataclass
class Rendered:
    content: str
    toc: object
    title: str | None
    present_anchor_ids: set
    links_to_anchors: dict | None


_sources: dict[bytes, tuple[str, dict]] = {}
_rendered: dict[tuple, Rendered] = {}
_html: dict[tuple, str] = {}
_state = {"site": ""}


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def cacheable(src_uri: str) -> bool:
    """Every Markdown page goes through the caches (its keys hold all it depends on)."""
    return src_uri.endswith(".md")


def in_site_key(src_uri: str) -> bool:
    """Pages whose text other pages may show (titles in the navigation, the home page …):
    every page but the speeches, which no other page's HTML is made from."""
    return src_uri.endswith(".md") and not src_uri.startswith(SPEECH_PREFIX)


def _put(cache: dict, key, value) -> None:
    if len(cache) >= MAX_ENTRIES:
        cache.clear()
    cache[key] = value


def _tree_stamp(folder: Path) -> str:
    """Names, sizes and modification times of every file under folder (theme overrides)."""
    if not folder.is_dir():
        return ""
    rows = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st = path.stat()
            rows.append(f"{path.relative_to(folder).as_posix()}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(rows)


def site_key(config_files: list[Path], theme_dirs: list[Path], pages: list[tuple[str, bytes | None]],
             extra: dict) -> str:
    """pages: (src_uri, content or None for speech pages) of every file in the build."""
    parts: list[str | bytes] = []
    for path in config_files:
        parts += [str(path), path.read_bytes() if path.is_file() else b""]
    parts += [_tree_stamp(d) for d in theme_dirs]
    for src_uri, data in pages:
        parts += [src_uri, data if data is not None else b"-"]
    parts.append(json.dumps(extra, sort_keys=True, ensure_ascii=False, default=str))
    return digest(*parts)


def start_build(key: str) -> None:
    _state["site"] = key


def current_site() -> str:
    return _state["site"]


# ---------------------------------------------------------------- MkDocs glue (the hook)

def config_files(config) -> list[Path]:
    """The configuration file and every file it INHERITs from."""
    out, path = [], Path(config.config_file_path).resolve()
    while path.is_file() and path not in out:
        out.append(path)
        parent = _inherits(path.read_text(encoding="utf-8"))
        if not parent:
            break
        path = (path.parent / parent).resolve()
    return out


@lru_cache(maxsize=16)   # parsed once per text: every save reads the configuration again
def _inherits(text: str) -> str | None:
    """The INHERIT of a configuration file's text, if any."""
    import yaml

    try:
        parent = (yaml.safe_load(text) or {}).get("INHERIT")
    except (yaml.YAMLError, AttributeError):
        return None
    return parent if isinstance(parent, str) else None


def shown_elsewhere(data: bytes) -> bytes:
    """What other pages can show of a page the build generates (library, tag, notices pages):
    its front matter (the navigation's title) and its heading lines. Its body is its own: a
    listing's entries change with every speech title, tag or date edited, and with the whole
    body in the site key each such save rendered every page again (0.5 s per 100 speeches).
    The page itself is keyed on its own Markdown (render_key) and content (html_key)."""
    lines = data.split(b"\n")
    close = lines.index(b"---", 1) if lines and lines[0] == b"---" and b"---" in lines[1:] else 0
    return b"\n".join(lines[:close + 1] + [line for line in lines[close + 1:] if line.startswith((b"#", b"<h1"))])


def files_key(files, config) -> str:
    pages = []
    for f in sorted(files, key=lambda f: f.src_uri):
        data = f.content_bytes if in_site_key(f.src_uri) else None
        pages.append((f.src_uri, shown_elsewhere(data) if data is not None and f.generated_by else data))
    return site_key(config_files(config), custom_theme_dirs(config.theme.dirs), pages, dict(config.extra))


def custom_theme_dirs(dirs) -> list[Path]:
    """Theme folders outside installed packages (overrides/): the ones an editor may change."""
    return [Path(d) for d in dirs if not Path(d).resolve().is_relative_to(_package_root())]


def _package_root() -> Path:
    import material

    return Path(material.__file__).resolve().parent.parent   # site-packages


_theme_files: dict[str, list[tuple[str, str]]] = {}


def cache_theme_files() -> None:
    """Files.add_files_from_theme lists ~14,000 theme files (icons) on every rebuild; keep
    the list found while the theme folders outside site-packages are unchanged."""
    from mkdocs.structure.files import File, Files

    if internals.patched(Files, "add_files_from_theme"):
        return
    original = Files.add_files_from_theme

    def add_files_from_theme(self, env, config):
        key = digest(repr(list(config.theme.dirs)), repr(list(config.theme.static_templates)),
                     *[_tree_stamp(d) for d in custom_theme_dirs(config.theme.dirs)])
        found = _theme_files.get(key)
        if found is None:
            probe = Files([])
            original(probe, env, config)
            found = _theme_files[key] = [(f.src_uri, f.src_dir) for f in probe]
        for path, folder in found:
            if self.get_file_from_path(path) is None:
                self.append(File(path, folder, config.site_dir, config.use_directory_urls))

    internals.patch(internals.THEME_FILES, Files, "add_files_from_theme", add_files_from_theme, once=True)


def read_source(page) -> None:
    """Page.read_source, cached on the file's bytes."""
    from mkdocs.utils import meta as mkdocs_meta

    data = page.file.content_bytes
    cached = _sources.get(data)
    if cached is None:
        cached = mkdocs_meta.get_data(data.decode("utf-8-sig") if data.startswith(b"\xef\xbb\xbf")
                                      else data.decode("utf-8"))
        _put(_sources, data, cached)
    markdown, meta = cached
    # Hooks set top-level defaults in page.meta (site_speech: template, description, hide)
    # and none changes a nested value in place: a copy of the top level keeps the cached
    # meta as read (a deep copy of every page's review list took 0.2 s per save at 3,000).
    page.markdown, page.meta = markdown, dict(meta)


def render_key(page) -> tuple:
    # (kind decides whether the speech Markdown extension renders the page: site.markup)
    return (_state["site"], page.file.src_uri, page.markdown or "", str(page.meta.get("kind")))


def render(page, original, config, files) -> None:
    """Page.render, cached on the site key and the page's final Markdown."""
    key = render_key(page)
    hit = _rendered.get(key)
    if hit is None:
        original(config, files)
        hit = Rendered(page.content, page.toc, page._title_from_render, set(page.present_anchor_ids),
                       getattr(page, "links_to_anchors", None))
        _put(_rendered, key, hit)
    page.content, page.toc = hit.content, hit.toc
    internals.patch(internals.PAGE_CACHE, page, "_title_from_render", hit.title)
    page.present_anchor_ids = set(hit.present_anchor_ids)
    if hit.links_to_anchors is not None:
        page.links_to_anchors = hit.links_to_anchors


def html_key(page) -> tuple:
    return (_state["site"], page.file.src_uri, page.content or "", str(page.title),
            json.dumps(page.meta, sort_keys=True, ensure_ascii=False, default=str))


def render_template(original, context, *args, **kwargs) -> str:
    """Template.render of a page template: a speech page's output is reused while its inputs
    are equal and each filter its rendering asked (preview.answers) answers as it did; everything else
    is rendered as usual."""
    page = context.get("page") if isinstance(context, dict) and not args and not kwargs else None
    if page is None or getattr(page, "file", None) is None or not cacheable(page.file.src_uri):
        return original(context, *args, **kwargs)
    key = html_key(page)
    hit = _html.get(key)
    if hit is None or not answers.hold(hit[1]):
        hit = answers.recording(lambda: original(context))
        _put(_html, key, hit)
    answers.rendered(hit[1])
    return hit[0]


# Theme templates made from the whole site, not from one page: sitemap.xml lists every page's
# address and build date (3,400 entries rendered on every save), 404.html the navigation.
# Everything they read is in the site key (the file list, the navigation's pages, config),
# but the date of the build.
SITE_TEMPLATES = ("sitemap.xml", "404.html")
_site_html: dict[tuple, str] = {}


def clear() -> None:
    """Forget every page and template kept (the next build renders everything)."""
    for cache in (_sources, _rendered, _html, _site_html, _theme_files):
        cache.clear()


def render_site_template(name: str, original, context, *args, **kwargs) -> str:
    from mkdocs.utils import get_build_date

    if not isinstance(context, dict) or context.get("page") is not None or args or kwargs:
        return original(context, *args, **kwargs)
    key = (_state["site"], name, get_build_date())
    out = _site_html.get(key)
    if out is None:
        out = original(context)
        _put(_site_html, key, out)
    return out


def wrap_templates(env):
    """Templates from env.get_template render through render_template (top-level renders
    only: Jinja's include and extends do not call Template.render)."""
    get_template = env.get_template

    def cached_get_template(name, *args, **kwargs):
        template = get_template(name, *args, **kwargs)
        if "render" not in vars(template):
            original = template.render
            render = render_template if name not in SITE_TEMPLATES else \
                lambda *a, **k: render_site_template(str(name), *a, **k)
            internals.patch(internals.TEMPLATE_CACHE, template, "render",
                            lambda *a, **k: render(original, *a, **k))
        return template

    internals.patch(internals.TEMPLATE_CACHE, env, "get_template", cached_get_template)
    return env


def attach_page(page) -> None:
    """Route one speech page's reading and Markdown conversion through the caches."""
    if page.file is None or not cacheable(page.file.src_uri):
        return
    original_render = page.render
    internals.patch(internals.PAGE_CACHE, page, "read_source", lambda config: read_source(page))
    internals.patch(internals.PAGE_CACHE, page, "render",
                    lambda config, files: render(page, original_render, config, files))


# ---------------------------------------------------------------- the preview's site folder
# MkDocs empties the site folder before every build and writes every page again: with 1,000
# pages, creating the folders and files is most of what is left of a rebuild. For the preview
# folder only, pages are written when their bytes changed, and pages no build wrote since the
# last one (deleted sources) are removed afterwards instead of emptying the folder first.

_written: dict[str, str] = {}   # output path -> digest of the bytes last written there
_touched: set[str] = set()      # output paths written (or found equal) in this build
# A page whose output is the very same str object as in the last build (its HTML came from
# the caches above and the memoized post_page filters) needs neither MkDocs' bytes hashed nor
# a write: at 3,000 pages hashing them took a tenth of a rebuild. The strs are those the
# caches hold anyway.
_outputs: dict[str, str] = {}   # output path -> the page output last seen (on_post_page)
_same: set[str] = set()         # output paths whose output is that very object again


def note_output(dest_path: str, output: str) -> None:
    """Called with each page's final output (the last on_post_page)."""
    if _outputs.get(dest_path) is output:
        _same.add(dest_path)
    else:
        _same.discard(dest_path)
        _outputs[dest_path] = output


def keep_site_dir(site_dir: str) -> None:
    """Route mkdocs.utils.clean_directory and write_file for site_dir through the cache."""
    import mkdocs.utils as mkdocs_utils

    _state["site_dir"] = os.path.abspath(site_dir)
    _touched.clear()
    if internals.patched(mkdocs_utils, "write_file"):
        return
    original_write, original_clean = mkdocs_utils.write_file, mkdocs_utils.clean_directory

    def ours(path: str) -> bool:
        return bool(_state.get("site_dir")) and os.path.abspath(path).startswith(_state["site_dir"] + os.sep)

    def write_file(content: bytes, output_path: str) -> None:
        if not ours(output_path):
            return original_write(content, output_path)
        _touched.add(output_path)
        if output_path in _same and output_path in _written and os.path.isfile(output_path):
            return None
        key = digest(content)
        if _written.get(output_path) == key and os.path.isfile(output_path):
            return None
        _written.pop(output_path, None)     # known again only once written in full
        original_write(content, output_path)
        _written[output_path] = key

    def clean_directory(directory: str) -> None:
        if os.path.abspath(directory) != _state.get("site_dir"):
            original_clean(directory)

    internals.patch(internals.SITE_WRITES, mkdocs_utils, "write_file", write_file, once=True)
    internals.patch(internals.SITE_WRITES, mkdocs_utils, "clean_directory", clean_directory, once=True)


def still_written(output_path: str) -> bool:
    """Whether output_path holds what the preview wrote there last (it then counts as written
    by this build: preview.skip leaves an unchanged page's file as it is)."""
    if output_path in _written and os.path.isfile(output_path):
        _touched.add(output_path)
        return True
    return False


def prune_stale() -> list[str]:
    """Remove pages written by an earlier build but not by this one; return their paths."""
    stale = [path for path in _written if path not in _touched and path.startswith(_state.get("site_dir", "\0"))]
    for path in stale:
        del _written[path]
        _outputs.pop(path, None)
        _same.discard(path)
        if os.path.isfile(path):
            os.remove(path)
    return stale
