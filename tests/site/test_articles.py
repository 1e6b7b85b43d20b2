"""site/articles.py: 五进 articles and notices read from their front matter, newest first,
listed with escaped text; the section page's list goes at the marker or at the end."""

from __future__ import annotations

import datetime as dt

from safety_month.site import articles

WUJIN = "---\ntitle: {t}\nkind: wujin\naudience: {a}\ndate: {d}\ntags: []\n---\n\n正文。\n"
NOTICE = "---\ntitle: {t}\nkind: notice\ndate: {d}\ntags: []\n---\n\n正文。\n"


def _pages():
    return [
        ("wujin/qiye/a.md", WUJIN.format(t="旧文章", a="企业", d="2024-06-01")),
        ("wujin/qiye/b.md", WUJIN.format(t="新文章", a="企业", d="2025-06-01")),
        ("wujin/jiating/c.md", WUJIN.format(t="家庭文章", a="家庭", d="2025-06-02")),
        ("notices/n1.md", NOTICE.format(t="通知一", d="2025-05-20")),
        ("notices/n2.md", NOTICE.format(t="通知二", d="2025-06-16").encode("utf-8")),
        ("wujin/qiye.md", "---\ntitle: 安全宣传进企业\naudience: 企业\n---\n\n# 进企业\n"),
        ("notices/broken.md", "---\ntitle: [\n---\n"),          # the checks report it
    ]


def test_collect_reads_kind_date_and_audience_newest_first():
    found = articles.collect(_pages())
    assert [a.title for a in found] == ["通知二", "家庭文章", "新文章", "通知一", "旧文章"]
    assert found[0].date == dt.date(2025, 6, 16) and found[0].kind == "notice"
    assert [a.title for a in articles.of_audience(found, "企业")] == ["新文章", "旧文章"]
    assert [a.title for a in articles.notices(found)] == ["通知二", "通知一"]


def test_undated_pages_come_last():
    found = articles.collect([("notices/x.md", "---\ntitle: 无日期\nkind: notice\n---\n"),
                              ("notices/y.md", NOTICE.format(t="有日期", d="2020-01-01"))])
    assert [(a.title, articles.date_label(a.date)) for a in found] == [("有日期", "2020年1月1日"), ("无日期", "日期不详")]


def test_list_escapes_what_comes_from_a_page():
    page = WUJIN.format(t="'<img src=x onerror=alert(1)>'", a="企业", d="2025-06-01") \
        .replace("tags: []", "tags: []\nsummary: 'a & <b>'")
    found = articles.collect([("wujin/qiye/x.md", page)])
    out = articles.list_html(found, lambda src: "x/?a=1&b=\"2\"")
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "a &amp; &lt;b&gt;" in out and 'href="x/?a=1&amp;b=&quot;2&quot;"' in out
    assert '<time datetime="2025-06-01">2025年6月1日</time>' in out


def test_section_block_is_empty_without_articles():
    assert articles.section_block([], str) == ""
    block = articles.section_block(articles.collect(_pages())[1:2], lambda src: src)
    assert block.startswith(articles.ARTICLES_HEADING + "\n\n<ul") and "wujin/jiating/c.md" in block


def test_the_list_goes_at_the_marker_or_else_at_the_end():
    md = f"# 进企业\n\n正文\n\n{articles.ARTICLES_MARKER}\n\n## 讲话摘编\n"
    out = articles.place_in_section(md, "BLOCK")
    assert articles.ARTICLES_MARKER not in out
    assert out.index("BLOCK") < out.index("## 讲话摘编")
    assert articles.place_in_section("# 进企业\n\n正文\n", "BLOCK") == "# 进企业\n\n正文\n\nBLOCK\n"
    assert articles.ARTICLES_MARKER not in articles.place_in_section(md, "")


def test_notices_index_lists_every_notice_and_says_when_there_is_none():
    found = articles.notices(articles.collect(_pages()))
    page = articles.render_notices(found, lambda src: src[len("notices/"):])
    assert page.startswith("---\ntitle: 通知公告\n")
    assert page.index('href="n2.md"') < page.index('href="n1.md"')
    assert "暂无通知公告" in articles.render_notices([], str)


def test_notice_cards_for_the_home_page():
    found = articles.notices(articles.collect(_pages()))
    cards = articles.notice_cards(found, lambda src: "/" + src, limit=1)
    assert cards == [{"title": "通知二", "url": "/notices/n2.md", "date": "2025-06-16",
                      "date_label": "2025年6月16日", "summary": None}]
