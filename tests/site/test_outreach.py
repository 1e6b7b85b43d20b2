"""outreach.py: 讲话摘编 selection for the 五进 pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safety_month.pages import reader
from safety_month.site import library, outreach, outreach_select, outreach_text
from tests import paths

FIXTURES = paths.TESTS / "fixtures" / "site" / "speeches"
RULES_YAML = """
marker: "<!-- 讲话摘编 -->"
min_score: 3
min_chars: 5
max_per_page: 3
max_per_speech: 1
max_chars: 40
per_keyword_cap: 2
audience_bonus: 1
audiences:
  企业: {keywords: {企业: 2, 主体责任: 3}}
  农村: {keywords: {农机: 3}}
  社区: {keywords: {社区: 3}}
  学校: {keywords: {学校: 3}}
  家庭: {keywords: {家庭: 3}}
"""


def rules(**over):
    r = outreach.load_rules(RULES_YAML)
    return r.__class__(**{**r.__dict__, **over})


def speech(src, year=None, audiences=(), title="讲话"):
    return library.SpeechEntry(src_uri=src, title=title, year=year, audiences=tuple(audiences))


def para(n, text, heading=None):
    return outreach.Paragraph(n, text, heading)


# -------------------------------------------------------------------------- rules

def test_default_rules_cover_the_five_audiences():
    r = outreach.load_rules()
    assert set(r.audiences) == set(outreach.AUDIENCES)
    assert r.marker == "<!-- 讲话摘编 -->"
    assert r.max_per_page >= 1 and r.max_per_speech >= 1
    assert all(w > 0 for a in r.audiences.values() for w in a.keywords.values())


@pytest.mark.parametrize("yaml_text, message", [
    ("marker: [", "data/outreach.yml: 第"),
    (RULES_YAML.replace("企业: {keywords", "工厂: {keywords"), "audiences.工厂"),
    (RULES_YAML.replace("农机: 3", "农机: 0"), "audiences.农村.keywords.农机: 权重应为正数"),
    (RULES_YAML.replace("max_per_page: 3", "max_per_page: 2.5"), "max_per_page 应为整数"),
    (RULES_YAML.replace("  家庭: {keywords: {家庭: 3}}\n", ""), "audiences 缺少 家庭"),
    (RULES_YAML.replace('marker: "<!-- 讲话摘编 -->"', 'marker: ""'), "marker"),
])
def test_bad_rules_name_the_file_and_key(yaml_text, message):
    with pytest.raises(outreach.RulesError) as err:
        outreach.load_rules(yaml_text)
    assert str(err.value).startswith("data/outreach.yml: ")
    assert message in str(err.value)


# --------------------------------------------------------------------- paragraphs

def test_markdown_to_plain_resolves_emphasis_escapes_entities_and_redactions():
    md = ('**一是强化责任。**对\\*号和&#42;以及&lt;b&gt;保留，'
          '<span class="sm-redact" title="原文隐去或待填写">〔&#42;〕</span>处隐患。')
    plain = outreach.markdown_to_plain(md)
    assert plain == "一是强化责任。对*号和*以及<b>保留，\ue000〔*〕\ue001处隐患。"


def test_sentinels_in_the_source_cannot_fake_a_redaction():
    assert outreach.markdown_to_plain("甲\ue000乙\ue001丙") == "甲乙丙"


def test_parse_paragraphs_numbers_paragraphs_as_the_build_and_reads_headings():
    body = "\n".join([
        "开场白第一段。", "",
        "## 一、抓责任", "",
        "**一是压实。**企业要落实主体责任。", "",
        "- 列表不是段落", "",
        "```", "代码 {: #p-9 }", "", "代码第二段", "```", "",
        "### （一）小标题 {: #h-x }", "",
        "第三段，", "跨两行，X同志〔*〕。", "",
    ])
    ps = outreach.parse_paragraphs(body)
    assert [(p.number, p.text, p.heading) for p in ps] == [
        (1, "开场白第一段。", None),
        (2, "一是压实。企业要落实主体责任。", "一、抓责任"),
        (3, "第三段， 跨两行，\ue000X\ue001同志\ue000〔*〕\ue001。", "（一）小标题"),
    ]
    # an old page (an anchor line after each paragraph, spans around placeholders) reads the same
    old = body.replace("开场白第一段。", "开场白第一段。\n{: #p-1 }").replace(
        "主体责任。", "主体责任。\n{: #p-2 }").replace(
        "X同志〔*〕。", '<span class="sm-redact" title="原文隐去或待填写">X</span>同志'
                      '<span class="sm-redact" title="原文隐去或待填写">〔&#42;〕</span>。\n{: #p-3 .lead }')
    assert outreach.parse_paragraphs(old) == ps


def test_fixture_speech_paragraphs_match_their_anchors():
    for path in FIXTURES.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        body = "\n".join(text.split("\n")[reader.parse(text).close_line:])
        ps = outreach.parse_paragraphs(body)
        assert [p.number for p in ps] == list(range(1, len(ps) + 1)), path


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("甲乙。！\n{}:#p-12*\\<>&\"'`~ span class=\"sm-redact\"/\ue000\ue001")), max_size=200))
def test_parse_and_render_never_crash_and_never_emit_raw_markup(text):
    ps = outreach.parse_paragraphs(text + "\n{: #p-1 }\n")
    for p in ps:
        out = outreach.text_html(outreach.snippet(p.text, {"甲": 1}, 10))
        assert "<b" not in out and "<script" not in out
        assert out.count("<span") == out.count("</span>")


# ---------------------------------------------------------------------- selection

def test_score_caps_repeated_keywords():
    assert outreach.score("企业企业企业主体责任", {"企业": 2, "主体责任": 3}, cap=2) == (7.0, ("企业", "主体责任"))
    assert outreach.score("无关", {"企业": 2}, cap=2) == (0.0, ())


def test_snippet_keeps_whole_sentences_around_the_best_one():
    text = "第一句很长很长很长很长很长。第二句讲学校安全。第三句也很长很长很长很长。第四句。"
    out = outreach.snippet(text, {"学校": 3}, max_chars=20)
    # Whole sentences need no …… (the link opens the paragraph); ；does not end a sentence.
    assert out == "第二句讲学校安全。第四句。" or out == "第一句很长很长很长很长很长。第二句讲学校安全。" \
        or out == "第二句讲学校安全。"
    assert "……" not in out and len(out) <= 20
    assert outreach.snippet("甲乙丙丁戊己；学校要演练。庚辛壬癸子丑寅卯辰巳。", {"学校": 3}, 15) == "甲乙丙丁戊己；学校要演练。"


def test_a_sentence_too_long_is_shortened_at_clause_ends_never_inside_a_word():
    text = ("要进一步建好用好市、县、乡镇、村居、企业五级监管网格，明确各网格安全监管责任，"
            "深入推进风险分级管控和隐患排查治理双重预防机制建设，形成安全治理长效机制。")
    out = outreach.snippet(text, {"网格": 3}, max_chars=40)
    assert out == "要进一步建好用好市、县、乡镇、村居、企业五级监管网格，明确各网格安全监管责任……"
    middle = outreach.snippet(text, {"双重预防": 3}, max_chars=30)
    assert middle == "……深入推进风险分级管控和隐患排查治理双重预防机制建设……"


_PIECES = st.lists(st.sampled_from(["学校要演练", "甲乙丙丁戊", "企业", "，", "。", "；", "！", "”", "\ue000XX\ue001", " "]),
                   max_size=40)


@settings(max_examples=300, deadline=None)
@given(_PIECES, st.integers(min_value=4, max_value=60))
def test_snippet_ends_are_sentence_or_clause_ends(pieces, max_chars):
    """Every quoted run is a piece of the paragraph that starts where a sentence or clause
    starts and ends at a sentence end (or the paragraph's end); …… only stands where whole
    clauses were left out."""
    text = "".join(pieces)
    out = outreach.snippet(text, {"学校": 3}, max_chars)
    if not text.strip():
        return
    body = out.removeprefix("……").removesuffix("……")
    assert "……" not in body
    # The run may occur more than once in the paragraph (repeated sentences): it is right when
    # one of its places starts and ends where the rules allow.
    places = [i for i in range(len(text)) if text.startswith(body, i)]
    assert places, (text, out)
    assert any(_cut_well(text, body, at, out) for at in places), (text, out)


def _cut_well(text: str, body: str, at: int, out: str) -> bool:
    before, after = text[:at].rstrip(" "), text[at + len(body):]
    ends = outreach_text.SENTENCE_ENDS + outreach_text.CLAUSE_ENDS
    if not (before == "" or before[-1] in ends + "”’」』）)"):
        return False
    if out.endswith("……"):
        # cut after a clause's end: the end itself is dropped before …… (or kept when a
        # closing quote follows it)
        return after.lstrip(" ")[:1] in set(outreach_text.CLAUSE_ENDS) or \
            body.rstrip("”’」』）) ")[-1:] in outreach_text.CLAUSE_ENDS
    return after.strip() == "" or body.rstrip("”’」』）)")[-1:] in outreach_text.SENTENCE_ENDS


def test_empty_brackets_show_as_a_redaction():
    assert outreach.mark_gaps("市、县（）、乡镇（街道）、村( )") == "市、县\ue000（）\ue001、乡镇（街道）、村\ue000( )\ue001"
    marked = "\ue000（）\ue001"
    assert outreach.mark_gaps("县" + marked) == "县" + marked            # already marked: left alone
    html = outreach.text_html(outreach.mark_gaps("县（）"))
    assert html == '县<span class="sm-redact" title="原文隐去或待填写">（）</span>'


def test_snippet_never_cuts_a_redaction():
    text = "甲乙丙丁。\ue000〔*〕。\ue001学校要演练。戊己庚辛壬癸。"
    out = outreach.snippet(text, {"学校": 3}, max_chars=10)
    assert out.count("\ue000") == out.count("\ue001")
    assert "学校要演练" in out


def test_select_respects_min_score_per_speech_and_per_page_limits():
    a = (speech("speeches/a.md", 2023), [para(1, "企业主体责任要落实。"), para(2, "企业要培训。企业要演练。"), para(3, "企业")])
    b = (speech("speeches/b.md", 2021), [para(1, "企业主体责任，企业要落实。")])
    c = (speech("speeches/c.md", 2022), [para(1, "与本主题无关的段落内容。")])
    chosen = outreach.select([a, b, c], "企业", rules())
    assert [(x.speech.src_uri, x.paragraph.number) for x in chosen] == [("speeches/b.md", 1), ("speeches/a.md", 1)]
    more = outreach.select([a, b, c], "企业", rules(max_per_speech=2, max_per_page=3))
    assert [(x.speech.src_uri, x.paragraph.number) for x in more] == [
        ("speeches/b.md", 1), ("speeches/a.md", 1), ("speeches/a.md", 2)]
    assert outreach.select([a, b, c], "企业", rules(min_score=100)) == []


def test_audience_bonus_and_newer_speech_win_ties():
    text = "农机要检验登记。"          # score 3: below min_score 3.5 without the bonus
    old = (speech("speeches/old.md", 2019, audiences=["农村"]), [para(1, text)])
    new = (speech("speeches/new.md", 2024, audiences=["农村"]), [para(4, text)])
    plain = (speech("speeches/plain.md", 2025), [para(1, text)])
    chosen = outreach.select([old, new, plain], "农村", rules(min_score=3.5, max_per_page=5))
    assert [x.speech.src_uri for x in chosen] == ["speeches/new.md", "speeches/old.md"]


def test_select_reuses_scores_of_unchanged_speeches_only():
    """The live preview selects again on every save: an unchanged speech (same entry, same
    paragraphs tuple) is not scored again, an edited one is, and lists are never remembered."""
    r = rules()
    entry = speech("speeches/a.md", 2023)
    relevant, unrelated = para(1, "企业主体责任要落实。"), para(1, "与本主题无关的段落内容。")
    paragraphs = (relevant,)
    first = outreach.select([(entry, paragraphs)], "企业", r)
    assert [x.paragraph for x in first] == [relevant]
    finder = outreach_select._candidate_finder("企业", r)
    assert finder(entry, paragraphs) is finder(entry, paragraphs)        # remembered
    # An equal entry with other paragraphs (the text was edited): scored again.
    assert outreach.select([(speech("speeches/a.md", 2023), (unrelated,))], "企业", r) == []
    # A list may change in place: never answered from memory.
    mutable = [relevant]
    assert len(outreach.select([(entry, mutable)], "企业", r)) == 1
    mutable[0] = unrelated
    assert outreach.select([(entry, mutable)], "企业", r) == []
    # Other rules, other scores: a higher bar drops the same unchanged speech.
    assert outreach.select([(entry, paragraphs)], "企业", rules(min_score=100)) == []


def test_parse_paragraphs_returns_one_tuple_per_body():
    body = "开场白第一段。\n{: #p-1 }\n"
    assert outreach.parse_paragraphs(body) is outreach.parse_paragraphs("".join(body))


def test_unknown_audience_is_an_error():
    with pytest.raises(outreach.RulesError, match="未知受众"):
        outreach.select([], "机关", rules())


def test_fixture_speeches_feed_every_audience_with_the_default_rules():
    entries = library.collect((str(p.relative_to(FIXTURES.parent)), p.read_bytes()) for p in FIXTURES.rglob("*.md"))
    speeches = [(e, outreach.parse_paragraphs(e.body)) for e in entries]
    r = outreach.load_rules()
    for audience in outreach.AUDIENCES:
        chosen = outreach.select(speeches, audience, r)
        assert chosen, audience
        assert len(chosen) <= r.max_per_page
        per = {}
        for x in chosen:
            per[x.speech.src_uri] = per.get(x.speech.src_uri, 0) + 1
            assert x.score >= r.min_score
        assert max(per.values()) <= r.max_per_speech
    family = outreach.select(speeches, "家庭", r)
    assert family[0].speech.src_uri == "speeches/2023/2023-ff80ac6c.md" and family[0].paragraph.number == 7


# ---------------------------------------------------------------------- rendering

def test_render_escapes_text_and_links_to_the_paragraph():
    s = library.SpeechEntry(src_uri="speeches/x.md", title="<i>标题</i>", speaker="张三\"", year=2023, excerpt=True)
    x = outreach.Excerpt(s, para(7, "<script>alert(1)</script>学校\ue000XXX\ue001"), "<script>alert(1)</script>学校\ue000XXX\ue001", 5, ("学校",))
    html = outreach.render([x], "学校", lambda src: "../" + src[:-3] + "/")
    assert "<script>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;i&gt;标题&lt;/i&gt;" in html
    assert '<a href="../speeches/x/#p-7">' in html
    assert '<span class="sm-redact" title="原文隐去或待填写">XXX</span>' in html
    assert "——<span class=\"sm-excerpt__who\">张三&quot;</span>，<a href=\"../speeches/x/#p-7\">《&lt;i&gt;标题&lt;/i&gt;》</a>" in html
    assert "第7段" not in html and "佚名" not in html and "outreach.yml" not in html
    assert "\n\n" not in html  # one raw-HTML block for Markdown


@pytest.mark.parametrize(("facts", "who", "where"), [
    (dict(org="某县", role="县长", year=2022, occasion="全县安全生产会议"), "某县县长", "2022年全县安全生产会议"),
    (dict(org="金坛区", role="代区长", speaker="陆秋明", year=2021, occasion="2021年安全生产月活动启动"),
     "金坛区代区长陆秋明", "2021年安全生产月活动启动"),
    (dict(role="县长", occasion="全县安全生产会议"), "县长", "全县安全生产会议"),
    (dict(year=2023), "", "《讲话标题》"),
    (dict(speaker="张三", year=2023), "张三", "《讲话标题》"),
])
def test_attribution_is_built_from_the_page_facts(facts, who, where):
    s = library.SpeechEntry(src_uri="speeches/x.md", title="讲话标题", **facts)
    assert outreach.attribution(s) == (who, where)
    x = outreach.Excerpt(s, para(6, "学校要演练。"), "学校要演练。", 5, ("学校",))
    html = outreach.render([x], "学校", lambda src: "x/")
    cite = html[html.index('class="sm-excerpt__cite">'):]
    assert cite.startswith('class="sm-excerpt__cite">——' + (f'<span class="sm-excerpt__who">{who}</span>，' if who else "<a"))
    assert f'<a href="x/#p-6">{where}</a>' in html


def test_the_introduction_speaks_to_readers():
    html = outreach.render([outreach.Excerpt(speech("speeches/x.md"), para(1, "学校要演练。"), "学校要演练。", 5, ())],
                           "学校", lambda s: s)
    assert '<p class="sm-excerpts__intro">以下段落摘自讲话资料库中与学校安全有关的讲话，点击出处可阅读上下文。</p>' in html
    assert "data/" not in html and "规则" not in html and "自动" not in html


def test_render_without_excerpts_says_so():
    html = outreach.render([], "家庭", lambda s: s)
    assert "暂无与本主题相关的段落" in html and "<ol" not in html


def test_inject_replaces_only_whole_marker_lines():
    md = "# 页\n\n编辑的文字 <!-- 讲话摘编 --> 在行内。\n\n<!-- 讲话摘编 -->\n\n结尾。\n"
    out, n = outreach.inject(md, "<!-- 讲话摘编 -->", "<div>X</div>")
    assert n == 1
    assert "编辑的文字 <!-- 讲话摘编 --> 在行内。" in out
    assert "\n\n<div>X</div>\n\n" in out and out.endswith("结尾。\n")
    assert outreach.inject("无标记", "<!-- 讲话摘编 -->", "<div/>") == ("无标记", 0)


def _select_by_full_sort(speeches, audience, r):
    """The choice as made before the per-speech merge: every candidate sorted, then the
    per-speech and per-page limits applied in that order (the reference select must equal)."""
    candidates = [c for s, ps in speeches for c in outreach.speech_candidates(s, ps, audience, r)]
    candidates.sort(key=lambda x: (-x[0], x[1].year is None, -(x[1].year or 0), x[1].src_uri, x[2].number))
    chosen, per_speech = [], {}
    for _, s, p, _ in candidates:
        if per_speech.get(s.src_uri, 0) < r.max_per_speech:
            chosen.append((s.src_uri, p.number))
            per_speech[s.src_uri] = per_speech.get(s.src_uri, 0) + 1
    return chosen[:r.max_per_page]


_WORDS = ["企业", "主体责任", "落实", "培训", "。", "要", "演练"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(2015, 2025)), st.booleans(),
                          st.lists(st.lists(st.sampled_from(_WORDS), max_size=8), max_size=5)),
                max_size=8),
       st.integers(1, 3), st.integers(1, 6))
def test_select_equals_sorting_every_candidate(raw, per_speech, per_page):
    r = rules(max_per_speech=per_speech, max_per_page=per_page)
    speeches = [(speech(f"speeches/s{i}.md", year, audiences=["企业"] if bonus else ()),
                 tuple(para(n + 1, "".join(words)) for n, words in enumerate(paras)))
                for i, (year, bonus, paras) in enumerate(raw)]
    got = [(x.speech.src_uri, x.paragraph.number) for x in outreach.select(speeches, "企业", r)]
    assert got == _select_by_full_sort(speeches, "企业", r)
