"""Each failure of the importer that issue 14's audit found, as a small input that reproduces
its class: inputs that took time growing with the square (or worse) of their size, recursion
that grew with the input, pages the build could not convert. The tests assert work done (the
function returns; a count of searches does not grow with the input; the same results as the
slow form on small inputs), never wall-clock time: scripts/devtools/bench_bounds.py prints the times.
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safety_month.importer import body, render
from safety_month.importer.clean import (
    chrome,
    hints,
    junk,
    lost_chars,
    markers,
    punctuation,
    script,
    tails,
    wraps,
)
from safety_month.importer.clean.base import Context, excerpt, line_of
from safety_month.text.guarded import compile_any
from safety_month.importer.errors import SourceError
from safety_month.importer.pipeline import default_pipeline, plan_source
from safety_month.importer.model import Block, CleanResult, RawDocument, ReviewItem, Speech
from safety_month.importer.read import decode_source
from safety_month.importer.read.html import MAX_ATTRIBUTES, limit_attributes
from safety_month.importer.structure import audiences, headings, meta, paragraphs
from safety_month.importer.structure.text import Line

PIPELINE = default_pipeline()
DIFFERENTIAL = settings(max_examples=400, deadline=None, derandomize=True)


def import_text(text: str, name: str = "sources/x.txt"):
    raw, reports = decode_source(text.encode("utf-8"), name)
    return plan_source(raw, reports, name, PIPELINE)


# --- junk: blocks, any tag form ------------------------------------------------------------

OLD_BLOCKS = re.compile(r"(?:<(style|script|noscript)\b[^>]*>.*?</\1\s*>)|(?:<!--.*?-->)", re.S | re.I)


class _Counting:
    """A compiled pattern that counts its searches."""

    def __init__(self, rx):
        self.rx, self.searches = rx, 0

    def search(self, *args):
        self.searches += 1
        return self.rx.search(*args)


def test_unclosed_script_openers_search_for_a_closer_once(monkeypatch):
    """256 KB of "<script>" took 32 s: the lazy regex scanned to the end for every opener.
    Now a closer is looked for once per kind, however many openers there are."""
    counting = {name: _Counting(rx) for name, rx in junk._BLOCK_CLOSE.items()}
    monkeypatch.setattr(junk, "_BLOCK_CLOSE", counting)
    searches = []
    for n in (100, 20_000):
        for c in counting.values():
            c.searches = 0
        text = "<script>" * n + "<!--" * n + "<style>\n" * n
        out = junk.apply(text).text
        assert "<script>" not in out and out.count("\n") == n       # tags gone, lines kept
        searches.append(sum(c.searches for c in counting.values()))
    report = junk.RuleReport("junk")
    for c in counting.values():
        c.searches = 0
    junk._drop_blocks("<script>" * 20_000 + "<style>" * 20_000, report)
    assert searches[0] == searches[1]                 # the same few, for 100 or 20,000 openers
    assert sum(c.searches for c in counting.values()) == 2     # one pass: script once, style once


BLOCK_TEXT = st.lists(st.sampled_from(["<script>", "</script>", "<SCRIPT a=1>", "</script >", "<style>",
                                       "</style>", "<noscript>", "</noscript>", "<!--", "-->", "<!-->",
                                       "安全", "\n", ">", "<", "x"]), max_size=16).map("".join)


@DIFFERENTIAL
@given(BLOCK_TEXT)
def test_block_scan_removes_what_the_regexes_removed(text):
    report = junk.RuleReport("junk")
    expected = OLD_BLOCKS.sub(lambda m: "\n" * m.group().count("\n"), text)
    assert junk._drop_blocks(text, report) == expected


@pytest.mark.parametrize("source", [
    "<img/src=x/onerror=alert(1)>安全生产讲话", "<svg/onload=alert(1)>安全生产讲话",
    "<a/href=javascript:alert(1)>安全生产讲话</a>", "<iframe/src=javascript:alert(1)>安全生产讲话",
    "&lt;script&gt;alert(1)&lt;/script&gt;安全生产讲话", "&#60;img src=x onerror=alert(1)&#62;安全生产讲话",
    "&#x3c;svg/onload=alert(1)&#x3e;安全生产讲话", "&amp;lt;b&amp;gt;安全生产讲话",
    "<svg onload=alert(1)\n安全生产讲话", "<img <b>src=x onerror=alert(1)>安全生产讲话",
])
def test_any_tag_form_leaves_no_markup_in_the_title_or_text(source):
    """The first line of a .txt is the title; a tag in any form there ended up in the page
    title and, through Material's search, alive in search results."""
    [page] = import_text(source + "\n同志们：今年是全国第20个“安全生产月”。要坚持安全第一。").pages
    title = page.title
    assert "<" not in title and "&lt" not in title and "&#" not in title, title
    assert title.endswith("安全生产讲话")
    body = page.text.split("\n---\n", 1)[1]
    assert "onerror" not in body and "onload" not in body and "javascript" not in body


