"""library_pages.py and listing.py: the library index (counts by year and level), the year,
level and tag pages (each speech once per page, level badge, tag links), the tags index,
escaping of front-matter text, and the split of long listings by measured bytes."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from mkdocs.utils import get_relative_url

from safety_month import campaign
from safety_month.pages.entry import SpeechEntry
from safety_month.site import library, library_pages, listing
from tests._site_markdown import site_markdown
from tests.site.test_library import fixture_pages


def url(src: str) -> str:
    """The page's URL with directory URLs (as MkDocs makes it)."""
    return src[:-len("index.md")] if src.endswith("index.md") else src[:-3] + "/"


def href(to: str, here: str) -> str:
    return get_relative_url(url(to), url(here))


def entry(n: int, **kw) -> SpeechEntry:
    base = dict(src_uri=f"speeches/x/{n:05d}.md", title=f"讲话{n}", year=2020 + n % 3, level=("市", "县", None)[n % 3],
                tags=(("消防安全", "燃气安全") if n % 2 else ("道路交通",)))
    return SpeechEntry(**{**base, **kw})


def full(plan, src: str) -> str:
    """A page's Markdown with its list in place (as the hook puts it in after Markdown)."""
    return plan.fill(src, plan.pages[src])


def items(md: str) -> list[str]:
    """The list items of a listing page's speech list, by the speech's link."""
    lists = re.findall(r'<ul class="sm-lib" data-sm-list>(.*?)</ul>\n', md)
    assert len(lists) == 1
    return re.findall(r'<a class="sm-lib__title" href="([^"]+)"', lists[0])


def test_the_index_counts_years_and_levels_and_links_their_pages():
    entries = library.collect(fixture_pages())
    plan = library_pages.plan(entries, campaign.all_campaigns(), href)
    md = plan.pages[library_pages.INDEX]
    assert md.startswith("---\ntitle: \"讲话资料库\"\n") and "search:" not in md   # the index stays searchable
    assert re.findall(r'<li id="y(\w+)"><a href="([^"]+)">\d+年|<li id="y(\w+)">', md)
    years = re.findall(r'<li id="y(\w+)"><a href="([^"]+)">[^<]*<span class="sm-years__count">（(\d+)篇）', md)
    assert years == [("2023", "2023/", "1"), ("2021", "2021/", "1"), ("none", "undated/", "1")]
    assert ('<span class="sm-nw">第22个 ·</span> 主题：<span class="sm-theme"><span class="sm-phrase">人人讲安全、</span>'
            '<span class="sm-phrase">个个会应急</span></span>') in md
    levels = re.findall(r'<li id="level-(\w+)"><a href="([^"]+)">([^<]+)<span class="sm-years__count">（(\d+)篇）', md)
    assert levels == [("city", "level-city/", "市级", "1"), ("county", "level-county/", "县级", "1"),
                      ("district", "level-district/", "区级", "1")]
    assert '<a href="../tags/">全部标签（' in md
    assert "共收录 <strong>3</strong> 篇" in md


def test_counts_add_up_and_every_speech_is_listed_once_per_listing():
    entries = library.sort_newest_first([entry(n) for n in range(60)])
    plan = library_pages.plan(entries, campaign.all_campaigns(), href)
    md = plan.pages[library_pages.INDEX]
    counts = {y: int(n) for y, n in re.findall(r'<li id="y(\w+)">.*?（(\d+)篇）', md)}
    assert counts == {"2022": 20, "2021": 20, "2020": 20}
    for kind, key, expected in [("year", 2021, 20), ("level", "市", 20), ("level", library_pages.NO_LEVEL, 20),
                                ("tag", "xiao-fang-an-quan", 30), ("tag", "dao-lu-jiao-tong", 30)]:
        page = full(plan, library_pages.page_src(library_pages.listing_base(kind, key), 1))
        links = items(page)
        assert len(links) == len(set(links)) == expected, (kind, key)
        assert f"共 <strong>{expected}</strong> 篇" in page
        assert "search:\n  exclude: true" in page and "template: library.html" in page
    year_page = full(plan, "library/2021/index.md")
    assert year_page.count("sm-badge--level") == len(re.findall(r'data-level="[^"]', year_page))
    assert '<a href="../../tags/xiao-fang-an-quan/" data-tag="xiao-fang-an-quan">消防安全</a>' in year_page
    assert set(plan.year_pages) == {e.src_uri for e in entries}
    assert plan.year_pages["speeches/x/00001.md"] == "library/2021/index.md"
    assert plan.tag_pages["消防安全"] == "tags/xiao-fang-an-quan/index.md"
    # tag pages list their speeches without the speeches' tags (most of an item's bytes)
    assert 'class="sm-tags"' not in full(plan, "tags/xiao-fang-an-quan/index.md") and 'class="sm-tags"' in year_page
    tags_index = full(plan, library_pages.TAGS_INDEX)
    assert re.findall(r'<a href="([^"]+)">([^<]+)<span class="sm-tag__count">（(\d+)篇）', tags_index) == [
        ("xiao-fang-an-quan/", "消防安全", "30"), ("ran-qi-an-quan/", "燃气安全", "30"), ("dao-lu-jiao-tong/", "道路交通", "30")]


HOSTILE_TITLE = '<script>alert("x")</script> & **粗** _斜_ [链](http://a) # 〔*〕 `c` {: #id }'
HOSTILE_TAG = '<b>&"标签"</b> *星*'


def _site_markdown(md: str) -> str:
    """The page's HTML as the build makes it from its Markdown (mkdocs.yml's extensions)."""
    return site_markdown(speech=False).convert(md.split("\n---\n", 1)[1])


