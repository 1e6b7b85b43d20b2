"""safety_month.site.provenance: the readers' note under a speech says where the text comes
from and what the editors did in plain words; no rule id, hash or path ever reaches it."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from safety_month import tables
from safety_month.site import provenance


def test_a_web_source_names_its_site_and_keeps_the_address_as_text():
    note = provenance.reader_note({"source_url": "https://www.example.gov.cn/a/b.html?x=1",
                                   "source_file": "sources/001_x.txt"})
    assert note.source == "本文整理自网页（www.example.gov.cn）。"
    assert note.url == "https://www.example.gov.cn/a/b.html?x=1"


def test_a_collected_file_is_named_without_its_folder_and_by_its_kind():
    assert provenance.reader_note({"source_file": "sources/2023/区长讲话.docx"}).source == \
        "本文整理自编辑部收集的Word 文档“区长讲话.docx”。"
    assert "文本文件“a.txt”" in provenance.reader_note({"source_file": "sources/a.txt"}).source
    assert provenance.reader_note({}).source == "本文由编辑部整理。"


def test_changes_are_said_in_plain_words_with_counts_where_they_help():
    done = provenance.done_sentences({"chrome": 21, "boilerplate": 3, "spin.pingan": 80,
                                      "punctuation": 300, "wraps": 40, "markers": 4})
    assert done == ["删去了网页上的导航、分享、下载提示等附加文字",
                    "还原了被网站改写工具替换的词语（80 处）",
                    "合并了排版造成的断行",
                    "删去了转换文档时留下的页码（4 处）"]


def test_rules_that_only_change_the_look_are_not_told_and_nothing_is_an_id():
    assert provenance.done_sentences({"punctuation": 5, "punctuation.parens": 2, "hints": 1}) == []
    table = tables.load("provenance.yml")
    for rule, row in table.items():
        text = row["text"]
        assert not re.search(r"[A-Za-z_]", text), (rule, text)      # no rule id, no English
        assert isinstance(row["count"], bool)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=12), st.one_of(st.integers(-5, 10**6), st.text(max_size=5),
                                                        st.none(), st.lists(st.integers()))))
def test_whatever_an_editor_typed_the_note_is_made(changes):
    done = provenance.done_sentences(changes)
    assert all(isinstance(d, str) and d for d in done)
    assert provenance.done_sentences("chrome: 3") == []
    provenance.reader_note({"import_changes": changes, "source_url": "http://[::1", "source_file": 7})
