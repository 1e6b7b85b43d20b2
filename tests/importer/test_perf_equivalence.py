"""Faster implementations give exactly the results of the straightforward ones they replaced
(tests/_perf_reference.py), on generated inputs and on every code point."""

from __future__ import annotations

import dataclasses
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from safety_month.pages import contract, reader
from safety_month.importer import body, render
from safety_month.importer.clean import punctuation
from safety_month.importer.model import RuleReport
from safety_month.importer.read import encoding
from safety_month.importer.structure import text as structure_text

from tests import _perf_reference as ref

# Text made of what the punctuation rule looks at: marks, spaces, Chinese, Latin, digits.
MARKS_TEXT = st.text(st.sampled_from(list(",;!?:/ \t\n中文，。“”（）ab1\u3000")), max_size=80)


@settings(max_examples=500, deadline=None)
@given(MARKS_TEXT, st.integers(0, 4))
def test_convert_marks_same_text_and_report(text, earlier):
    fast, slow = RuleReport("punctuation"), RuleReport("punctuation")
    for report in (fast, slow):          # changes the rule made before converting marks
        for k in range(earlier):
            report.add(f"q{k}", "“")
    assert punctuation._convert_marks(text, fast) == ref.convert_marks(text, slow)
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    assert punctuation._convert_marks(text, None) == ref.convert_marks(text, None)


def test_convert_marks_examples():
    report = RuleReport("punctuation")
    assert punctuation._convert_marks("安全 ,生产; ok: http://a.cn 中 :x", report) == \
        "安全，生产； ok: http://a.cn 中：x"
    assert report.count == 3


def test_convert_marks_is_linear_on_long_space_runs():
    text = " " * 200_000 + "中" + " " * 200_000 + ",x"
    assert punctuation._convert_marks(text, None) == text[:200_001] + "，x"


def test_squash_equals_isalnum_filter_on_every_code_point():
    every = "".join(chr(c) for c in range(0x110000))
    assert structure_text.squash(every) == ref.squash(every)
    assert structure_text.squash("“落实 安全责任，推动_安全发展”") == "落实安全责任推动安全发展"


def test_escape_chars_replaces_every_markdown_character():
    text = "".join(body._ALWAYS) + "安全a-+:&"
    assert body._escape_chars(text) == "".join(body._ALWAYS.get(c, c) for c in text)
    assert body._escape_chars("〔*〕") == "〔\\*〕"
    assert body._escape_chars("&amp; &#42; &x") == "&amp;amp; &amp;\\#42; &x"   # "&" only before an entity


# Text dense in what placeholders are made of.
REDACT_TEXT = st.text(st.sampled_from(list("〔*＊〕 12019xX0ＸX×…._＿同志月安全a")), max_size=60)


@settings(max_examples=500, deadline=None)
@given(REDACT_TEXT)
def test_redact_scan_finds_what_the_plain_alternation_finds(text):
    plain = re.compile(render.REDACT_RE.pattern.split(")(?:", 1)[1][:-1])
    assert [m.span() for m in render.REDACT_RE.finditer(text)] == \
        [m.span() for m in plain.finditer(text)]


# Chinese text with what misdecoding produces: kana, Hangul, Latin-1 letters, private-use,
# unassigned and astral characters, every kind of whitespace.
DECODED_TEXT = st.text(st.one_of(
    st.sampled_from(list("安全生产月，。 \t\n\u3000\x85\u2028ａé¤Ωжぁア가\ue000\U000f0000\u0378\U00020000"
                         "\ufffd\u00a0\u2603\U0001F600")),
    st.characters()), max_size=300)


@settings(max_examples=500, deadline=None)
@given(DECODED_TEXT)
def test_looks_chinese_agrees_with_the_character_loop(text):
    assert encoding.looks_chinese(text) == ref.looks_chinese(text)


def test_looks_chinese_on_every_code_point_block():
    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(every), 4096):
        block = "安全" * 300 + "".join(every[start:start + 4096])
        assert encoding.looks_chinese(block) == ref.looks_chinese(block)


def test_looks_chinese_at_the_implausible_share_limit():
    for odd in range(0, 25):
        text = "安" * 990 + " \n" * 50 + "ぁ" * odd        # kana: implausible, not refused
        assert encoding.looks_chinese(text) == ref.looks_chinese(text) == (odd <= 0.01 * (990 + odd))


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("安全 \t\r\n\x00\x1f\x7f\x85\u2028\u2029\u3000ab")), max_size=40))
def test_one_line_fast_path_gives_the_full_result(text):
    full = body._SPACE_RUN_RE.sub(" ", body._BREAKS_RE.sub(" ", text)).strip()
    assert body.one_line(text) == full


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("安全安全a")), max_size=30),
       st.text(st.sampled_from(list("安全a")), max_size=3), st.integers(0, 6))
def test_count_upto_is_the_capped_count(text, word, limit):
    from safety_month.importer.structure.tags import count_upto

    assert count_upto(text, word, limit) == min(text.count(word), limit)


