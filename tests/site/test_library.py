"""library.py (speech front matter, 历届主题) and facts.py (template facts); the library index and
its year, level and tag pages: test_library_pages.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safety_month import campaign
from safety_month.pages import reader
from safety_month.site import library, facts
from tests import paths

FIXTURES = paths.TESTS / "fixtures" / "site" / "speeches"


def fixture_pages():
    return [(str(p.relative_to(FIXTURES.parent)).replace("\\", "/"), p.read_bytes()) for p in sorted(FIXTURES.rglob("*.md"))]


def speech_text(**meta) -> str:
    lines = ["---", "kind: speech"]
    for key, value in meta.items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines + ["---", "", "正文。", "{: #p-1 }", ""])


# ------------------------------------------------------------------- front matter

def test_page_without_front_matter_is_not_a_speech():
    assert library.parse_speech("# 标题\n\n正文", "speeches/a.md") is None
    assert library.parse_speech("---\n\n---\n正文", "speeches/a.md") is None


def test_front_matter_and_body_are_split():
    entry = library.parse_speech("\ufeff---\nkind: speech\ntitle: 甲\nyear: 2023\n---\n正文\n", "speeches/a.md")
    assert entry.meta == {"kind": "speech", "title": "甲", "year": 2023}
    assert entry.body == "正文\n"


def test_generated_shape_reads_as_the_full_reader_does():
    text = '---\nkind: "speech"\ntitle: "甲"\nyear: 2023\naudiences:\n- "企业"\n---\n正文\n'
    entry = library.parse_speech(text, "speeches/b.md")
    assert entry.meta == reader.parse(text).data and entry.audiences == ("企业",)


def test_broken_yaml_names_file_and_line():
    with pytest.raises(library.LibraryError) as err:
        library.parse_speech("---\ntitle: 甲\ntags: [a, b\nyear: 1\n---\n", "speeches/x.md")
    assert str(err.value).startswith("docs/speeches/x.md: 第")
    assert "YAML" in str(err.value)


def test_unclosed_front_matter_is_an_error():
    with pytest.raises(library.LibraryError, match="docs/a.md: 第1行"):
        library.parse_speech("---\ntitle: 甲\n", "a.md")


def test_undecodable_bytes_name_file_and_line():
    with pytest.raises(library.LibraryError, match=r"docs/speeches/a\.md: 第3行: 不是 UTF-8"):
        library.collect([("speeches/a.md", b"---\nkind: speech\n\xff\xfe\n---\n")])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_an_entry_none_or_a_library_error(data):
    try:
        library.collect([("speeches/x.md", data)])
    except library.LibraryError as exc:
        assert str(exc).startswith("docs/speeches/x.md")


def test_non_speech_pages_are_ignored():
    assert library.parse_speech("---\ntitle: 说明\n---\n正文", "speeches/index.md") is None


def test_speech_without_title_is_an_error():
    with pytest.raises(library.LibraryError, match="缺少 title"):
        library.parse_speech(speech_text(year=2023), "speeches/2023/a.md")


def test_wrong_types_are_reported_with_the_key():
    with pytest.raises(library.LibraryError, match="year 应为整数"):
        library.parse_speech(speech_text(title="甲", year="[1]"), "speeches/a.md")
    with pytest.raises(library.LibraryError, match="tags 应为文字列表"):
        library.parse_speech(speech_text(title="甲", tags="{a: 1}"), "speeches/a.md")


def test_fixture_speeches_are_read():
    entries = library.collect(fixture_pages())
    assert [e.src_uri for e in entries] == [
        "speeches/2023/2023-ff80ac6c.md", "speeches/2021/2021-8e8c839b-1.md", "speeches/undated/undated-ed1493ae.md"]
    county, city, district = entries
    assert county.title == "县长在全县安全生产会议上的讲话" and county.level == "县" and county.year == 2023
    assert county.review_count == 2 and county.byline == "县长"
    assert city.excerpt is True and city.part == 1 and city.year == 2021
    assert district.year is None and district.byline == "陆秋明（金坛区代区长）"
    assert "学校" in district.audiences and "#p-5" in district.body


def test_newest_first_then_undated():
    entries = [library.parse_speech(speech_text(title=t, year=y), f"speeches/{t}.md") if y else
               library.parse_speech(speech_text(title=t), f"speeches/{t}.md") for t, y in
               [("甲", 2019), ("乙", None), ("丙", 2024), ("丁", 2021)]]
    assert [e.title for e in library.sort_newest_first(entries)] == ["丙", "丁", "甲", "乙"]
    assert [e.title for e in library.latest(entries, 2)] == ["丙", "丁"]


# ---------------------------------------------------------------- generated pages

def test_themes_page_has_every_year_with_source_and_no_invented_theme():
    entries = library.collect(fixture_pages())
    md = library.render_themes(campaign.all_campaigns(), entries, 2025, lambda year: f"../library/{year}/")
    rows = re.findall(r'<tr id="y(\d{4})"', md)
    assert rows == [str(y) for y in range(2026, 2001, -1)]
    row_2026 = re.search(r'<tr id="y2026".*?</tr>', md).group(0)
    assert "主题未收录" in row_2026 and "第25个" in row_2026
    row_2021 = re.search(r'<tr id="y2021".*?</tr>', md).group(0)
    text_2021 = re.sub(r"<[^>]+>", "", row_2021)          # the theme is split into phrase spans
    assert "落实安全责任 推动安全发展" in text_2021 and "bisaixing.com/anquan" in text_2021
    assert 'href="../library/2021/">1篇</a>' in row_2021     # the year page, not the index
    row_2025 = re.search(r'<tr id="y2025".*?</tr>', md).group(0)
    assert 'class="sm-current"' in row_2025 and "本届" in row_2025
    assert "本届" not in re.search(r'<tr id="y2024".*?</tr>', md).group(0)
    assert md.count('<span class="sm-missing">主题未收录</span>') == 1   # only 2026


def test_source_cell_lists_official_pages_first_and_escapes_them():
    official = campaign.OfficialSource(publisher="某<市>政府网站", note="6月1日 & “专栏”", url='https://a.gov.cn/?a=1&b="2"')
    c = campaign.Campaign(year=2024, edition=23, theme="主题", source="x.com/<b>", official=(official,))
    cell = library.source_html(c)
    assert cell.index("官方来源") < cell.index("另见：x.com/&lt;b&gt;")
    assert 'href="https://a.gov.cn/?a=1&amp;b=&quot;2&quot;"' in cell and "某&lt;市&gt;政府网站" in cell
    assert "（6月1日 &amp; “专栏”）" in cell and "<b>" not in cell
    plain = library.source_html(campaign.Campaign(year=2003, edition=2, theme="主题", source="liuxue86.com/a"))
    assert plain == '<span class="sm-source__more">转载汇总：liuxue86.com/a</span>'
    assert library.source_html(campaign.Campaign(year=2026, edition=25, theme=None, source=None)) == "—"


# --------------------------------------------------------------------- site_pages

def test_campaign_extra_comes_from_campaign_data():
    extra = facts.campaign_extra()
    cur = extra["current"]
    c = campaign.current()
    assert (cur["year"], cur["edition"], cur["theme"]) == (c.year, c.edition, c.theme)
    assert cur["dates"] == f"{c.year}年6月1日—30日"
    assert cur["consultation_day"] == f"{c.year}-06-16" and cur["consultation_label"] == "6月16日"
    assert extra["by_year"][2026]["theme"] is None and extra["by_year"][2026]["theme_text"] == "主题未收录"
    assert extra["by_year"][2010]["consultation_label"] == "6月13日"  # second Sunday of June 2010


def test_speech_cards_are_newest_first_and_limited():
    entries = library.collect(fixture_pages())
    cards = facts.speech_cards(entries, lambda src: src[:-3] + "/", limit=2)
    assert [c["url"] for c in cards] == ["speeches/2023/2023-ff80ac6c/", "speeches/2021/2021-8e8c839b-1/"]
    assert cards[1]["excerpt"] is True and cards[0]["year_label"] == "2023年"


def test_speech_description_names_title_who_and_year():
    d = facts.speech_description({"title": "甲", "org": "金坛区", "role": "代区长", "speaker": "陆秋明", "year": 2020})
    assert d == "讲话材料《甲》，金坛区代区长陆秋明，2020年。附来源文件与整理说明。"


def test_index_key_ignores_the_text_body_only():
    from dataclasses import replace

    e = library.SpeechEntry(src_uri="speeches/2021/a.md", title="讲话", body="正文", year=2021)
    assert library.index_key([e]) == library.index_key([replace(e, body="改过的正文")])
    assert library.index_key([e]) != library.index_key([replace(e, title="新标题")])
    assert library.index_key([e]) != library.index_key([replace(e, tags=("应急管理",))])


def test_text_memo_decodes_the_same_bytes_object_once_and_only_when_on():
    memo = library.TextMemo()
    data = speech_text(title="讲话甲").encode("utf-8")
    off = memo.text(data, "speeches/a.md")
    assert off == data.decode("utf-8") and memo.text(data, "speeches/a.md") is not off  # off: kept nowhere
    memo.on = True
    first = memo.text(data, "speeches/a.md")
    assert memo.text(data, "speeches/a.md") is first               # the very same bytes: same str
    changed = speech_text(title="讲话乙").encode("utf-8")
    assert "讲话乙" in memo.text(changed, "speeches/a.md")          # new bytes: decoded again
    equal_copy = bytes(bytearray(changed))
    assert memo.text(equal_copy, "speeches/a.md") == changed.decode("utf-8")
    with pytest.raises(library.LibraryError, match=r"docs/speeches/b.md: 第2行"):
        memo.text(b"---\n\xff\n", "speeches/b.md")


def test_collect_gives_the_same_entries_with_the_memo_on(monkeypatch):
    pages = fixture_pages()
    plain = library.collect(pages)
    monkeypatch.setattr(library.TEXTS, "on", True)
    assert library.collect(pages) == plain == library.collect(pages)