def test_tag_forms_in_saved_pages_and_word_titles():
    html = ("<html><head><title>&lt;svg/onload=alert(1)&gt;安全讲话</title></head><body>"
            "<h1>&lt;img/src=x/onerror=alert(1)&gt;安全生产讲话</h1><p>同志们：要坚持安全第一。</p></body></html>")
    raw, reports = decode_source(html.encode(), "sources/x.html")
    [page] = plan_source(raw, reports, "sources/x.html", PIPELINE).pages
    assert page.title == "安全生产讲话"
    import io

    from docx import Document

    document = Document()
    document.add_paragraph("<svg/onload=alert(1)>安全生产讲话", style="Title")
    document.add_paragraph("同志们：要坚持安全第一。")
    buffer = io.BytesIO()
    document.save(buffer)
    raw, reports = decode_source(buffer.getvalue(), "sources/x.docx")
    [page] = plan_source(raw, reports, "sources/x.docx", PIPELINE).pages
    assert page.title == "安全生产讲话"


def test_prose_with_angle_brackets_stays():
    assert junk.apply("1 < 2 > 0，a <b c，<安全生产法>").text == "1 < 2 > 0，a <b c，<安全生产法>"


# --- rewritten patterns give the old matches (without the old backtracking) ---------------

OLD_STRONG = {
    "meta": r"(?:(?:文档)?(?:ID|编号|大小|页数|格式|时间|上传时间|上传者|贡献者|作者|浏览|浏览量|阅读|阅读量|下载|下载量|下载次数|文档格式|文件格式|文件大小|文档大小|价格|积分|下载积分|所需积分|分类|类别|标签|发布时间|更新时间|来源|发布日期|点击|评分|人气|收藏量)\s*[:：]\s*\S{0,40}\s*)+",
    "share": r"(?:分享|分享到|分享至)\s*[:：]?\s*(?:微信|QQ|QQ空间|微博|朋友圈|\s)*",
    "service": r"(?:网站|在线|联系)?客服(?:QQ|电话|热线|微信)?\s*[:：]?\s*[\d\-—\s]{5,}",
    "likes": r"(?:点赞|评论|收藏|转发|分享|阅读|浏览)\s*[:：]?\s*\d*(?:\s+(?:点赞|评论|收藏|转发|分享|阅读|浏览)\s*[:：]?\s*\d*)*",
}
STRONG_TEXT = st.lists(st.sampled_from(["ID", "大小", "文档", "格式", "时间", ":", "：", " ", "1", "2M", "a",
                                        "分享", "QQ", "QQ空间", "微信", "客服", "电话", "-", "—", "点赞",
                                        "评论", "12", "收藏"]), max_size=12).map("".join)


@DIFFERENTIAL
@given(STRONG_TEXT)
def test_chrome_strong_patterns_match_the_lines_they_matched(line):
    old = re.compile("|".join(f"(?:{p})" for p in chrome.table("chrome")["strong"]
                              if not any(new in p for new in ("{0,40}+", "\\s*+", "(?:\\s*[:：])?"))) + "|" +
                     "|".join(f"(?:{p})" for p in OLD_STRONG.values()))
    assert (hints._CHROME_STRONG.fullmatch(line) is None) == (old.fullmatch(line) is None), line