def test_every_character_one_line_replaces_is_unprintable():
    replaced = [chr(c) for c in range(0x110000) if body._BREAKS_RE.fullmatch(chr(c))]
    assert replaced and not any(ch.isprintable() for ch in replaced)


def _escape_inline_every_text(text: str) -> str:
    """escape_inline without the placeholder-start shortcut (the spans of redaction.spans,
    which include the check's second look at glued placeholders such as the "×x" of "XX×x")."""
    from safety_month.pages import redaction

    out, pos = [], 0
    for start, end in redaction.spans(text):
        out.append(body._escape_chars(text[pos:start]))
        out.append(render.redact_span(text[start:end]))
        pos = end
    out.append(body._escape_chars(text[pos:]))
    return "".join(out)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(REDACT_TEXT, st.text(max_size=40)))
@example("XX×x")          # two glued placeholders: found by hypothesis once
def test_escape_inline_shortcut_gives_the_full_result(text):
    assert render.escape_inline(text) == _escape_inline_every_text(text)


def test_placeholder_starts_are_known():
    assert body._REDACT_START_RE.pattern.startswith("[")
    assert not body._REDACT_START_RE.search("安全生产月活动&<>")


# Segments dense in leads, closings and sentence ends.
LEAD_TEXT = st.text(st.sampled_from(list("一二三四十是要，。 谢同志们安全")), max_size=60)


@settings(max_examples=1000, deadline=None)
@given(LEAD_TEXT)
def test_split_paragraphs_lead_shortcut_gives_the_full_result(text):
    from safety_month.importer.structure import paragraphs

    leads = paragraphs._valid_leads(paragraphs._lead_positions(text))
    has_series = any(first in text for first in paragraphs._SERIES_FIRST)
    assert not leads or has_series           # leads only where the shortcut looks for them


# Pages made of what delimits front matter: dashes, dots, blanks, newlines, a little text.
FRONT_TEXT = st.lists(st.sampled_from(["---", "...", "--", "-", ".", " ", "\t", "\n", "\n", "a: 1", "\r"]),
                      max_size=16).map("".join)


@settings(max_examples=2000, deadline=None)
@given(FRONT_TEXT)
def test_front_block_finds_what_the_lazy_regex_finds(text):
    from safety_month.importer import pipeline

    for page in (text, "---\n" + text, "--- \t\n" + text):
        assert reader.front_block(page) == ref.front_block(page)
        assert contract.front_block_end(page) == ref.front_block_end(page)


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from(list("企业主体责任学校园家庭a")), max_size=30),
       st.text(st.sampled_from(list("企业主体责任学校园家庭a")), min_size=1, max_size=4))
def test_audience_count_is_str_count(text, word):
    from safety_month.importer.structure import audiences

    assert audiences._count_all(text, word) == text.count(word)


def test_every_closing_formula_holds_a_closing_char():
    from safety_month.importer.structure import paragraphs

    for formula in paragraphs._CLOSING_RE.pattern.split("|"):
        assert any(c in formula for c in paragraphs._CLOSING_CHARS), formula


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text("abc", min_size=1, max_size=3), st.sampled_from(["s1", "s2", "s3"]), max_size=12),
       st.sets(st.text("abc", min_size=1, max_size=3), max_size=6))
def test_stale_pages_as_the_scan_per_input(owners, produced):
    from safety_month.importer import pipeline as pipeline

    existing = {path: pipeline.PageOwner(source, None) for path, source in owners.items()}
    stale = pipeline.stale_pages(existing, produced)
    for source in ("s1", "s2", "s3", "s4"):
        assert stale.get(source, []) == [path for path, owner in existing.items()
                                         if owner.source_file == source and path not in produced]


# Text dense in the dated events' words.
EVENT_TEXT = st.lists(st.sampled_from(["迎接", "喜迎", "党的", "二十大", "精神", "贯彻", "新冠", "疫情", "响水",
                                       "3·21", "新", "《安全生产法》", "安全生产法", "专项整治", "三年行动",
                                       "。", "，"]), max_size=25).map("".join)


@settings(max_examples=1000, deadline=None)
@given(EVENT_TEXT)
def test_event_search_from_the_first_literal_finds_the_first_match(text):
    from safety_month.importer.structure import year

    for ev in year._events():
        start = year._search_start(text, ev)
        full = ev.regex.search(text)
        if start is None:
            assert full is None
        else:
            found = ev.regex.search(text, start)
            assert (found and (found.span(), found.group())) == (full and (full.span(), full.group()))


HASH_TEXT = st.lists(st.sampled_from(["generated_hash:", "generated_hash: \"\"", "\n", "x", " ", "---\n",
                                      "ab: 1\n"]), max_size=12).map("".join)


