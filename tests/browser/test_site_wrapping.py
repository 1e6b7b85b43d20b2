"""Card texts, titles and badges wrap cleanly (issue 19 item 1), measured in Chromium.

For every card-like block on every page kind, at 390 and 1280 px, the rendered lines are read
from the boxes of its characters: no line after the first starts with closing punctuation or
with a list separator ("·"), no multi-line block has a line of one character (the "…讲|话" a
title used to end with), and a badge or tag chip never breaks inside.
"""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

PAGES = ["", "wujin/", "wujin/jiating/", "library/", "library/2023/", "tags/", "themes/", "notices/",
         "speeches/2023/2023-ff80ac6c/", "speeches/undated/undated-ed1493ae/"]

# Blocks a reader scans as units: cards, list entries, lead texts, theme rows, badges and chips.
CARDS = (".sm-speech-card, .sm-wujin__item, .sm-hero, .sm-hotline, .sm-themes td, .sm-themes th, .sm-badge, "
         ".sm-tag, .sm-lib__item, .sm-lead, .md-typeset a.sm-card, .sm-jump, .sm-lib__campaign, .sm-article-list li, "
         ".sm-notice-list li, .md-typeset h1, .md-typeset h2, .sm-speech-meta dd, .md-footer")
# Never at the start of a line: closing punctuation (line-break: strict already keeps these
# at a line end in running text) and the " · " separator of short lists. A dash may start a
# line: "——查找身边安全隐患" is a subtitle, and Chinese typesetting allows the break before it.
NEVER_FIRST = "，、。；：！？”’）》」』〕】…·"

# For each block (the nearest non-inline ancestor of each text node, or a badge/chip): its
# rendered lines, from the top of each character's box.
LINES = """(sel) => {
  const out = [], done = new Set(), range = document.createRange();
  const own = el => el.classList.contains('sm-badge') || el.classList.contains('sm-tag');
  for (const root of document.querySelectorAll(sel)) {
    const blocks = new Map();
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      let blk = n.parentElement;
      while (blk !== root && !own(blk) && getComputedStyle(blk).display.startsWith('inline')) blk = blk.parentElement;
      if (done.has(blk)) continue;
      if (!blocks.has(blk)) blocks.set(blk, []);
      for (let i = 0; i < n.data.length; i++) {
        if (/\\s/.test(n.data[i])) continue;
        range.setStart(n, i); range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        if (r && r.width > 0) blocks.get(blk).push([n.data[i], r.top]);
      }
    }
    for (const [blk, chars] of blocks) {
      done.add(blk);
      const lines = [];
      let top = null;
      for (const [c, t] of chars) {
        if (top === null || t > top + 4) { lines.push(''); top = t; }
        lines[lines.length - 1] += c;
      }
      if (lines.length) out.push({lines, badge: own(blk)});
    }
  }
  return out;
}"""


def problems(blocks: list[dict]) -> list[str]:
    """What is wrong with the rendered lines of each block (empty when all is clean)."""
    bad = []
    for b in blocks:
        lines, shown = b["lines"], "|".join(b["lines"])[:60]
        if b["badge"] and len(lines) > 1:
            bad.append(f"badge breaks: {shown}")
        for k, line in enumerate(lines):
            if k and line[0] in NEVER_FIRST:
                bad.append(f"line starts with {line[0]}: {shown}")
            if len(lines) > 1 and len(line) == 1:
                bad.append(f"one character alone on a line: {shown}")
    return bad


def test_problems_finds_each_kind_of_bad_wrap():
    assert problems([{"lines": ["主体责任 · 双重预防", "· 应急演练"], "badge": False}]) == [
        "line starts with ·: 主体责任 · 双重预防|· 应急演练"]
    assert problems([{"lines": ["区长在座谈会上的讲", "话"], "badge": False}]) == [
        "one character alone on a line: 区长在座谈会上的讲|话"]
    assert problems([{"lines": ["本", "届"], "badge": True}])[0] == "badge breaks: 本|届"
    assert problems([{"lines": ["人人讲安全、个个会应急", "——查找身边安全隐患"], "badge": False},
                     {"lines": ["一"], "badge": False}]) == []


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "1280px"])
def test_cards_titles_and_badges_wrap_cleanly(new_page, fixture_site_server, viewport):
    page, watch = new_page(viewport)
    found, measured, wrapped = [], 0, 0
    for path in PAGES:
        page.goto(fixture_site_server.url + path, wait_until="networkidle")
        blocks = page.evaluate(LINES, CARDS)
        measured += len(blocks)
        wrapped += sum(len(b["lines"]) > 1 for b in blocks)
        found += [f"{path or '/'}: {p}" for p in problems(blocks)]
    assert found == []
    # Proof that the selectors still match the pages (a renamed class would make the test vacuous).
    assert measured > 100 and wrapped > 10, (measured, wrapped)
    assert watch.console_errors == []
