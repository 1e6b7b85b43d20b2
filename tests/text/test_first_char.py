"""first_char: a guarded regex matches exactly what the plain one matches (the look-ahead only
skips positions where no match can start), checked on every guarded regex of the importer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safety_month.text import guarded
from safety_month.importer import render
from safety_month.importer.clean import (
    chrome,
    hints,
    junk,
    markers,
    placeholders,
    punctuation,
    tails,
)
from safety_month.importer.structure import year
from tests import paths

ROOT = paths.ROOT
_GUARD = re.compile(r"\(\?=\[[^\]]*\]\)\(\?:(.*)\)", re.S)

# The table patterns of the clean rules, compiled once with their pre-checks (guarded.Guarded).
TABLES = {
    "hints.strong": hints._CHROME_STRONG, "hints.edge": hints._CHROME_EDGE,
    "chrome.notice": chrome._NOTICE, "chrome.related": chrome._RELATED,
    "junk.css": junk._CSS, "junk.template": junk._TEMPLATE, "junk.invisible": junk._INVISIBLE,
    "junk.bb_drop": junk._BB_DROP, "junk.seo_remove": junk._SEO_REMOVE,
    "junk.seo_review": junk._SEO_REVIEW, "junk.seo_domain": junk._SEO_DOMAIN,
    "junk.seo_site": junk._SEO_SITE, "markers.explicit": markers._EXPLICIT,
    "markers.bare": markers._BARE, "tails": tails._MARKERS,
    "punct.open_quotes": punctuation._OPEN_Q, "punct.close_quotes": punctuation._CLOSE_Q,
    **{f"placeholders.{k}": g for k, g in enumerate(placeholders.PLACEHOLDERS)},
}
MODULE_REGEXES = {
    **{name: g.regex for name, g in TABLES.items()},
    **{f"chrome.edge.{k}": rx for k, rx in enumerate(chrome._EDGE_TIERS)},
    "placeholders": placeholders.PLACEHOLDER,
    "punct.run_after_cjk": punctuation._RUN_AFTER_CJK,
    "punct.run_after_mark": punctuation._RUN_AFTER_MARK,
    "punct.lone_open": punctuation._LONE_OPEN, "punct.lone_close": punctuation._LONE_CLOSE,
    "punct.question": punctuation._QUESTION_PAIR, "punct.full_stop": punctuation._FULL_STOP,
    "year.mention": year._YEAR_MENTION_RE, "render.redact": render.REDACT_RE,
    **{f"year.event.{e.id}": e.regex for e in year._events()},
}
GUARDED = {name: rx for name, rx in MODULE_REGEXES.items() if _GUARD.fullmatch(rx.pattern)}


def _plain(rx: re.Pattern) -> re.Pattern:
    return re.compile(_GUARD.fullmatch(rx.pattern).group(1), rx.flags)


def _results(rx: re.Pattern, text: str):
    found = [(m.span(), m.groups()) for m in rx.finditer(text)]
    lines = [(bool(rx.fullmatch(line)), (m := rx.match(line)) and m.span())
             for line in text.split("\n")]
    return found, lines


def _real_texts() -> list[str]:
    files = sorted((ROOT / "sources").glob("*.txt")) + sorted(
        (ROOT / "tests" / "fixtures" / "eval").glob("*/input.txt"))
    out = []
    for path in files:
        data = path.read_bytes()
        try:
            out.append(data.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(data.decode("gb18030", errors="replace"))
    return out


def test_the_slow_scans_are_guarded():
    for name in ("tails", "junk.seo_remove", "punct.run_after_cjk", "render.redact"):
        assert name in GUARDED, name
    # ... or written to start with literals, which re scans ahead to by itself
    assert guarded._re_scans_ahead(year._YEAR_MENTION_RE.pattern, 0)


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_guarded_regex_matches_like_the_plain_one_on_real_texts(name):
    rx = GUARDED[name]
    plain = _plain(rx)
    for text in _real_texts():
        assert _results(rx, text) == _results(plain, text)


def _alphabet() -> list[str]:
    """Characters the guarded patterns are made of, plus ordinary text."""
    chars = set("安全生产月讲话同志们，。：:；;,.!?！？（）()“”\"'  \t\n0123456789xX_-…·")
    for rx in GUARDED.values():
        chars.update(c for c in _plain(rx).pattern if c.isprintable() or c in "\t\n")
    return sorted(chars)


ALPHABET = _alphabet()


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(ALPHABET), max_size=80))
def test_guarded_regexes_match_like_the_plain_ones_on_generated_text(text):
    for rx in GUARDED.values():
        assert _results(rx, text) == _results(_plain(rx), text)


def test_first_chars():
    chars = guarded.first_chars(r"(?:…{1,2})?[(（]?\s*省略")
    assert chars is not None
    assert all(re.fullmatch(chars, c) for c in "…(（ \n省")
    assert re.fullmatch(chars, "略") is None
    assert guarded.first_chars(r"(?<=[一二])\.") == r"[\U0000002e]"
    assert guarded.first_chars(r"a?") is None          # can match empty: no guard
    assert guarded.first_chars(r".b") is None          # any character
    assert guarded.first_chars(r"[^a]b") is None        # negated class


def test_no_guard_where_re_scans_ahead_itself():
    for pattern in ("(?:迎接)|(?:喜迎)", "安全", "[一二三]、"):
        assert guarded.compile_guarded(pattern).pattern == pattern
    assert guarded.compile_guarded(r"(?<![0-9])20\d\d").pattern.startswith("(?=[")


def test_first_char_set_lists_small_sets_of_plain_characters():
    assert guarded.first_char_set(r"(?<![0-9])[12][09]x") == "12"
    assert guarded.first_char_set(r"(?:…{1,2})?[(（]?省略") == "…(（省"
    assert guarded.first_char_set("[\u200b-\u200d\u2060]") == "\u200b\u200c\u200d\u2060"
    assert guarded.first_char_set(r"\d+") is None             # a category
    assert guarded.first_char_set(r"[a-z]x") is None           # too many
    assert guarded.first_char_set(r"ab", re.I) is None         # case-insensitive
    assert guarded.first_char_set(r"x?") is None               # can match empty


def test_may_match_is_false_only_when_no_match_can_start():
    test = guarded.may_match(r"(?<=[一-龥])[·•](?=[一-龥])")
    assert test("知·行") and test("•") and not test("知行。")
    assert guarded.may_match(r"\d")("no digits")                # unknown set: always True


def test_required_literal():
    assert guarded.required_literal("(?:健康|持续)开展") == "开展"
    assert guarded.required_literal("到达[^，]{0,8}标准") == "到达"
    assert guarded.required_literal("ab(?=c)def") == "def"
    assert guarded.required_literal("a|b") == ""
    assert guarded.required_literal("(?i)abc") == ""
    assert guarded.required_literal(r"\.{6,}") == ""


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(ALPHABET), max_size=60))
def test_prechecks_never_skip_a_text_with_a_match(text):
    for rx in MODULE_REGEXES.values():
        pattern = _plain(rx).pattern if rx in GUARDED.values() else rx.pattern
        if rx.search(text):
            assert guarded.may_match(pattern, rx.flags)(text)
            assert guarded.required_literal(pattern, rx.flags) in text


def test_max_width():
    assert guarded.max_width(r"a{2,5}") == 5
    assert guarded.max_width(r"(?:ab|c)\d") == 3
    assert guarded.max_width(r"(?<=xyz)a(?=bc)") == 1
    assert guarded.max_width(r"a+") is None
    assert guarded.max_width(r".{0,80}x\s*") is None
    assert guarded.max_width(r"(") is None


@pytest.mark.parametrize("pattern", chrome._T["edge"])
def test_no_edge_match_is_longer_than_its_max_width(pattern):
    width = guarded.max_width(pattern)
    regex = re.compile(pattern)
    for text in _real_texts():
        for line in text.split("\n"):
            if width is not None and regex.fullmatch(line.strip()):
                assert len(line.strip()) <= width


_EDGE_ALL = re.compile("|".join(f"(?:{p})" for p in chrome._T["edge"]))


def _edge_by_one_alternation(line: str) -> bool:
    return len(line) <= chrome.EDGE_PATTERN_MAX and _EDGE_ALL.fullmatch(line) is not None


def test_edge_tiers_answer_like_one_alternation_on_real_lines():
    for text in _real_texts():
        for line in text.split("\n"):
            for variant in (line.strip(), line.strip() * 3, "下面是小编" + line.strip()):
                assert chrome._edge(variant) == _edge_by_one_alternation(variant)


# Lines of what the edge patterns are made of, at every length around the tier bounds.
EDGE_LINE = st.builds(lambda head, filler, tail: head + filler + tail,
                      st.sampled_from(["", "下面是小编", "本文链接：", "某某文档网 - ", "《讲话》由",
                                       "1.本站", "相关文档", "标签：", "仅供参考"]),
                      st.integers(0, 260).map(lambda n: "安" * n),
                      st.sampled_from(["", "为大家整理", "如有侵权请联系删除", ".docx", "免费下载",
                                       "分享", "http://a.cn", "。"]))


@settings(max_examples=1500, deadline=None)
@given(EDGE_LINE)
def test_edge_tiers_answer_like_one_alternation(line):
    assert chrome._edge(line) == _edge_by_one_alternation(line)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("温馨提示相关推荐热门：: 安全x")), max_size=12))
def test_first_character_line_tests_agree_with_fullmatch(line):
    for test, pattern in ((chrome._NOTICE.fullmatch, chrome._T["notice_header"]),
                          (chrome._RELATED.fullmatch, chrome._T["related_header"])):
        assert (test(line) is not None) == (re.fullmatch(pattern, line) is not None)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_table_with_its_pre_check_finds_what_its_regex_finds(name):
    """Guarded's pre-check only skips texts and lines where the regex finds nothing: every
    method gives the regex's own answer on the real texts and on each of their lines."""
    table = TABLES[name]
    rx = table.regex
    for text in _real_texts() + ["", "第1页共3页", "本文来源：www.fanwen.com", "“引号”〝〞"]:
        assert table.sub("", text) == rx.sub("", text)
        assert [m.span() for m in table.finditer(text)] == [m.span() for m in rx.finditer(text)]
        for line in text.split("\n"):
            line = line.strip()
            assert bool(table.fullmatch(line)) == bool(rx.fullmatch(line)), line
            assert bool(table.match(line)) == bool(rx.match(line)), line
            assert bool(table.search(line)) == bool(rx.search(line)), line


def test_a_table_pre_check_skips_texts_without_its_characters():
    """The pre-check is real: a text with none of the first characters is not scanned."""
    table = guarded.Guarded(["第[0-9]+页", "共[0-9]+页"])
    assert not table.may_match("安全生产月活动方案")
    assert table.may_match("第3页")
    words = guarded.Guarded("更多.{0,9}请访问", needs=("更多",))
    assert not words.may_match("请访问") and words.search("请访问") is None
