"""pages/entry.py: the one shape of a speech entry, and what the rooms derive from it."""

from __future__ import annotations

from dataclasses import fields

import pytest

from safety_month.pages import entry
from safety_month.site import facts, library

SPEECH = """---
kind: speech
title: 在全区安全生产工作会议上的讲话
speaker: 陆秋明
role: 代区长
org: 金坛区
level: 区
occasion: 全区安全生产工作会议
year: 2020
date: 2020-06-01
theme: 生命至上 安全发展
excerpt: true
audiences: [企业, 社区]
tags: [隐患排查治理]
review:
- 一处
- 两处
---
正文。
"""


def test_from_meta_reads_every_fact_of_a_speech_page():
    e = entry.parse_speech(SPEECH, "speeches/2020/a.md")
    assert (e.src_uri, e.title, e.speaker, e.role, e.org, e.level) == (
        "speeches/2020/a.md", "在全区安全生产工作会议上的讲话", "陆秋明", "代区长", "金坛区", "区")
    assert (e.year, e.date, e.theme, e.excerpt, e.audiences, e.tags, e.review_count) == (
        2020, "2020-06-01", "生命至上 安全发展", True, ("企业", "社区"), ("隐患排查治理",), 2)
    assert e.body == "正文。\n" and e.byline == "陆秋明（金坛区代区长）"


def test_from_meta_errors_name_the_file():
    with pytest.raises(entry.EntryError, match=r"^docs/speeches/x\.md: 讲话页面缺少 title"):
        entry.SpeechEntry.from_meta("speeches/x.md", {"kind": "speech"})
    with pytest.raises(entry.EntryError, match=r"^docs/speeches/x\.md: 前置元数据 year 应为整数"):
        entry.SpeechEntry.from_meta("speeches/x.md", {"title": "甲", "year": "二〇二〇"})


def test_the_site_uses_the_one_entry_shape():
    # The library, the home page's cards and the 五进 excerpts take the very class (and the
    # library's error is the entry's): a field added to it reaches them all.
    assert library.SpeechEntry is entry.SpeechEntry and library.LibraryError is entry.EntryError
    e = entry.parse_speech(SPEECH, "speeches/2020/a.md")
    card = facts.speech_cards([e], lambda src: "/" + src)[0]
    assert card == {"title": e.title, "url": "/speeches/2020/a.md", "byline": e.byline,
                    "year_label": "2020年", "level": "区", "excerpt": True, "tags": ["隐患排查治理"]}


def test_searchable_fields_are_marked_on_the_entry():
    marked = [f.name for f in fields(entry.SpeechEntry) if f.metadata.get("searchable")]
    assert entry.SEARCHABLE_FIELDS == tuple(marked) == ("speaker", "role", "org", "occasion", "theme")


def test_about_text():
    meta = {"title": "讲话", "speaker": "陆秋明", "role": "代区长", "org": "金坛区", "year": 2020,
            "occasion": " ", "theme": None, "tags": ["隐患排查治理"]}
    assert entry.about_text(meta) == "陆秋明 代区长 金坛区 2020年"
    assert entry.about_text({"title": "首页"}) == ""
    # Values of other types are left out, never an error: search sees every page.
    assert entry.about_text({"speaker": ["甲"], "theme": "主题", "year": "2020"}) == "主题"


def test_about_facts_are_named_as_the_page_names_them():
    meta = {"title": "讲话", "speaker": "陆秋明", "role": "代区长", "org": "金坛区", "year": 2020,
            "occasion": " ", "theme": None, "tags": ["隐患排查治理"]}
    assert entry.about_facts(meta) == ["讲话人：陆秋明", "职务：代区长", "地区或单位：金坛区", "年份：2020年"]
    assert entry.about_facts({"title": "首页"}) == []
    assert entry.about_facts({"speaker": ["甲"], "occasion": "全县安全生产会议"}) == ["场合：全县安全生产会议"]
    # every searchable fact has a label, so a new one cannot reach the results unnamed
    assert set(entry.FACT_LABELS) == set(entry.SEARCHABLE_FIELDS)


def test_about_text_of_a_speech_page_follows_its_entry():
    e = entry.parse_speech(SPEECH, "speeches/2020/a.md")
    assert entry.about_text(e.meta) == " ".join(
        [*(getattr(e, name) for name in entry.SEARCHABLE_FIELDS), f"{e.year}年"])
