"""The result snippets of the search worker (data/search_snippet.js, SMSnippet), run in Node.

What a reader sees of each result: the sentence or two around the match (never whole
paragraphs), the match marked, no U+200B from segmentation, the fact that matched
("讲话人：陆秋明"), a synonym of the query word marked, escaped text kept inert. Chromium
checks the same on the built site (tests/browser/test_search_snippets.py).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess

import pytest

from safety_month import tables

NODE = shutil.which("node")
HARNESS = r"""
const fs = require("fs");
const src = fs.readFileSync(process.argv[1], "utf8");
const SMSnippet = new Function(src + "; return SMSnippet;")();
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const out = cases.map(c => {
  SMSnippet.configure(c.config || {});
  return c.answer ? SMSnippet.results(c.answer, c.query) : SMSnippet.item(c.doc);
});
process.stdout.write(JSON.stringify(out));
"""
ZW = "\u200b"
SHOWN_TAGS = re.compile(r'</?mark>|<p>|<p class="sm-search-fact">|</p>')


def run(cases: list[dict]) -> list:
    assert NODE, "node is required (make npm installs the project's Node tools)"
    result = subprocess.run([NODE, "-e", HARNESS, str(tables.path("search_snippet.js"))],
                            input=json.dumps(cases), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def one(doc: dict, config: dict | None = None) -> dict:
    return run([{"doc": doc, "config": config or {}}])[0]


def visible(html: str) -> str:
    return re.sub(r"<[^>]*>", "", html)


def seg(text: str) -> str:
    """Text cut the way the index has it (a U+200B between words; here between characters)."""
    return ZW.join(text)


LONG = ("<p>" + seg("会议要求各地各部门认真贯彻落实上级部署。") + "</p> <p>"
        + seg("今年以来，全县共排查各类隐患一千二百余处，已整改一千一百余处，整改率达到百分之九十以上，"
              "其中重大隐患十二处全部挂牌督办，对拒不整改的企业依法实施联合惩戒，形成有力震慑。")
        + "</p> <p>" + seg("下一步要持续推进") + "<mark>" + seg("燃气") + "</mark>"
        + seg("安全专项整治，督促餐饮企业安装可燃气体报警装置。各乡镇要落实属地责任，不留死角。") + "</p>")


def test_snippet_is_the_sentence_around_the_match_not_the_paragraphs():
    got = one({"location": "a/#b", "title": seg("燃气安全"), "text": LONG, "terms": {"燃气": True}})
    text = visible(got["text"])
    assert "<mark>燃气</mark>" in got["text"]
    assert text.startswith("下一步要持续推进燃气安全专项整治")        # its own sentence, from its start
    assert "各地各部门" not in text and "一千二百" not in text   # not the other paragraphs
    assert len(text) <= 100 + 2
    assert ZW not in got["text"] and ZW not in got["title"]


def test_a_short_sentence_brings_the_next_one():
    doc = {"location": "a/#b", "title": "t", "terms": {"演练": True},
           "text": "<p>" + seg("组织") + "<mark>" + seg("演练") + "</mark>" + seg("。每学期至少一次，全员参加。其余略。") + "</p>"}
    assert visible(one(doc)["text"]) == "组织演练。每学期至少一次，全员参加。"


def test_a_long_sentence_is_cut_at_clauses_with_an_ellipsis():
    body = "，".join(f"第{n}项工作要抓实抓细" for n in range(1, 30))
    doc = {"location": "a/#b", "title": "t", "terms": {"燃气": True},
           "text": "<p>" + body[:150] + "，<mark>燃气</mark>管道要巡查，" + body[150:] + "。</p>"}
    text = visible(one(doc)["text"])
    assert text.startswith("…") and text.endswith("…")
    assert "燃气管道要巡查" in text and len(text) <= 100 + 2
    assert text[1] not in "，、：" and "，…" not in text


def test_a_match_in_the_facts_shows_the_fact():
    doc = {"location": "speeches/2023/x/", "title": seg("践行安全发展理念"), "terms": {"陆秋明": True},
           "about": seg("陆秋明 代区长"), "facts": ["讲话人：陆秋明", "职务：代区长", "年份：2023年"],
           "text": "<p>" + seg("抓好安全生产，保障一方平安。事关民生福祉。") + "</p>"}
    got = one(doc)
    assert got["text"].startswith('<p class="sm-search-fact">讲话人：<mark>陆秋明</mark></p>')
    assert "代区长" not in got["text"]                         # only the fact that matched
    assert "抓好安全生产，保障一方平安。" in got["text"]        # and the opening of the text
    assert not {"facts", "about", "parts", "synonyms"} & set(got)


def test_a_synonym_of_the_query_word_is_marked_where_the_engine_marked_nothing():
    config = {"synonyms": [["燃气", "煤气", "天然气"], ["电动自行车", "电动车"]]}
    doc = {"location": "wujin/shequ/#gas", "title": "闻到燃气味", "terms": {"煤气": True, "泄漏": False},
           "text": "<p>" + seg("关闭燃气表前阀或总阀。轻开门窗通风。") + "</p>"}
    assert one(doc, config)["text"] == "<p>关闭<mark>燃气</mark>表前阀或总阀。轻开门窗通风。</p>"
    # the engine's own marks are kept as they are: no synonym marking on top
    doc["text"] = "<p>关闭<mark>煤气</mark>阀，燃气表。</p>"
    assert one(doc, config)["text"] == "<p>关闭<mark>煤气</mark>阀，燃气表。</p>"


def test_without_a_match_in_the_text_the_opening_is_shown():
    doc = {"location": "a/", "title": "标题", "terms": {"标题": True},
           "text": "<p>" + "第一句话说明本页内容。" + "第二句话很长" * 30 + "。</p>"}
    text = visible(one(doc)["text"])
    assert text.startswith("第一句话说明本页内容。") and len(text) <= 100 + 1


def test_escaped_markup_stays_text_and_entities_are_never_cut():
    doc = {"location": "a/", "title": "&lt;svg onload=alert(1)&gt;", "terms": {"燃气": True},
           "text": "<p>" + "&lt;svg/onload=alert(1)&gt;&amp;" * 12 + "<mark>燃气</mark>。</p>"}
    got = one(doc)
    assert "<svg" not in got["text"] and "<svg" not in got["title"]
    assert not re.search(r"&[#a-z0-9]*(?![#a-z0-9;])", got["text"].replace("&lt;", "").replace("&gt;", "").replace("&amp;", ""))


def test_results_keep_groups_and_suggestions():
    answer = {"items": [[{"location": "a/", "title": seg("首页"), "text": "", "terms": {}, "tags": [seg("燃气安全")]}],
                        [{"location": "b/", "title": "b", "text": "<p>x</p>", "terms": {}}]],
              "suggest": ["燃气"]}
    got = run([{"answer": answer}])[0]
    assert [len(g) for g in got["items"]] == [1, 1] and got["suggest"] == ["燃气"]
    assert got["items"][0][0]["title"] == "首页" and got["items"][0][0]["tags"] == ["燃气安全"]


def test_any_text_gives_a_short_snippet_of_the_allowed_tags_only():
    """Random mixes of Han text, punctuation, entities, kept tags, marks and U+200B."""
    rng = random.Random(18)
    pieces = ["燃气", "安全", "，", "。", "；", "“", "”", ZW, " ", "<p>", "</p>", "<code>", "</code>",
              "<mark>", "</mark>", "&lt;", "&amp;", "&#39;", "a", "12350", "\n", "😀", "……"]
    cases = []
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 400)))
        cases.append({"doc": {"location": "x/", "title": text[:40], "text": text,
                              "terms": {"燃气": True}, "facts": ["讲话人：燃气" + text[:5]]},
                      "config": {"synonyms": [["燃气", "煤气"]]}})
    for got in run(cases):
        assert ZW not in got["text"] and ZW not in got["title"]
        assert SHOWN_TAGS.sub("", got["text"]).count("<") == 0, got["text"]
        for p in re.findall(r"<p>(.*?)</p>", got["text"]):
            shown = visible(p)
            assert len(shown) <= 100 + 2, shown
            assert not shown or shown[0] not in "，、。；：！？”’）》」』〕】", shown


def test_the_words_typed_are_marked_whole():
    """The engine's terms for 金坛区 are 金坛 and 区 (one character: never marked alone);
    the fact says 金坛区, which the reader typed: marked whole."""
    answer = {"items": [[{"location": "s/", "title": "t", "text": "", "terms": {"金坛": True, "区": True},
                          "facts": ["讲话人：陆秋明", "地区或单位：金坛区"]}]]}
    cases = [{"answer": answer, "query": q} for q in ("金坛区", " 金坛区* ", "")]
    got = run(cases)
    assert got[0]["items"][0][0]["text"] == '<p class="sm-search-fact">地区或单位：<mark>金坛区</mark></p>'
    assert got[1]["items"][0][0]["text"] == got[0]["items"][0][0]["text"]
    assert got[2]["items"][0][0]["text"] == '<p class="sm-search-fact">地区或单位：<mark>金坛</mark>区</p>'
