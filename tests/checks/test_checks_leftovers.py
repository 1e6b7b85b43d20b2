import re

from hypothesis import given, strategies as st

from safety_month.checks import leftovers
from safety_month.importer.clean.base import table

from tests._checks_helpers import issues_of, noisy_lines, same_matches, where


def test_site_chrome_page_markers_and_paywall_tails_are_reported():
    found = issues_of("text_leftover_bad.md", code="text.leftover")
    assert where(found) == [(5, 1), (7, 12), (11, 1), (13, 1), (15, 1)]
    assert "第1页共10页" in found[1].message_zh
    assert "付费/试读" in found[3].message_zh


def test_a_line_of_page_counter_pieces_is_reported_and_a_sentence_is_not():
    # the cleaner's own table (markers.bare_line): an editor's page is held to the same rule
    assert [label for _, _, label in leftovers.find("第1页8/9共9页", edge=False)] == ["页码"]
    assert leftovers.find("页码：1/9", edge=False)
    assert leftovers.find("请看第3页的表格。", edge=False) == []


def test_clean_text_with_a_real_fraction_passes():
    assert issues_of("text_leftover_ok.md") == []


def test_patterns_come_from_the_cleaners_tables():
    compiled, missing = leftovers.rules()
    assert missing == []
    assert {label for _, _, _, label in compiled} >= {"网站页面元素", "页码", "页码标记", "付费/试读提示"}
    # An edge-only pattern (the "小编" intro) is not reported in the middle of a page.
    line = "下面是小编为大家整理的讲话稿，仅供参考。"
    assert leftovers.find(line, edge=True) and not leftovers.find(line, edge=False)


# --- the fast forms give what the plain regexes give ------------------------------------

_SUFFIX = re.compile(r"\s*(?:\*\*|__)?\s*$")


@given(st.text(alphabet=" \t\u3000\xa0*_a文", max_size=12))
def test_strip_suffix_is_the_suffix_regex(text):
    assert leftovers.strip_suffix(text) == _SUFFIX.sub("", text)


def test_strip_suffix_on_real_lines():
    lines = noisy_lines()
    assert len(lines) > 300
    for line in lines + ("**第1页** ", "a ** **", "abc***", "__  ", "文__ __"):
        assert leftovers.strip_suffix(line) == _SUFFIX.sub("", line), line


def test_rules_match_as_the_plain_alternations_of_the_tables():
    compiled = leftovers.rules()[0]
    plain = [re.compile("|".join(f"(?:{p})" for p in table(name)[key]))
             for name, key, _how, _zone, _label in leftovers.GROUPS]
    assert len(compiled) == len(plain)
    hits = sum(same_matches(fast, slow, whole=how == "line")
               for (fast, how, _zone, _label), slow in zip(compiled, plain))
    assert hits > 0   # the sources do hold chrome, markers and tails: matches were compared


def test_a_missing_table_is_a_note_not_a_crash(monkeypatch, tmp_path):
    # every data/ file looked up in an empty folder: the importer's tables are missing
    monkeypatch.setattr(leftovers.tables, "path", lambda name: tmp_path / name)
    leftovers.rules.cache_clear()
    try:
        compiled, absent = leftovers.rules()
        assert compiled == [] and absent == ["chrome", "markers", "tails"]
        assert len(leftovers.notes()) == 3 and "clean_chrome.yml" in leftovers.notes()[0]
    finally:
        leftovers.rules.cache_clear()
