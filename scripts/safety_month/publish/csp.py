"""Content-Security-Policy for the built site, computed from the pages themselves.

Pages may hold inline scripts (Material's content-tab state on pages with tabs; the theme's
palette and storage scripts come from a file: safety_month.site.early). A policy without
'unsafe-inline' must list each one by its sha256 hash, and the
hashes change whenever the theme or a template changes, so the policy is derived from the
built HTML at build time, never written by hand:

- every executable inline <script> is hashed ('sha256-…' in script-src);
- every <style> block is hashed (style-src); style="" attributes, which Markdown tables
  produce for column alignment, are hashed under style-src-attr with 'unsafe-hashes';
- inline event handlers (onclick=…) and javascript: URLs cannot be allowed by hash in a
  policy that browsers apply consistently, so they are reported as problems and the build
  fails: move such code into a script file.

Outputs (see apply): an nginx snippet the server configuration includes, the bare policy
as text (both site-wide: every hash of every page), and optionally a <meta http-equiv> policy
in every page for hosts that cannot set headers (GitHub Pages, GitLab Pages). The meta policy
of a page lists only the hashes of that page's own inline code (a speech page has none), and
each page is allowed no more than it runs. (This relies
on every page being loaded on its own; the theme's navigation.instant feature, which swaps
pages in without reloading, is not used.) frame-ancestors is only valid as a header, so the
meta policy leaves it out.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from safety_month.atomic import write_build_file
from safety_month.publish import site_files

# Script types the browser executes; anything else (application/json, ld+json) is data.
EXECUTABLE_TYPES = {
    "", "text/javascript", "application/javascript", "module", "text/ecmascript",
    "application/ecmascript", "text/jscript", "text/livescript", "application/x-javascript",
    "application/x-ecmascript", "text/x-javascript", "text/x-ecmascript", "text/javascript1.0",
    "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4",
    "text/javascript1.5",
}

# Directives that do not depend on the pages. default-src 'none' forbids whatever is not
# listed; data: images are the theme's CSS icons (mask-image: url("data:image/svg+xml…")).
BASE_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'none'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("object-src", "'none'"),
)
HEADER_ONLY_DIRECTIVES: tuple[tuple[str, str], ...] = (("frame-ancestors", "'self'"),)

# Where the build writes its outputs, relative to site_dir. The folder is not meant to be
# served: the nginx configuration answers 404 for it.
OUTPUT_DIR = "_deploy"
NGINX_SNIPPET = "csp.nginx.conf"
POLICY_TEXT = "csp.txt"

_SCRIPT = re.compile(r"<script\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(.*?)</script\s*>", re.S | re.I)
_STYLE = re.compile(r"<style\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(.*?)</style\s*>", re.S | re.I)
# Possessive (*+, ++): a tag has one way to match, so nothing is given back; the same
# matches as the plain pattern, with less work per character.
_TAG = re.compile(r"<([a-zA-Z][\w-]*+)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>")
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Attribute names inventory_of looks at, where an attribute name can start (a superset of
# what _attrs would report: _attrs decides).
_WORTH_PARSING = re.compile(r"(?i)(?:^|[\s\"'/])(?:style|on[^\s\"'>/=]|href|src|action|formaction)")
_META_CSP = re.compile(r"\s*<meta http-equiv=\"Content-Security-Policy\"[^>]*>", re.I)
_HAS_META_CSP = re.compile(r"<meta http-equiv=\"Content-Security-Policy\"", re.I)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.I)


class CspError(RuntimeError):
    """The pages contain something no strict policy can allow."""


@dataclass
class Inventory:
    """Everything inline that the policy must allow, gathered over all pages."""

    scripts: set[str] = field(default_factory=set)      # 'sha256-…' sources
    styles: set[str] = field(default_factory=set)
    style_attrs: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)   # "page: what" lines

    def add(self, other: "Inventory") -> None:
        self.scripts |= other.scripts
        self.styles |= other.styles
        self.style_attrs |= other.style_attrs
        self.problems.extend(other.problems)


def hash_source(text: str) -> str:
    """The CSP hash source of an inline script or style, as the browser computes it."""
    # The HTML parser turns CR LF and lone CR into LF before the browser hashes the text.
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalized.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _attrs(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        value = m.group(2) or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        out.setdefault(m.group(1).lower(), value)
    return out


def _unescape_attr(value: str) -> str:
    import html

    return html.unescape(value)


def inventory_of(html_text: str, where: str = "") -> Inventory:
    """Inline scripts, styles, style attributes and forbidden handlers of one page."""
    inv = Inventory()
    # Comments may hold markup-looking text that the browser never runs.
    text = _COMMENT.sub("", html_text)
    for m in _SCRIPT.finditer(text):
        attrs = _attrs(m.group(1))
        if "src" in attrs:
            continue
        if attrs.get("type", "").strip().lower() not in EXECUTABLE_TYPES:
            continue
        inv.scripts.add(hash_source(m.group(2)))
    for m in _STYLE.finditer(text):
        inv.styles.add(hash_source(m.group(2)))
    # Attributes: look only outside script and style bodies.
    markup = _STYLE.sub("<style>", _SCRIPT.sub("<script>", text))
    for tag in _TAG.finditer(markup):
        if not _WORTH_PARSING.search(tag.group(2)):
            continue   # no style=, on…=, href/src/action/formaction=: nothing to collect
        for name, value in _attrs(tag.group(2)).items():
            if name == "style":
                inv.style_attrs.add(hash_source(_unescape_attr(value)))
            elif name.startswith("on") and len(name) > 2:
                inv.problems.append(f"{where}: inline event handler {name}= on <{tag.group(1)}>")
            elif name in ("href", "src", "action", "formaction") and \
                    _unescape_attr(value).strip().lower().startswith("javascript:"):
                inv.problems.append(f"{where}: javascript: URL in {name}= on <{tag.group(1)}>")
    return inv


def collect_pages(site_dir: Path, done: frozenset[str] = frozenset()) -> list[tuple[Path, str, Inventory]]:
    """(path, text, inventory) of every HTML page below site_dir, except the pages `done`
    (POSIX paths relative to site_dir, handled by page_with_policy as they were rendered)."""
    pages = []
    for page in site_files.files(site_dir):   # the build's one listing of site/
        if not page.name.endswith(".html"):
            continue
        rel = page.relative_to(site_dir).as_posix()
        if rel.startswith(OUTPUT_DIR + "/") or rel in done:
            continue
        text = page.read_text(encoding="utf-8", errors="replace")
        pages.append((page, text, inventory_of(text, rel)))
    return pages


def page_with_policy(html_text: str, where: str, *, meta: bool = True) -> tuple[str, Inventory]:
    """One rendered page, before it is written: (its text, with its own <meta> policy when
    `meta`; its inventory, for apply's site-wide policy). The page is left as it is when it
    holds something no policy allows (apply then fails the build, listing it)."""
    inv = inventory_of(html_text, where)
    if meta and not inv.problems:
        html_text = with_meta(html_text, build_policy(inv, header=False))
    return html_text, inv


def build_policy(inv: Inventory, *, header: bool = True) -> str:
    """The policy string; header=False leaves out directives a <meta> cannot carry."""
    directives = dict(BASE_DIRECTIVES)
    directives["script-src"] = " ".join(["'self'", *sorted(inv.scripts)])
    directives["style-src"] = " ".join(["'self'", *sorted(inv.styles)])
    if inv.style_attrs:
        directives["style-src-attr"] = " ".join(["'unsafe-hashes'", *sorted(inv.style_attrs)])
    if header:
        directives.update(HEADER_ONLY_DIRECTIVES)
    order = [k for k, _ in BASE_DIRECTIVES[:1]] + ["script-src", "style-src", "style-src-attr"] + \
        [k for k, _ in BASE_DIRECTIVES[1:]] + [k for k, _ in HEADER_ONLY_DIRECTIVES]
    return "; ".join(f"{k} {directives[k]}" for k in order if k in directives)


def nginx_snippet(policy: str) -> str:
    if '"' in policy or "\n" in policy:
        raise CspError(f"policy cannot be quoted for nginx: {policy!r}")
    return (
        "# Generated by the build (scripts/safety_month/publish/csp.py): the Content-Security-Policy\n"
        "# this very build satisfies. Installed as /etc/nginx/snippets/anquan-csp.conf by each\n"
        "# deployment (deploy/README.md); do not edit, rebuild.\n"
        f'add_header Content-Security-Policy "{policy}" always;\n'
    )


def with_meta(html_text: str, policy: str) -> str:
    """The page with exactly one <meta http-equiv> policy right after <meta charset>."""
    # The search only where a policy may be: a pattern opening with \s* is tried at every position.
    text = _META_CSP.sub("", html_text) if _HAS_META_CSP.search(html_text) else html_text
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    m = _CHARSET.search(text)
    if not m:
        raise CspError("no <meta charset=\"utf-8\"> to place the policy after")
    return text[: m.end()] + "\n    " + meta + text[m.end():]


def apply(site_dir: Path, *, meta: bool = True, done: dict[str, Inventory] | None = None) -> str:
    """Compute the policy for site_dir, write the outputs, return the header policy.

    done: {page path relative to site_dir: its inventory} of the pages page_with_policy
    handled as they were rendered; only the other HTML files (404.html …) are read here."""
    done = done or {}
    pages = collect_pages(site_dir, frozenset(done))
    inventories = dict(done)
    inventories.update((page.relative_to(site_dir).as_posix(), page_inv) for page, _, page_inv in pages)
    inv = Inventory()
    for rel in sorted(inventories, key=lambda rel: Path(rel).parts):   # the order of a tree walk
        inv.add(inventories[rel])
    if inv.problems:
        listed = "\n  ".join(inv.problems[:30])
        raise CspError(
            f"{len(inv.problems)} inline handler(s) a strict Content-Security-Policy would block "
            f"(move the code into a script file):\n  {listed}"
        )
    policy = build_policy(inv)
    out = site_dir / OUTPUT_DIR
    out.mkdir(exist_ok=True)
    write_build_file(out / NGINX_SNIPPET, nginx_snippet(policy))
    write_build_file(out / POLICY_TEXT, policy + "\n")
    if meta:
        for page, text, page_inv in pages:
            new = with_meta(text, build_policy(page_inv, header=False))
            if new != text:
                write_build_file(page, new)
    return policy
