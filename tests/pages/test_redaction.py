"""safety_month.pages.redaction: the importer marks at least every placeholder the editors' check
would call unmarked, glued ones included."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safety_month.pages import redaction
from safety_month.importer import render
from safety_month.checks import placeholders as check
from tests import _site_markdown as site_markdown


def marked(text: str) -> list[str]:
    return [text[a:b] for a, b in redaction.spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("磨合机制XX20xx年X、锻炼队伍", ["XX", "20xx"]),       # a year placeholder glued to XX
    ("xx20xx年", ["xx", "20xx"]),                          # found once 20xx is blanked, as the check reads it
    ("X厂和X部门", ["X", "X"]),                             # the check's names the importer list lacks
    ("〔×〕同志", ["〔×〕"]),
    ("同志们___：", ["___"]),
    ("3,000吨、10:30、ISO9001、X光", []),                   # not placeholders
])
def test_spans(text, expected):
    assert marked(text) == expected


@pytest.mark.parametrize("text", ["XX20xx年", "xx20xx年", "X厂", "〔×〕", "同志们___", "20ｘｘ年", "201x年", "××县"])
def test_rendered_text_leaves_nothing_for_the_check(text):
    """What the placeholder check would call a placeholder is marked by the build: the text a
    reader sees outside the marks holds none."""
    line = render.escape_inline(text)
    out = site_markdown.render(line)
    outside = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<span class="sm-redact"[^>]*>.*?</span>', " ", out)))
    assert "sm-redact" in out and check.find(outside) == [], (line, out)


def test_spans_never_overlap_and_are_sorted():
    spans = redaction.spans("XX20xx年xx__〔*〕X同志……□□")
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("〔*＊×〕 12019xXＸｘ0…._＿□同志年月厂县安a3\\&#42;")), max_size=40))
def test_every_placeholder_ends_with_one_of_the_last_chars(text):
    """punctuation's pre-check relies on it."""
    for start, end in redaction.spans(text):
        assert text[end - 1] in redaction.LAST_CHARS, text[start:end]
