"""The editors' checks of one page, done once for the same page: a `mkdocs build` that finds a
page's bytes unchanged takes its parse (Page, front matter with positions, link targets) and
its issues from the build's page cache instead of parsing its YAML and checking it again.

The cache is passed in (`cache`: safety_month.buildcache.memo in a build, None elsewhere), so
this room does not depend on the build's machinery; `safety-month check` and the live preview
never pass one.

What a page's checks read, and so what its results are kept under (`parts`):
- its display path and src_uri (every issue names the path; the schema reads the folder);
- its bytes (decoding, BOM and newlines included);
- the current year (the schema refuses a year after it: pages.schema_values);
- the package's code and data (the checks, the schema, tags.yml, campaigns.yml): in the
  build stamp every cached result is made under (buildcache.stamps), as is the configuration.
What is not kept, because it reads more than the page and costs little: the `template:` and
`icon:` check (the theme's files), the reserved-name check, the conflicts and the links
(checks.site).

The text checks' issues (checks.pool, in worker processes) are kept under the same parts, in
their own entry: they are known only at the end of the build, the page's parse at the start.
"""

from __future__ import annotations

import datetime
import json

from safety_month import checks
from safety_month.pages import known_fields, reader
from . import links, page_codec
from .issue import Issue
from .page import Page, decode as decode_bytes

FRONT = "checks.front"   # Page and front-matter/control issues (checks.FRONT_CHECKS)
TEXT = "checks.text"     # the text checks' issues (checks.TEXT_CHECKS)


def parts(display: str, src_uri: str | None, data: bytes, year: int | None = None) -> tuple:
    """Everything a page's checks read besides the build stamp (see the module's docstring)."""
    return (display, src_uri or "", data, str(year or datetime.date.today().year))


def front(display: str, data: bytes | OSError, src_uri: str | None, cache=None,
          year: int | None = None) -> tuple[Page | None, list[Issue], tuple | None]:
    """checks.front_page, or its result from an earlier build with the same parts; also the
    parts (None when the page cannot be cached: a file that could not be read)."""
    if cache is None or isinstance(data, OSError):
        return (*checks.front_page(display, data, src_uri), None)
    key = parts(display, src_uri, data, year)

    def compute():
        page, issues = checks.front_page(display, data, src_uri)
        try:
            kept = _encode(page, issues)
        except page_codec.Unencodable:
            kept = None
        return page, issues, kept

    page, issues, _kept = cache.cached(FRONT, key, compute, encode=lambda v: v[2],
                                       decode=lambda d: _decode(d, display, data, src_uri),
                                       keep=lambda v: v[2] is not None)
    return page, issues, key


def _encode(page: Page | None, issues: list[Issue]) -> dict:
    if page is None:   # not UTF-8: the one issue says where
        return {"page": None, "issues": page_codec.encode_issues(issues)}
    return {"page": page_codec.encode_page(page, links.targets(page)),
            "issues": page_codec.encode_issues(issues)}


def _decode(kept: dict, display: str, data: bytes, src_uri: str | None):
    issues = page_codec.decode_issues(kept["issues"])
    if kept["page"] is None:
        return None, issues, kept
    # A page kept with a parse was UTF-8 when it was kept, and its bytes are in the key.
    text = reader.normalize_newlines(decode_bytes(data)[0])
    page = page_codec.decode_page(kept["page"], display, text, src_uri)
    if page.fm.data:
        # What reader.parse does for a block it read: the library's readers and MkDocs' own
        # get_data (pages.known_fields) then take the fields from here, not from YAML.
        known_fields.remember(reader.front_block(text), page.fm.data)
    return page, issues, kept


def text_issues(cache, key: tuple | None) -> list[Issue] | None:
    """The text checks' issues kept for these parts, or None."""
    if cache is None or key is None:
        return None
    raw = cache.get_blob(TEXT, key)
    if raw is None:
        return None
    try:
        return page_codec.decode_issues(json.loads(raw))
    except (ValueError, TypeError):
        return None


def keep_text_issues(cache, key: tuple | None, issues: list[Issue]) -> None:
    if cache is not None and key is not None:
        cache.put_blob(TEXT, key, json.dumps(page_codec.encode_issues(issues), ensure_ascii=False).encode("utf-8"))
