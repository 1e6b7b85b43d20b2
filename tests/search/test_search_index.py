"""safety_month.search.index: guards and the UTF-8 rewrite of Material's search index."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from safety_month.search import index as si
from safety_month import tables

SEP = "\u200b"
CONFIG = {"lang": ["zh"], "separator": r"[\s\u200b\u3000\-、。，．？！；：（）“”]+", "pipeline": ["stemmer"],
          "fields": {"parts": {"boost": 0.5}, "title": {"boost": 1000.0}, "text": {"boost": 1.0}}}


def segmented(*words: str) -> str:
    return "<p>" + SEP.join(words) + "</p>"


def index_with(*texts: str, config=CONFIG) -> dict:
    return {"config": dict(config), "docs": [
        {"location": f"p{i}/", "title": f"第{i}页", "text": t} for i, t in enumerate(texts)
    ]}


def write_material_style(path, index):
    """As Material 9.8.1 writes it: ASCII escapes, compact separators."""
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")


# --- user dictionary ---------------------------------------------------------------------

def test_read_user_dict_words_and_errors(tmp_path):
    good = tmp_path / "d.txt"
    good.write_text("安全生产月 100 n\n\n隐患排查\n一岗双责 50\n", encoding="utf-8")
    assert si.read_user_dict(good) == ["安全生产月", "隐患排查", "一岗双责"]

    bad = tmp_path / "bad.txt"
    bad.write_text("安全生产月 100 n\n# a note\n", encoding="utf-8")
    with pytest.raises(si.SearchIndexError, match=r"bad\.txt:2: .*no comment syntax"):
        si.read_user_dict(bad)
    bad.write_text("安全 生产 月 100\n", encoding="utf-8")
    with pytest.raises(si.SearchIndexError, match=r"bad\.txt:1"):
        si.read_user_dict(bad)
    bad.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(si.SearchIndexError, match="not UTF-8"):
        si.read_user_dict(bad)
    with pytest.raises(si.SearchIndexError, match="missing"):
        si.read_user_dict(tmp_path / "none.txt")
    (tmp_path / "empty.txt").write_text("\n", encoding="utf-8")
    with pytest.raises(si.SearchIndexError, match="no words"):
        si.read_user_dict(tmp_path / "empty.txt")


def test_require_user_dict_fails_when_terms_are_split(tmp_path):
    import jieba

    d = tmp_path / "d.txt"
    d.write_text("安全生产月 100 n\n隐患排查 50 n\n", encoding="utf-8")
    plain = jieba.Tokenizer()  # default dictionary: the user terms are cut
    with pytest.raises(si.SearchIndexError, match=r"2 of 2 terms are split: 安全生产月 → 安全 / 生产 / 月"):
        si.require_user_dict(d, cut=lambda w: plain.lcut(w, HMM=False))
    loaded = jieba.Tokenizer()
    loaded.load_userdict(str(d))
    assert si.require_user_dict(d, cut=lambda w: loaded.lcut(w, HMM=False)) == ["安全生产月", "隐患排查"]


def test_split_user_terms_reports_pieces():
    assert si.split_user_terms(["五进", "隐患排查"], cut=lambda w: list(w) if w == "五进" else [w]) == {"五进": ["五", "进"]}


# --- the built index ---------------------------------------------------------------------

def test_load_errors(tmp_path):
    with pytest.raises(si.SearchIndexError, match="missing"):
        si.load(tmp_path / "search_index.json")
    (tmp_path / "bad.json").write_bytes(b'{"docs": [')
    with pytest.raises(si.SearchIndexError, match="not valid UTF-8 JSON"):
        si.load(tmp_path / "bad.json")


def test_segmented_share():
    assert si.segmented_share(index_with(segmented("隐患", "排查"), "<p>隐患排查</p>")) == 0.5
    assert si.segmented_share(index_with("<p>English only</p>")) == 1.0


def test_guard_fails_on_an_unsegmented_index(tmp_path):
    path = tmp_path / "search_index.json"
    write_material_style(path, index_with("<p>开展隐患排查治理</p>", "<p>组织应急演练</p>"))
    with pytest.raises(si.SearchIndexError, match="only 0% of Chinese entries are segmented"):
        si.require_segmented(path)


def test_guard_fails_when_user_terms_are_not_whole_tokens(tmp_path):
    path = tmp_path / "search_index.json"
    write_material_style(path, index_with(segmented("开展", "隐患", "排查"), segmented("全国", "安全", "生产", "月")))
    with pytest.raises(si.SearchIndexError, match="user dictionary was not used"):
        si.require_segmented(path, ["隐患排查", "安全生产月"])
    write_material_style(path, index_with(segmented("开展", "隐患排查"), segmented("全国", "安全", "生产", "月")))
    assert si.require_segmented(path, ["隐患排查", "安全生产月"])["docs"]


def test_user_terms_in_index():
    index = index_with(segmented("开展", "隐患排查", "治理"), segmented("应急", "演练"))
    assert si.user_terms_in_index(index, ["隐患排查", "应急演练", "五进"]) == ({"隐患排查", "应急演练"}, {"隐患排查"})
    assert si.some_user_term_whole(index, ["隐患排查", "五进"])
    assert not si.some_user_term_whole(index, ["应急演练", "五进"])   # present, but cut
    assert not si.some_user_term_whole(index_with(), ["隐患排查"])


def test_tokens_follow_the_configured_separator():
    sep = si.separator_of(index_with())
    assert si.tokens(f"<p>{SEP}电话{SEP}：12350。</p>", sep) == ["电话", "12350"]
    assert si.tokens(f"<p>{SEP}电话{SEP}：12350。</p>") == ["电话", "：12350"]  # Material's zh default
    with pytest.raises(si.SearchIndexError, match="not a usable regex"):
        si.separator_of({"config": {"separator": "[unclosed"}})


# --- parts of compounds ------------------------------------------------------------------

def test_default_pieces_uses_the_plain_dictionary():
    import jieba

    pieces = si.default_pieces(["隐患排查", "第一责任人", "进社区", "一岗双责", "安全生产月"], jieba.Tokenizer())
    assert pieces == {"隐患排查": ["隐患", "排查"], "第一责任人": ["第一", "责任人"], "进社区": ["社区"],
                      "安全生产月": ["安全", "生产"]}


def test_add_parts_fills_the_field_and_needs_it_configured():
    index = index_with(segmented("开展", "隐患排查", "和", "隐患排查"), segmented("组织", "演练"))
    assert si.add_parts(index, {"隐患排查": ["隐患", "排查"]}) == 1
    assert index["docs"][0]["parts"] == "隐患 排查"
    assert "parts" not in index["docs"][1]
    no_field = index_with(segmented("隐患排查"), config={**CONFIG, "fields": {"text": {"boost": 1.0}}})
    with pytest.raises(si.SearchIndexError, match="no 'parts' field"):
        si.add_parts(no_field, {"隐患排查": ["隐患", "排查"]})


# --- rewrite ----------------------------------------------------------------------------

def test_rewrite_keeps_content_and_writes_utf8(tmp_path):
    path = tmp_path / "search_index.json"
    original = index_with(segmented("开展", "隐患排查"), '<p>引号 " 与 \\ 反斜杠 \u2028 和 <code>&lt;b&gt;</code></p>')
    write_material_style(path, original)
    before = path.stat().st_size
    size = si.rewrite_utf8(path)
    data = path.read_bytes()
    assert json.loads(data.decode("utf-8")) == original
    assert b"\\u" not in data.replace(b"\\\\u", b"")  # no \uXXXX escapes left
    assert "隐患排查".encode("utf-8") in data
    assert b", " not in data and b": " not in data  # compact separators
    assert (size.before, size.raw, size.entries) == (before, len(data), 2)
    assert size.gzip == len(gzip.compress(data, 6))
    assert size.raw < before
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_size_log_line():
    line = si.IndexSize(before=6_000, raw=3_000, gzip=1_000, entries=12).log_line()
    assert line == ("search index: 12 entries, 3,000 bytes UTF-8 (1,000 bytes gzip; "
                    "was 6,000 bytes with ASCII escapes, 50% smaller)")
    # the sharded engine serves no whole index: its gzip size is not measured (nor claimed)
    line = si.IndexSize(before=6_000, raw=3_000, gzip=None, entries=12).log_line()
    assert line == "search index: 12 entries, 3,000 bytes UTF-8 (was 6,000 bytes with ASCII escapes, 50% smaller)"


def test_dumps_utf8_is_compact_and_parses_in_a_strict_parser():
    text = si.dumps_utf8({"docs": [{"text": "安全\u200b生产"}]})
    assert text == '{"docs":[{"text":"安全\u200b生产"}]}'
    assert re.fullmatch(r"[^\\]*", text)


# --- front-matter facts ------------------------------------------------------------------

def test_add_about_needs_the_field_and_touches_page_entries_only():
    index = index_with(segmented("开场"), config={**CONFIG, "fields": {**CONFIG["fields"], "about": {"boost": 100}}})
    index["docs"].append({"location": "p0/#s", "title": "一", "text": segmented("正文")})
    assert si.add_about(index, {"p0/": "陆秋明 代区长"}, lambda t: t.replace(" ", SEP)) == 1
    assert index["docs"][0]["about"] == f"陆秋明{SEP}代区长" and "about" not in index["docs"][1]
    assert si.add_about(index_with(segmented("开场")), {}, str) == 0
    # the named facts go with them, escaped, for the result snippet (never searched)
    named = {"p0/": ["讲话人：陆秋明", "场合：<b>会</b>"]}
    si.add_about(index, {"p0/": "陆秋明 代区长"}, str, named)
    assert index["docs"][0]["facts"] == ["讲话人：陆秋明", "场合：&lt;b&gt;会&lt;/b&gt;"]
    assert "facts" not in index["docs"][1] and "facts" not in index["config"]["fields"]
    with pytest.raises(si.SearchIndexError, match="no 'about' field"):
        si.add_about(index_with(segmented("开场")), {"p0/": "陆秋明"}, str)


def test_jieba_segment_like_material():
    import jieba

    jieba.load_userdict(str(tables.path("jieba_user_dict.txt")))
    assert si.jieba_segment("金坛区代区长 2020年") == f"金坛{SEP}区{SEP}代区长{SEP} 2020{SEP}年"


def test_file_digest_is_the_sha256_of_the_whole_file(tmp_path):
    import hashlib

    path = tmp_path / "search_index.json"
    data = ("{\"docs\": [" + ",".join(f'"\\u5b89{n}"' for n in range(200_000)) + "]}").encode()
    path.write_bytes(data)
    assert si.file_digest(path) == hashlib.sha256(data).hexdigest()
    path.write_bytes(data[:-1] + b" ")
    assert si.file_digest(path) != hashlib.sha256(data).hexdigest()
