"""A checked page (Page, its front matter and its issues) as JSON data and back, for the build's
page cache (checks.cached): a build that finds a page's bytes unchanged takes its parse and its
issues from there instead of reading the YAML again.

YAML gives more types than JSON holds: dates and timestamps (with or without a zone), bytes
(!!binary), sets, tuples (!!omap, !!pairs), mappings with keys that are not text (``2021: x``,
``2021-06-01: x``). Values are written as JSON where JSON keeps them exactly (text, integers,
floats, true/false/null) and as a tagged list otherwise (``["d", pairs]`` for a mapping, ``["l",
items]`` for a list…): a plain JSON list never stands for a value, so nothing is ambiguous.
Anything else raises Unencodable; `encode_page` also decodes what it wrote and compares it,
type by type and in order, with the original (`same`), so a value that would not come back
exactly is never cached (the page is then parsed on every build, as before).

Pure: no file access, no cache access.
"""

from __future__ import annotations

import base64
import datetime as _dt
import math
from typing import Any

from safety_month.pages.reader import FrontMatter, FrontMatterError
from .issue import Issue
from .page import Page


class Unencodable(ValueError):
    """A value the codec cannot write exactly (the page is then not cached)."""


# ---------------------------------------------------------------- YAML values

def encode_value(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return value
    if kind is float:
        # JSON has no NaN/Infinity: Python's json writes them, but as a tag they survive
        # any strict reader too.
        return ["f", repr(value)] if math.isnan(value) or math.isinf(value) else value
    if kind is dict:
        return ["d", [[encode_value(k), encode_value(v)] for k, v in value.items()]]
    if kind is list:
        return ["l", [encode_value(v) for v in value]]
    if kind is tuple:
        return ["t", [encode_value(v) for v in value]]
    if kind is set:
        return ["s", [encode_value(v) for v in value]]
    if kind is _dt.datetime:   # before date: a datetime is a date too
        return ["dt", value.isoformat()]
    if kind is _dt.date:
        return ["da", value.isoformat()]
    if kind is bytes:
        return ["b", base64.b64encode(value).decode("ascii")]
    raise Unencodable(f"cannot cache a value of type {kind.__name__}")


def decode_value(data: Any) -> Any:
    if not isinstance(data, list):
        return data
    tag, body = data
    if tag == "d":
        return {decode_value(k): decode_value(v) for k, v in body}
    if tag == "l":
        return [decode_value(v) for v in body]
    if tag == "t":
        return tuple(decode_value(v) for v in body)
    if tag == "s":
        return {decode_value(v) for v in body}
    if tag == "dt":
        return _dt.datetime.fromisoformat(body)
    if tag == "da":
        return _dt.date.fromisoformat(body)
    if tag == "b":
        return base64.b64decode(body)
    if tag == "f":
        return float(body)
    raise ValueError(f"unknown tag {tag!r}")


def same(a: Any, b: Any) -> bool:
    """a and b equal with the same types all the way down, mappings in the same order (what
    the next reader of the fields may see: `1 == 1.0 == True`, and a date equals nothing
    else but its type decides how it is shown)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(same(ka, kb) and same(va, vb)
                                        for (ka, va), (kb, vb) in zip(a.items(), b.items()))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, _dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return a == b


# ---------------------------------------------------------------- pages and issues

def encode_issues(issues: list[Issue]) -> list[list]:
    return [[i.path, i.line, i.col, i.code, i.message_zh, i.fix_zh, i.severity] for i in issues]


def decode_issues(data: list[list]) -> list[Issue]:
    return [Issue(*row) for row in data]


def _positions(table: dict) -> list:
    # a key path holds key names (text) and list indexes (int): JSON keeps both as they are
    out = []
    for path, (line, col) in table.items():
        if not all(type(p) in (str, int) for p in path):
            raise Unencodable("key path with a key that is not text")
        out.append([list(path), line, col])
    return out


def encode_front_matter(fm: FrontMatter) -> dict:
    return {"data": encode_value(fm.data), "present": fm.present, "open": fm.open_line,
            "close": fm.close_line, "keys": _positions(fm.key_pos), "values": _positions(fm.value_pos),
            "errors": [[e.line, e.col, e.code, e.message_zh, e.fix_zh] for e in fm.errors]}


def decode_front_matter(data: dict) -> FrontMatter:
    return FrontMatter(data=decode_value(data["data"]), present=data["present"], open_line=data["open"],
                       close_line=data["close"],
                       key_pos={tuple(p): (line, col) for p, line, col in data["keys"]},
                       value_pos={tuple(p): (line, col) for p, line, col in data["values"]},
                       errors=[FrontMatterError(*row) for row in data["errors"]])


def encode_page(page: Page, link_targets: list[tuple[int, int, str]]) -> dict:
    """A page's front matter and its link targets (checks.links.targets) as JSON data; the
    text is not kept (the cache is keyed on it: the caller has it). Raises Unencodable for a
    value that would not come back exactly."""
    fm = encode_front_matter(page.fm)
    if not same(decode_value(fm["data"]), page.fm.data):
        raise Unencodable("front matter that does not come back as it was")
    return {"fm": fm, "links": [list(t) for t in link_targets]}


def decode_page(data: dict, path: str, text: str, src_uri: str | None) -> Page:
    """The Page encode_page kept; text: the page's text (normalized, as Page holds it)."""
    page = Page(path=path, text=text, src_uri=src_uri, fm=decode_front_matter(data["fm"]))
    page.derived["link_targets"] = tuple((line, col, target) for line, col, target in data["links"])
    return page
