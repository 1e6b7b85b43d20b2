"""Find references in built files that would make a browser contact an outside host.

The site is read in mainland China and on intranets with no internet, so every resource a
page loads must come from the site itself. A *reference* here is anything a browser fetches
without the reader asking: src/srcset/poster/data/action attributes, <link href>, CSS url()
and @import, and absolute URLs inside JavaScript. Plain <a href> links to other sites are
navigation the reader chooses, so they are allowed (the provenance box shows source URLs as
text, not links, anyway).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from safety_month.publish import site_files

# Attributes whose URL the browser fetches by itself.
FETCHING_ATTRS = ("src", "srcset", "poster", "data", "action", "formaction", "background")
# Namespace and doctype identifiers look like URLs but are never fetched.
NON_FETCHED_PREFIXES = (
    "http://www.w3.org/",
    "https://www.w3.org/",
    "http://www.sitemaps.org/",
    "https://www.sitemaps.org/",
)
TEXT_SUFFIXES = {".html", ".htm", ".css", ".js", ".json", ".xml", ".svg", ".webmanifest"}
# The suffixes find_outside_refs has rules for; scan_tree reads no other file (the search
# index's JSON is tens of MB of page text).
SCANNED_SUFFIXES = {".html", ".htm", ".svg", ".css", ".js", ".webmanifest"}
# Data that only looks like code: the offline edition's copy of the search index
# ("var __index = {...}") holds page text, where a quoted source URL is text, not a request.
DATA_FILES = {"search/search_index.js"}

# Possessive (*+, ++): a tag has one way to match, so nothing is given back; the same
# matches as the plain pattern, with less work per character.
_TAG = re.compile(r"<([a-zA-Z][\w-]*+)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>")
_ATTR = re.compile(r"([\w:-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)")
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
_CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")
_ABS_URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?[^\s'"`)<>]*""")
_JS_URL = re.compile(r"""["'`]((?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^"'`\s]*)["'`]""")


@dataclass(frozen=True)
class OutsideRef:
    path: str
    line: int
    url: str
    kind: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind} loads {self.url}"


def host_of(url: str) -> str | None:
    """Host of an absolute or protocol-relative URL; None for relative or data: URLs."""
    if url.startswith("//"):
        url = "http:" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    return (parts.hostname or "").lower() or None


def _is_outside(url: str, own_hosts: frozenset[str]) -> bool:
    url = url.strip()
    if url.startswith(NON_FETCHED_PREFIXES):
        return False
    host = host_of(url)
    return host is not None and host not in own_hosts


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _html_refs(text: str):
    for tag in _TAG.finditer(text):
        if "/" not in tag.group(2):
            continue   # no URL with a host (it needs "//"): most tags of a page, skipped fast
        name = tag.group(1).lower()
        for attr in _ATTR.finditer(tag.group(2)):
            key = attr.group(1).lower()
            value = attr.group(2).strip("\"'")
            if key in FETCHING_ATTRS or (key == "href" and name == "link"):
                urls = [u.strip().split(" ")[0] for u in value.split(",")] if key == "srcset" else [value]
                for url in urls:
                    yield tag.start(), url, f"<{name} {key}>"
            elif key == "style":
                for m in _CSS_URL.finditer(value):
                    yield tag.start(), m.group(1), "inline style url()"
    for block in re.finditer(r"<style[^>]*>(.*?)</style>", text, re.S | re.I):
        for pos, url, kind in _css_refs(block.group(1)):
            yield block.start(1) + pos, url, kind
    for block in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", text, re.S | re.I):
        for pos, url, kind in _js_refs(block.group(1)):
            yield block.start(1) + pos, url, "inline " + kind


def _css_refs(text: str):
    for m in _CSS_URL.finditer(text):
        yield m.start(), m.group(1), "CSS url()"
    for m in _CSS_IMPORT.finditer(text):
        yield m.start(), m.group(1), "CSS @import"


def _js_refs(text: str):
    for m in _JS_URL.finditer(text):
        yield m.start(), m.group(1), "script URL"


def find_outside_refs(text: str, suffix: str, own_hosts: frozenset[str], path: str = "") -> list[OutsideRef]:
    """All outside references in one file's text, judged by its suffix."""
    suffix = suffix.lower()
    if suffix in (".html", ".htm", ".svg"):
        found = _html_refs(text)
    elif suffix == ".css":
        found = _css_refs(text)
    elif suffix == ".js":
        found = _js_refs(text)
    elif suffix == ".webmanifest":
        found = ((m.start(), m.group(0), "manifest URL") for m in _ABS_URL.finditer(text))
    else:
        return []
    return [
        OutsideRef(path, _line_of(text, pos), url, kind)
        for pos, url, kind in found
        if _is_outside(url, own_hosts)
    ]


def own_hosts_for(site_url: str | None) -> frozenset[str]:
    hosts = {"127.0.0.1", "localhost", "[::1]", "::1"}
    if site_url and host_of(site_url):
        hosts.add(host_of(site_url))
    return frozenset(hosts)


def scan_tree(root: Path, own_hosts: frozenset[str], done: frozenset[str] = frozenset()) -> list[OutsideRef]:
    """Scan every text asset below root (a built site/), except the files `done` (POSIX
    paths relative to root: pages scanned by find_outside_refs as they were rendered)."""
    refs: list[OutsideRef] = []
    for path in site_files.files(root):   # the build's one listing of site/
        if path.suffix.lower() not in SCANNED_SUFFIXES or not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if path.name.endswith(".map") or rel in DATA_FILES or rel in done:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        refs.extend(find_outside_refs(text, path.suffix, own_hosts, str(path.relative_to(root))))
    return refs


def in_tree_order(refs: list[OutsideRef]) -> list[OutsideRef]:
    """refs of several scans in the order one scan_tree of the whole site lists them."""
    return sorted(refs, key=lambda ref: Path(ref.path).parts)   # stable: a file's refs keep their order
