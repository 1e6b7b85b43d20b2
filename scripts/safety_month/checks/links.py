"""Broken internal links and anchors.

Markdown links ``[text](target)``, images, reference definitions and HTML href/src in a page
are resolved like MkDocs does: relative to the page's folder inside docs/. A target must be a
page or file of the site; a ``#anchor`` must be an id of the target page as rendered (heading
ids made by the toc slugify of mkdocs.yml, attr_list ids such as ``{: #p-3 }``, HTML ids).
Links starting with "/" are reported too: the site may be served under a sub-path.

The anchors come from the caller: the build passes the ids of the rendered pages; the
``check`` command renders the pages with the same Markdown settings (``render_ids``).
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from functools import lru_cache
from typing import Callable, Collection, Iterable, Mapping
from urllib.parse import unquote

from .issue import Issue
from .page import Page

# Link text may hold one level of [brackets] without further "[" inside: with "[" allowed
# there, every "[" of a line of them tried the rest of the line (quadratic).
_INLINE_RE = re.compile(r"(!?)\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*(<[^>\n]*>|(?:[^()\s]|\([^()\s]*\))+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REF_DEF_RE = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*<?([^\s>]+)>?")
_HTML_ATTR_RE = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
_ID_RE = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:|^//")


def targets(page: Page) -> list[tuple[int, int, str]]:
    """(line, 1-based col, target) of every link-like reference in the page body."""
    found = page.derived.get("link_targets")
    if found is None:
        found = page.derived["link_targets"] = tuple(_find_targets(page))
    return list(found)


def _find_targets(page: Page) -> list[tuple[int, int, str]]:
    out = []
    for no, line in page.body_lines:
        if "](" not in line and "]:" not in line and "=" not in line:
            continue   # none of the three patterns can match (most lines of a speech)
        for m in _INLINE_RE.finditer(line):
            target = m.group(2)
            if target.startswith("<") and target.endswith(">"):
                target = target[1:-1]
            out.append((no, m.start(2) + 1, target))
        m = _REF_DEF_RE.match(line)
        if m:
            out.append((no, m.start(1) + 1, m.group(1)))
        for m in _HTML_ATTR_RE.finditer(line):
            out.append((no, m.start(1) + 1, html.unescape(m.group(1))))
    return out


class LazyAnchors(Mapping):
    """src_uri -> ids of that page, found (`ids_of(src_uri)`) only when a link asks for one
    of its anchors, once: a site's pages link to a few anchors, and finding a page's ids
    means scanning its HTML (the build) or rendering it (`safety-month check`)."""

    def __init__(self, uris: Collection[str], ids_of: Callable[[str], set[str]]):
        self._uris, self._ids_of, self._found = uris, ids_of, {}

    def __getitem__(self, src_uri: str) -> set[str]:
        if src_uri not in self._found:
            if src_uri not in self._uris:
                raise KeyError(src_uri)
            self._found[src_uri] = self._ids_of(src_uri)
        return self._found[src_uri]

    def __contains__(self, src_uri) -> bool:
        return src_uri in self._uris

    def __iter__(self):
        return iter(self._uris)

    def __len__(self):
        return len(self._uris)


def ids_in_html(content: str) -> set[str]:
    return set(_ids_cached(content))


@lru_cache(maxsize=8192)   # `mkdocs serve` asks again for every unchanged page on each save
def _ids_cached(content: str) -> frozenset[str]:
    return frozenset(html.unescape(v) for v in _ID_RE.findall(content))


def resolve(src_uri: str, target: str) -> tuple[str | None, str, str]:
    """(path inside docs/ or None for the page itself, anchor, kind) of a relative target.

    kind: "external" (scheme or //host), "absolute" (starts with /), "relative".
    """
    if _SCHEME_RE.match(target):
        return None, "", "external"
    path, _, anchor = target.partition("#")
    path = path.split("?", 1)[0]
    anchor = unquote(anchor)
    if path.startswith("/"):
        return unquote(path), anchor, "absolute"
    if not path:
        return None, anchor, "relative"
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(path)))
    if path.endswith("/"):
        joined += "/"
    return joined, anchor, "relative"


def _page_for(path: str, pages: set[str]) -> str | None:
    """The src_uri a path names: a page, or a folder's index.md/README.md."""
    candidates = [path] if not path.endswith("/") else []
    base = path.rstrip("/")
    candidates += [f"{base}/index.md", f"{base}/README.md"] if base not in ("", ".") else ["index.md", "README.md"]
    return next((c for c in candidates if c in pages), None)


def check_site(
    pages: Iterable[Page],
    anchors: Mapping[str, set[str]],
    files: set[str],
    slugify: Callable[[str], str] | None = None,
) -> list[Issue]:
    """Issues for links in ``pages``; ``files`` are all src_uris of the site (pages and assets),
    ``anchors`` maps a page's src_uri to its ids (pages missing from it are not anchor-checked)."""
    page_uris = {f for f in files if f.endswith(".md")}
    out = []
    for page in pages:
        if page.src_uri is None:
            continue
        for line, col, target in targets(page):
            path, anchor, kind = resolve(page.src_uri, target)
            if kind == "external":
                continue
            if kind == "absolute":
                out.append(Issue(page.path, line, col, "link.absolute",
                                 f"链接“{target}”以 / 开头：网站部署在子路径下时会失效",
                                 _absolute_fix(page.src_uri, path, anchor, page_uris | files)))
                continue
            dest = page.src_uri if path is None else None
            if path is not None:
                if path.endswith(".md") or path.endswith("/") or "." not in posixpath.basename(path):
                    dest = _page_for(path, page_uris)
                    if dest is None and path.rstrip("/") in files:
                        dest = path.rstrip("/")
                elif path in files:
                    dest = path
                if dest is None:
                    out.append(Issue(page.path, line, col, "link.missing",
                                     f"链接目标“{target}”不存在（找的是 docs/{path}）",
                                     _missing_fix(page.src_uri, target, path, anchor, page_uris, files)))
                    continue
            if anchor and dest in anchors and anchor not in anchors[dest]:
                out.append(Issue(page.path, line, col, "link.anchor",
                                 f"链接“{target}”的锚点 #{anchor} 在 docs/{dest} 中不存在",
                                 _anchor_fix(anchor, anchors[dest], slugify)))
    return out


def relative_link(src_uri: str, dest: str, anchor: str = "") -> str:
    """The link to write in page ``src_uri`` for ``dest`` (both inside docs/): relative to the
    page's own folder, as MkDocs resolves it."""
    link = posixpath.relpath(dest, posixpath.dirname(src_uri) or ".")
    return link + (f"#{anchor}" if anchor else "")


def _existing(path: str, pages: set[str], files: set[str]) -> str | None:
    path = path.lstrip("/")
    return _page_for(path, pages) or (path if path in files else None)


def _absolute_fix(src_uri: str, path: str, anchor: str, known: set[str]) -> str:
    dest = _existing(path, {k for k in known if k.endswith(".md")}, known)
    if dest is not None:
        return f"改为“{relative_link(src_uri, dest, anchor)}”（相对于本页所在的文件夹）"
    return "改用相对于本页的 .md 文件路径，例如 ../wujin/qiye.md"


def _missing_fix(src_uri: str, target: str, path: str, anchor: str, pages: set[str], files: set[str]) -> str:
    # Written from the docs folder instead of from the page's own folder: the commonest slip.
    from_root = _existing(target.partition("#")[0].split("?", 1)[0], pages, files)
    if from_root is not None and from_root != path:
        return f"改为“{relative_link(src_uri, from_root, anchor)}”（链接要写相对于本页所在文件夹的路径）"
    close = difflib.get_close_matches(path, sorted(pages | files), n=1, cutoff=0.6)
    if close:
        return f"是不是 docs/{close[0]}？那样应写成“{relative_link(src_uri, close[0], anchor)}”"
    return "检查文件名和路径（相对于本页所在的文件夹），或先新建那个页面"


def _anchor_fix(anchor: str, ids: set[str], slugify) -> str:
    if slugify is not None:
        slug = slugify(anchor, "-")
        if slug in ids:
            return f"锚点应写成 #{slug}（标题锚点按 mkdocs.yml 的 slugify 生成）"
    close = difflib.get_close_matches(anchor, sorted(ids), n=1, cutoff=0.6)
    if close:
        return f"是不是 #{close[0]}？"
    return "打开目标页面，点标题旁的 ¶ 复制正确的链接；段落锚点形如 #p-3"


def render_ids(markdown_text: str, extensions: list, extension_configs: dict) -> set[str]:
    """Ids a page body gets when rendered with the site's Markdown settings."""
    import markdown

    md = markdown.Markdown(extensions=extensions, extension_configs=extension_configs)
    return ids_in_html(md.convert(markdown_text))