def test_chrome_metadata_line_of_many_items_is_judged_in_one_pass():
    """"ID:a" repeated: the value could swallow the next items, exponentially many splits."""
    line = "作者:a" * 2_000 + " b"
    assert hints._CHROME_STRONG.fullmatch(line) is None
    assert hints._CHROME_STRONG.fullmatch("ID:a" * 2_000 + " b") is not None     # (two "ID:" items)
    assert hints._CHROME_STRONG.fullmatch("ID:123 大小：2M 格式:DOCX") is not None
    assert chrome.apply("点赞  " * 5_000 + "x\n同志们：要坚持安全第一。").text.endswith("要坚持安全第一。")


OLD_TAILS = r"(?:…{1,2}|\.{3,6})?[(（【]?\s*(?:本文|全文|文档|此处|中间)?(?:内容)?(?:已)?省略\s*\d+\s*字\s*[)）】]?(?:…{1,2}|\.{3,6})?"
OLD_EXPLICIT = [r"[(（]?[ \t]*第[ \t]*\d{1,4}[ \t]*页[ \t]*[,，/／]?[ \t]*共[ \t]*\d{1,4}[ \t]*页[ \t]*[)）]?",
                r"[(（]?[ \t]*共[ \t]*\d{1,4}[ \t]*页[ \t]*[,，]?[ \t]*第[ \t]*\d{1,4}[ \t]*页[ \t]*[)）]?"]
MARKER_TEXT = st.lists(st.sampled_from(["（", "(", " ", "  ", "\t", "第", "共", "1", "12", "页", "，", "/",
                                        "省略", "字", "本文", "…", "...", "）", "安"]), max_size=14).map("".join)


@DIFFERENTIAL
@given(MARKER_TEXT)
def test_marker_and_tail_patterns_find_what_they_found(text):
    """Bounded leading spaces (8) give the same matches wherever a marker has fewer."""
    old = compile_any(OLD_EXPLICIT + markers.table("markers")["explicit"][2:])
    assert [m.span() for m in markers._EXPLICIT.finditer(text)] == [m.span() for m in old.finditer(text)]
    new_tails = re.compile(tails.table("tails")["markers"][3])
    assert [m.span() for m in new_tails.finditer(text)] == [m.span() for m in re.finditer(OLD_TAILS, text)]


def test_long_space_runs_are_scanned_once():
    spaces = " " * 100_000
    assert tails.apply("省略" + spaces).text == "省略" + spaces
    assert markers.apply("页" + spaces).text == "页" + spaces
    assert tails.sentence_chars("a" * 100_000 + "\n安全。") == 3


def test_css_and_domains_on_long_dotted_lines():
    text = "a." * 50_000 + "com 范文网 www.x.com" + "@media " * 20_000
    out = junk.apply(text).text
    assert "www.x.com" not in out and out.startswith("a.a.") and out.endswith("@media ")


# --- punctuation: runs, placeholders (see also test_perf_equivalence) ---------------------

def test_blank_run_before_a_failing_mark_is_not_split_every_way():
    text = "安" + "_" * 3_000 + "a 同志们___:"
    assert punctuation.apply(text).text.endswith("同志们___：")


# --- script: lost characters -------------------------------------------------------------

def test_a_long_run_of_mojibake_is_not_inferred(monkeypatch):
    calls = []
    monkeypatch.setattr(lost_chars, "hypotheses", lambda tokens: calls.append(len(tokens)) or [])
    text = "發(fā)展(zhǎn)" * 6 + "?" + "槠" * 5_000 + "安" * 10
    out = script.apply(text)
    assert "槠" not in out.text and "□" in out.text
    assert all(n <= lost_chars.MAX_RUN_TOKENS for n in calls)


def test_only_the_first_runs_of_a_document_are_inferred(monkeypatch):
    resolved = []
    original = lost_chars.resolve
    monkeypatch.setattr(lost_chars, "resolve", lambda *a, **k: resolved.append(1) or original(*a, **k))
    text = "發(fā)展(zhǎn)" * 6 + "安全?生产。" * (lost_chars.MAX_RUNS * 3)
    new, repairs = lost_chars.repair(text)
    assert len(repairs) == lost_chars.MAX_RUNS * 3 and len(resolved) == lost_chars.MAX_RUNS


def test_document_pair_counts_are_str_count():
    doc = "安安安全全安a安安"
    counts = lost_chars.DocumentCounts(doc)
    for pair in ("安安", "全全", "安全", "a安", "xx"):
        assert counts.count(pair) == doc.count(pair)


