"""safety_month.site.markup: on speech pages the build numbers paragraphs (id="p-N") and
marks placeholders as redactions, exactly as the importer used to write them; off elsewhere."""

from __future__ import annotations

import re

import pytest

from safety_month.pages import contract
from tests import _site_markdown as site_markdown

REDACT = contract.REDACT_OPEN


def test_paragraphs_numbered_in_order_and_own_ids_kept():
    html = site_markdown.render("一。\n\n## 标题\n\n二。\n{: #mine }\n\n三。\n\n- 列表里的段落不算\n\n四。")
    assert re.findall(r'<p id="([^"]+)"', html) == ["p-1", "mine", "p-3", "p-4"]
    assert "<li>列表里的段落不算</li>" in html


def test_off_for_pages_that_are_not_speeches():
    html = site_markdown.render("X同志〔*〕讲话。\n\n二。", speech=False)
    assert 'id="p-' not in html and "sm-redact" not in html


@pytest.mark.parametrize("md, marked", [
    ("平安〔*〕、幸福〔*〕", ["〔*〕", "〔*〕"]),        # * between two placeholders: no emphasis
    ("同志们__：会上__", ["__", "__"]),                # __ is a blank, not strong emphasis
    ("X同志和XX局长", ["X", "XX"]),
    ("`XX` 代码里不标", []),                           # inline code untouched
    ("[XX](https://example.org/XX)", ["XX"]),          # link text marked, the address not
    ("\\*XX\\*", ["XX"]),                              # escapes around a placeholder
    ("1\\......", ["......"]),                         # an escaped "." read as part of the dots
])
def test_placeholders_marked_before_emphasis(md, marked):
    html = site_markdown.render(md)
    assert re.findall(re.escape(REDACT) + "(.*?)</span>", html) == marked, html
    assert "<em>" not in html and "<strong>" not in html
    assert 'href="https://example.org/XX"' in html or "example.org" not in md


def test_an_old_pages_own_span_is_not_marked_twice():
    html = site_markdown.render(f"刚才，{REDACT}XX</span>局长和{REDACT}〔&#42;〕</span>讲话，X同志主持。")
    assert html.count("sm-redact") == 3 and "<span class=\"sm-redact\" title=\"原文隐去或待填写\"><span" not in html


def test_a_paragraphs_placeholders_are_found_once(monkeypatch):
    """The placeholders of a paragraph are worked out once, however many there are (working
    them out again after each mark cost the whole paragraph per placeholder); timings:
    scripts/devtools/bench_bounds.py."""
    from safety_month.site import markup

    calls = []
    original = markup.RedactProcessor._spans
    monkeypatch.setattr(markup.RedactProcessor, "_spans", lambda self, data: calls.append(1) or original(self, data))
    html = site_markdown.render("XX同志，" * 300 + "〔*〕。")
    assert html.count("sm-redact") == 301 and len(calls) == 1