@settings(max_examples=1000, deadline=None)
@given(HASH_TEXT)
def test_hash_line_found_like_the_line_start_pattern(text):
    plain = re.compile(r"^generated_hash:[^\n]*$", re.M)
    assert [m.span() for m in contract.HASH_LINE_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_chunk_numbers_start_with_a_decimal_character():
    from safety_month.importer.clean import markers

    # the markers rule asks _CHUNK only of lines whose first character isdecimal()
    for code in range(0x110000):
        ch = chr(code)
        if markers._CHUNK.match(ch + "、"):
            assert ch.isdecimal()
        elif ch.isdecimal():
            raise AssertionError(f"{ch!r} is decimal but starts no chunk number")


def _wrap_width_by_counting(lines: list[str]) -> int | None:
    """clean.wraps.wrap_width counting the full lines one by one."""
    from safety_month.importer.clean import wraps

    lengths = sorted(len(x) for x in lines if x)
    if len(lengths) < wraps.WRAP_MIN_LINES:
        return None
    width = lengths[int(len(lengths) * 0.8)]
    if width > wraps.WRAP_MAX_WIDTH or width < 10:
        return None
    full = sum(1 for n in lengths if width - wraps.FULL_SLACK <= n <= width + wraps.FULL_SLACK)
    return width if full >= wraps.WRAP_MIN_SHARE * len(lengths) else None


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.integers(0, 90).map(lambda n: "安" * n), max_size=30))
def test_wrap_width_as_counting(lines):
    from safety_month.importer.clean import wraps

    assert wraps.wrap_width(lines) == _wrap_width_by_counting(lines)


# Marks, spaces, placeholders (blanks, XX, 20xx, ……, □, 〔*〕) and Chinese text: the one-scan
# conversion of clean.punctuation against the conversion in passes it replaced.
PLACEHOLDER_MARKS_TEXT = st.lists(st.sampled_from(
    [",", ";", "!", "?", ":", "://", " ", "\t", "中", "文", "，", "a", "1", "__", "___", "XX", "X",
     "20xx", "……", "□", "〔*〕", "同志", "们", "：", "\n"]), max_size=24).map("".join)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(PLACEHOLDER_MARKS_TEXT, st.integers(0, 4))
def test_convert_marks_same_as_passes_with_placeholders(text, earlier):
    fast, slow = RuleReport("punctuation"), RuleReport("punctuation")
    for report in (fast, slow):
        for k in range(earlier):
            report.add(f"q{k}", "“")
    assert punctuation._convert_marks(text, fast) == ref.convert_marks_in_passes(text, slow)
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)


def test_convert_marks_chain_of_placeholders_and_marks():
    text = "同志们" + ":___" * 5 + ":"
    assert punctuation._convert_marks(text, None) == ref.convert_marks_in_passes(text, None)
    assert punctuation._convert_marks(text, None) == "同志们" + "：___" * 5 + "："


def test_convert_marks_long_runs_in_one_scan():
    """A run of marks converts whole (the passes took one scan of the text per mark: 8,000
    "!" after Chinese text took 2.5 s); a long blank run not followed by a mark is scanned
    once (with a run of "_" that may be cut anywhere, 28 of them took 10 s)."""
    assert punctuation._convert_marks("安" + "!" * 50_000, None) == "安" + "！" * 50_000
    assert punctuation._convert_marks("!" * 50_000 + "安", None) == "！" * 50_000 + "安"
    text = "安" + "_" * 5_000 + "a 同志们___:"
    assert punctuation._convert_marks(text, None) == text[:-1] + "："


# Lost-spot marks (\ue000N\ue001), rare characters (mojibake), lone letters, ordinary Chinese.
SPOT_TEXT = st.lists(st.sampled_from(["\ue0000\ue001", "\ue0001\ue001", "槠", "髽", "獍", "b", "X", "x",
                                      "安", "全", "，", "1", " ", "\n"]), max_size=20).map("".join)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(SPOT_TEXT)
def test_spot_groups_same_as_the_regex(text):
    from safety_month.importer.clean import script

    assert script.spot_groups(text) == ref.spot_groups(text)


def test_spot_groups_linear_on_long_letter_runs():
    """The regex tried every letter of a run and scanned the run from each (quadratic)."""
    from safety_month.importer.clean import script

    text = "b" * 200_000 + "\ue0000\ue001" + "安" + "\ue0001\ue001" + "c" * 200_000
    assert script.spot_groups(text) == [(0, len(text))]


PAREN_TEXT = st.lists(st.sampled_from(["(", ")", "（", "）", "安", "a", "1", " ", "\n", "fā", "x"]),
                      max_size=20).map("".join)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(PAREN_TEXT)
def test_nested_brackets_convert_as_in_passes(text):
    """"縣(x…發(fā)展…)": the inner pair became full-width and left the outer one half-width
    around Chinese text (the build's check flags it); the outer levels now follow in one scan."""
    fast, slow = RuleReport("punctuation"), RuleReport("punctuation")
    assert punctuation._convert_parens(text, fast) == ref.convert_parens_in_passes(text, slow)
    assert fast.count == slow.count


def test_deeply_nested_brackets_in_one_scan():
    text = "安" + "(" * 20_000 + "安" + ")" * 20_000
    assert punctuation._convert_parens(text, None) == "安" + "（" * 20_000 + "安" + "）" * 20_000