# --- wraps, markers: joins without rescans -----------------------------------------------

def test_bracket_joins_over_many_lines():
    text = "（\n" + "安）（\n" * 20_000
    out = wraps.apply(text)
    assert out.text.count("\n") == 0 and out.text.count("（") == 20_001


def test_page_number_before_many_blank_lines():
    out = markers.apply("3\n" + "\n" * 50_000 + "安全")
    assert out.text.strip() == "安全"


def test_review_lines_and_excerpts_without_scans_from_the_start():
    text = ("安全" * 50 + "\n") * 2_000
    assert [line_of(text, k * 101 + 5) for k in (0, 7, 1_999)] == [1, 8, 2_000]
    long_line = "安" * 200_000
    assert excerpt(long_line, 100_000) == "安" * 24


# --- structure -----------------------------------------------------------------------------

def test_heading_numbering_has_no_recursion_that_grows_with_the_text(monkeypatch):
    """A 3.8 MB GB18030 text ended in RecursionError in _in_sequence."""
    lines = [Line(i + 1, text) for i, text in enumerate(["一、安全"] * 300 + ["（一）生产"] * 60)]
    monkeypatch.setattr(sys, "getrecursionlimit", sys.getrecursionlimit)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(120)
    try:
        assert headings.find_headings(lines) == []      # every "一、" alone: no series
    finally:
        sys.setrecursionlimit(limit)
    notes: list[str] = []
    many = [Line(i + 1, f"{n}、安全") for i, n in enumerate(["一", "二"] * 300)]
    assert headings.find_headings(many, notes) == [] and "超过" in notes[0]


def test_repeated_title_copies_are_cut_by_position():
    rest, found = meta._strip_title_prefix("安全生产讲话" * 50_000 + "同志们", ["安全生产讲话"])
    assert (rest, found) == ("同志们", "安全生产讲话")


def test_audience_sentences_in_a_text_without_sentence_ends():
    text = "进企业、进农村、进社区、进学校、进家庭" * 5_000
    assert audiences.detect_audiences(text)


def test_long_paragraphs_are_cut_at_sentence_ends_and_listed():
    sentence = "安全生产是一切工作的前提，必须坚持人民至上。"
    text = sentence * 400
    review: list[ReviewItem] = []
    blocks = paragraphs.build_blocks([headings.Seg("text", text, 1)], review)
    assert all(len(b.text) <= paragraphs.MAX_PARAGRAPH_CHARS for b in blocks)
    assert "".join(b.text for b in blocks) == text
    assert all(b.text.endswith("。") for b in blocks)
    assert len(review) == 1 and review[0].rule == "structure.long_paragraph"
    pieces, rough = paragraphs.cut_long("*" * 7_000)
    assert [len(p) for p in pieces] == [3_000, 3_000, 1_000] and rough == 2


def test_real_paragraphs_are_not_cut():
    assert paragraphs.cut_long("安全。" * 500) == (["安全。" * 500], 0)


# --- render: pages the build could not convert are refused ---------------------------------

def _speech(blocks: list[Block], **kw) -> Speech:
    return Speech(title="讲话", blocks=blocks, **kw)


RAW = RawDocument(path="sources/big.txt", sha256="0" * 64, text="", encoding="utf-8", kind="txt")


@pytest.mark.parametrize("blocks, words", [
    ([Block("p", "安全。" * 999)] * 70, "超过一页的上限 200000 字"),
    ([Block("p", "安全。")] * 2_001, "超过一页的上限 2000 段"),
    ([Block("p", "*" * 3_000)], "需要转义的符号"),
    ([Block("p", "安全XX" * 600)], "需要转义的符号"),
])
def test_pages_over_the_bounds_are_refused_with_a_message(blocks, words):
    with pytest.raises(SourceError) as info:
        render.render_speech(_speech(blocks), RAW, CleanResult(text=""), "sources/big.txt")
    assert str(info.value).startswith("sources/big.txt: ") and words in str(info.value)


