"""safety_month.pages.paragraphs numbers a speech body's paragraphs from its source exactly as
the build numbers them (the Markdown extension safety_month.site.markup gives the N-th
top-level <p> id="p-N"): 五进 excerpts link to those ids without rendering the page."""

from __future__ import annotations

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safety_month.pages import paragraphs
from tests import _site_markdown as site_markdown

# Blocks an editor might write in a speech page, each as its lines (blank lines between blocks).
_BLOCKS = st.sampled_from([
    ["同志们：今年是第二十个安全生产月。"],
    ["第一行，", "第二行接着写。"],
    ["**一是压实责任。**企业要落实主体责任。"],
    ["## 一、抓责任"],
    ["### （一）小标题 {: #own }"],
    ["- 列表一", "- 列表二"],
    ["1. 第一", "2. 第二"],
    ["> 引用的话"],
    ["```", "代码", "", "代码第二段", "```"],
    ["!!! note \"提示\"", "", "    提示里的段落"],
    ["<div class=\"x\">", "块", "</div>"],
    ["| a | b |", "|---|---|", "| 1 | 2 |"],
    ["---"],
    ["旧页面的一段。", "{: #p-1 }"],
    ["带自己属性的一段。", "{: .lead }"],
    ["X同志〔*〕讲话，XX局长……"],
    ["<span class=\"sm-redact\" title=\"原文隐去或待填写\">XX</span>同志开头的一段。"],
    ["![图](a.png)"],
])


def _top_level_paragraph_ids(html: str) -> list[str | None]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [el.get("id") for el in root if el.tag == "p"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BLOCKS, max_size=10))
def test_source_numbers_agree_with_the_build(blocks):
    lines = [line for block in blocks for line in block + [""]]
    html = site_markdown.render("\n".join(lines))
    found = paragraphs.paragraphs(lines)
    ids = _top_level_paragraph_ids(html)
    assert len(found) == len(ids), (lines, ids)
    # each paragraph's number is the build's id (an own non-anchor id such as {: .lead } has none)
    assert [f"p-{p.number}" for p in found] == [i if i and i.startswith("p-") else f"p-{k}"
                                               for k, i in enumerate(ids, 1)], (lines, ids)
    assert all(i is not None for i in ids)


def test_blocks_kinds_and_old_anchor_lines():
    lines = ["开场。", "", "## 标题", "", "旧的一段。", "{: #p-7 .lead }", "", "- 列表", "", "新的一段。"]
    got = [(b.kind, b.start, b.number, b.anchor_line) for b in paragraphs.blocks(lines)]
    assert got == [("paragraph", 0, 1, None), ("heading", 2, 0, None), ("paragraph", 4, 7, 5),
                   ("other", 7, 0, None), ("paragraph", 9, 3, None)]