def test_titles_and_tags_are_escaped_and_markdown_leaves_them_as_text():
    evil = entry(1, title=HOSTILE_TITLE, tags=(HOSTILE_TAG,), speaker='甲"乙<', level='市"><i>')
    plan = library_pages.plan([evil], campaign.all_campaigns(), href)
    (tag_src,) = [s for s in plan.pages if s.startswith("tags/") and s != library_pages.TAGS_INDEX]
    for src in ("library/2021/index.md", tag_src, library_pages.TAGS_INDEX, library_pages.INDEX):
        out = plan.fill(src, _site_markdown(plan.pages[src]))     # the mark survives Markdown
        assert "<script>" not in out and "<b>" not in out and "<i>" not in out, src
        assert "<strong>粗</strong>" not in out and "<em>" not in out and "<mark>" not in out, src
    out = plan.fill("library/2021/index.md", _site_markdown(plan.pages["library/2021/index.md"]))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; **粗** _斜_ [链](http://a) # 〔*〕 `c` {: #id }" in out
    assert "&lt;b&gt;&amp;&quot;标签&quot;&lt;/b&gt; *星*" in out
    # the tag page's title is a YAML string, whatever the tag holds
    front = plan.pages[tag_src].split("\n---\n")[0]
    assert 'title: "标签：<b>&\\"标签\\"</b> *星*"' in front


def test_long_listings_split_by_measured_bytes_even_with_huge_titles():
    huge = [entry(n, year=2024, title="很长的标题&<" * 2000, speaker="讲话人" * 500,
                  tags=tuple(f"标签{i}" * 40 for i in range(60))) for n in range(40)]
    budget = 20_000
    plan = library_pages.plan(huge, campaign.all_campaigns(), href, budget=budget)
    year = sorted((s for s in plan.pages if s.startswith("library/2024/")),
                  key=lambda s: 1 if s.endswith("index.md") else int(s.rsplit("/", 1)[1][:-3]))
    assert len(year) > 3
    seen = Counter()
    for k, src in enumerate(year, 1):
        md = full(plan, src)
        body = re.search(r'<ul class="sm-lib" data-sm-list>(.*?)</ul>\n', md).group(1)
        assert len(body.encode("utf-8")) <= budget
        seen.update(items(md))
        pager = re.search(r'<nav class="sm-pager" aria-label="分页（共(\d+)页）">(.*?)</nav>', md)
        assert pager and int(pager.group(1)) == len(year)
        assert ('rel="prev"' in pager.group(2)) == (k > 1) and ('rel="next"' in pager.group(2)) == (k < len(year))
        assert f'<span class="sm-pager__current" aria-current="page">第{k}页</span>' in pager.group(2)
    assert len(seen) == 40 and set(seen.values()) == {1}          # every speech once, on one page
    assert "很长的标题&amp;&lt;" * 10 in full(plan, year[0]) and "…</a>" in full(plan, year[0])
    # a tag page's heading (also its <title> and description) is cut like its chips
    tag_page = full(plan, plan.tag_pages[huge[0].tags[0]])
    assert len(tag_page.encode("utf-8")) < budget + 5_000 and "<h1>标签：" + "标签0" * 7 + "标签…</h1>" in tag_page


def test_lists_go_in_after_markdown_at_a_mark_that_changes_with_the_list():
    entries = [entry(n) for n in range(6)]
    plan = library_pages.plan(entries, campaign.all_campaigns(), href)
    src = "library/2021/index.md"
    assert "sm-lib__item" not in plan.pages[src] and plan.pages[src].count("<!-- sm-list ") == 1
    renamed = library_pages.plan([entries[0], entry(1, title="改了标题"), *entries[2:]], campaign.all_campaigns(), href)
    assert renamed.pages[src] != plan.pages[src]            # same counts, another list: another mark
    assert plan.pages["library/2020/index.md"] == renamed.pages["library/2020/index.md"]
    with pytest.raises(ValueError, match=f"^docs/{src}: 生成的页面里找不到列表的位置"):
        plan.fill(src, "<p>mark lost</p>")
    assert plan.fill("wujin/index.md", "<p>x</p>") == "<p>x</p>"


def test_the_pager_shows_a_bounded_window_of_pages():
    pages = [f"library/2024/{k}.md" for k in range(1, 201)]
    sizes = {len(listing.pager_html(pages, k, pages[k - 1], href)) for k in (1, 50, 100, 200)}
    assert max(sizes) < 1500
    mid = listing.pager_html(pages, 100, pages[99], href)
    assert re.findall(r'aria-label="第(\d+)页"', mid) == ["1", "98", "99", "101", "102", "200"]
    assert listing.pager_html(pages[:1], 1, pages[0], href) == ""


def test_an_item_larger_than_a_page_is_an_error():
    with pytest.raises(listing.ListingError, match="超过每页 10 字节"):
        listing.paginate(["x"], lambda item, here: "<li>" + "x" * 20 + "</li>", lambda k: f"p{k}.md", budget=10)


def test_an_empty_library_still_has_its_index_and_tags_index():
    plan = library_pages.plan([], campaign.all_campaigns(), href)
    assert set(plan.pages) == {library_pages.INDEX, library_pages.TAGS_INDEX}
    assert "资料库暂无讲话" in plan.pages[library_pages.INDEX] and "{: #by-year }" not in plan.pages[library_pages.INDEX]
    assert "还没有带标签的讲话" in plan.pages[library_pages.TAGS_INDEX]


@pytest.mark.parametrize(("src", "generated"), [
    ("library/index.md", True), ("library/2023/index.md", True), ("tags/x/2.md", True), ("themes.md", True),
    ("notices/index.md", True), ("library.md", False), ("speeches/2023/a.md", False), ("tagsx/a.md", False),
    ("library/a.png", False)])
def test_which_pages_the_build_generates(src, generated):
    assert library.is_generated(src) is generated