@pytest.mark.parametrize("text", ["*" * 1_000_000, "<" * 1_000_000, "安全。\n" * 290_000])
def test_the_audit_pages_are_refused_not_written(text):
    """A 1 MB line of "*" or "<" (4-5 MB of entities, minutes in Python-Markdown) and
    290,000 short lines (290,000 paragraphs) are refused with a message."""
    with pytest.raises(SourceError) as info:
        import_text(text)
    assert "不像" in str(info.value)


def test_review_items_are_capped_with_a_summary():
    items = [ReviewItem("punctuation", k + 1, f"第 {k} 处", "") for k in range(150)]
    page = render.render_speech(_speech([Block("p", "安全。")], review=items), RAW, CleanResult(text=""),
                                "sources/big.txt")
    front = page.split("\n---\n", 1)[0]
    assert f"review_count: {render.MAX_REVIEW_ITEMS}" in front
    assert "另有 51 处待核对未逐条列出（punctuation 51 处）" in front


# --- read: HTML parse work -----------------------------------------------------------------

def test_an_element_with_many_attributes_loses_them():
    """160,000 attributes in one element never finished in lxml."""
    tag = "<div" + "".join(f" a{i}=1" for i in range(20_000)) + ">安全生产讲话</div>"
    html = f"<html><body>{tag}<p>同志们：要坚持安全第一。</p></body></html>"
    raw, reports = decode_source(html.encode(), "x.html")
    assert raw.text.startswith("安全生产讲话")
    [report] = [r for r in reports if r.rule == "read.html_attributes"]
    assert "20000" in report.examples[0]
    quoted = "<p" + "".join(f' b{i}="x y"' for i in range(MAX_ATTRIBUTES + 1)) + ">t</p>"
    assert limit_attributes(quoted)[0] == "<p>t</p>"
    glued = "<p " + "".join(f'c{i}="v"' for i in range(MAX_ATTRIBUTES + 1)) + ">t</p>"
    assert limit_attributes(glued)[0] == "<p>t</p>"


TAGS = st.lists(st.sampled_from(["<p>", "<div class=\"a b\">", "<a href='x>y' title=t>", "</div>", "<br/>",
                                 "<img src=x alt=\"<b>\">", "安全", " ", "<", ">", "\"", "'"]),
                max_size=20).map("".join)


@DIFFERENTIAL
@given(TAGS)
def test_ordinary_pages_are_not_touched_by_the_attribute_bound(html):
    assert limit_attributes(html) == (html, [])


def test_a_title_line_with_a_long_run_of_spaces():
    """A head line whose letters spell the title but with 100,000 spaces inside: the file
    suffix pattern, searched through it, tried the run from every space (25 s)."""
    assert meta._drop_suffix("安全生产讲话 .DOCX ") == "安全生产讲话"
    assert meta._drop_suffix("安全生产讲话.docx版") == "安全生产讲话.docx版"
    spaced = "安" + " " * 200_000 + "全生产讲话"
    assert meta.normalize_title(spaced) == "安 全生产讲话"
    [page] = import_text("安全生产讲话\n" + spaced + "\n同志们：要坚持安全第一。").pages
    assert page.title == "安 全生产讲话"          # (the body spells the title, spaces collapsed)


# A title spelled with characters that punctuation can also be ("a***b", "〔*〕…"): the repeated-
# title rule's pattern once let separators take the same characters as the title's literals, so
# a line of a thousand '*' backtracked for minutes (found by test_import_hostile).
def test_title_separator_never_takes_a_title_character():
    from safety_month.importer.clean import title_repeat

    both = [chr(c) for c in range(0x30000) if title_repeat._WORD.fullmatch(chr(c))
            and title_repeat._is_literal(chr(c)) and re.fullmatch(title_repeat._SEPARATOR, chr(c))]
    assert both == []


def test_title_of_stars_against_a_line_of_stars_finishes():
    from safety_month.importer.clean import title_repeat

    for title in ("a***b", "a*b*c*d", "〔*〕〔*〕"):
        out = title_repeat.apply("a" + "*" * 20_000 + "\n正文。", Context(titles=[title]))
        assert out.text.endswith("正文。")
    # the rule still finds a title repeated with punctuation between its characters
    out = title_repeat.apply("安全·生产 月活动方案安全生产月活动方案\n正文。", Context(titles=["安全生产月活动方案"]))
    assert out.text.count("活动方案") == 1
