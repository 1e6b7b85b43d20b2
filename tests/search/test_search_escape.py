"""No text from a source or a page's front matter becomes markup in the search index.

Material's bundle inserts each result's title, text and tags into the page with innerHTML
(the sharded engine returns the same strings to it), so the index must hold HTML-safe text.
Material's own plugin put a speech's front-matter title (its <h1> comes from the template)
and every tag into the index raw: `<svg/onload=alert(1)>` in a source's first line became a
live element in the results. (The whole path, sources to Chromium, is
tests/browser/test_hostile_site.py.)
"""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest

from safety_month.search import build, index as search_index

PAYLOADS = [
    "<svg/onload=alert(1)>",
    "<img/src=x/onerror=alert(2)>",
    "<a/href=javascript:alert(3)>x</a>",
    "<iframe/src=//evil>",
    "&lt;script&gt;alert(4)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(5)&#62;",
    "</title><script>alert(6)</script>",
    "<p onclick=alert(7)>",
    "<P>",
    "<!--x--><",
]
# Every "<" left must open or close one of the parser's bare kept tags.
TAG_OPEN = re.compile(r"<(?!/?(?:p|code|pre|li|ol|ul|sub|sup)>)")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_inert_leaves_no_markup_but_the_kept_tags(payload):
    out = search_index.inert(f"讲话{payload}<p>正文</p>")
    assert not TAG_OPEN.search(out)
    assert out.endswith("<p>正文</p>")
    assert search_index.inert(out) == out
    # the same characters shown: unescaping the result gives back the text's characters
    assert html.unescape(out.replace("<p>", "").replace("</p>", "")) == \
        html.unescape(f"讲话{payload}正文")


def test_inert_keeps_what_materials_parser_writes():
    text = "<p>安全\u200b生产</p><ul><li>一</li></ul><code>a &lt; b</code> &amp; <sub>2</sub>"
    assert search_index.inert(text) == text


def test_escape_markup_holds_every_field_shown_or_searched():
    index = {"config": {}, "docs": [
        {"location": "a/", "title": "标题<svg/onload=alert(1)>", "text": "<p>正文<img src=x onerror=alert(2)></p>",
         "tags": ["<b>标签</b>", "安全"], "about": "张三<iframe/src=//evil>", "parts": "隐患"},
        {"location": "b/", "title": "已转义&lt;svg&gt;", "text": "<p>x</p>"},
    ]}
    assert search_index.escape_markup(index) == 4
    a, b = index["docs"]
    assert a["title"] == "标题&lt;svg/onload=alert(1)>" and a["about"] == "张三&lt;iframe/src=//evil>"
    assert a["text"] == "<p>正文&lt;img src=x onerror=alert(2)></p>" and a["tags"] == ["&lt;b>标签&lt;/b>", "安全"]
    assert b == {"location": "b/", "title": "已转义&lt;svg&gt;", "text": "<p>x</p>"}
    assert search_index.escape_markup(index) == 0


def test_about_enters_escaped():
    index = {"config": {"fields": {"about": {"boost": 100}}}, "docs": [{"location": "a/", "title": "t", "text": ""}]}
    search_index.add_about(index, {"a/": "张三<a/href=javascript:alert(3)>x</a> &#60;"}, lambda s: s)
    assert index["docs"][0]["about"] == "张三&lt;a/href=javascript:alert(3)&gt;x&lt;/a&gt; &amp;#60;"
    assert "facts" not in index["docs"][0]   # none given


def _material_index():
    from material.plugins.search.plugin import SearchIndex

    config = {"lang": ["zh"], "separator": r"[\s\u200b\-]+", "pipeline": [], "fields": {}}
    return SearchIndex(**config)


def _page(title: str, content: str, tags=None):
    meta = {"title": title}
    if tags is not None:
        meta["tags"] = tags
    return SimpleNamespace(meta=meta, title=title, content=content, toc=[], url="speeches/2023/x/")


def test_materials_own_entry_is_raw_and_the_wrapped_one_escaped():
    """Control first: Material 9.8.1's plugin alone writes the front-matter title raw."""
    raw = _material_index()
    page = _page("讲话<svg/onload=alert(1)>", "<p>同志们：</p>", tags=["<img/src=x/onerror=alert(2)>"])
    raw.add_entry_from_context(page)
    assert "<svg/onload=alert(1)>" in raw.entries[0]["title"]
    assert raw.entries[0]["tags"] == ["<img/src=x/onerror=alert(2)>"]

    index = _material_index()
    config = {"plugins": {"material/search": SimpleNamespace(search_index=index, config={})}}
    assert build.escape_entries(config) is True
    assert build.escape_entries(config) is False      # wrapped once only
    index.add_entry_from_context(_page("讲话<svg/onload=alert(1)>", "<p>同志们：</p>",
                                       tags=["<img/src=x/onerror=alert(2)>"]))
    entry = index.entries[0]
    assert not TAG_OPEN.search(entry["title"]) and "&lt;svg/onload=alert(1)&gt;" in entry["title"]
    assert entry["tags"] == ["&lt;img/src=x/onerror=alert(2)&gt;"]
    # A page with its own <h1> keeps the parser's (already escaped) title: nothing doubled.
    index.add_entry_from_context(_page("t", '<h1 id="h">标题&lt;b&gt;</h1><p>x</p>'))
    assert index.entries[-1]["title"].replace("\u200b", "") == "标题&lt;b&gt;"
