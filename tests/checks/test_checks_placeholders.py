import re

from safety_month.pages import redaction
from safety_month.checks import placeholders

from tests._checks_helpers import issues_of, same_matches, where


def test_unmarked_placeholders_are_reported():
    found = issues_of("text_placeholder_bad.md", code="text.placeholder")
    assert where(found) == [(5, 1), (5, 12), (7, 4), (7, 14), (9, 1), (9, 15)]
    assert [i.message_zh.split("”")[0].lstrip("“") for i in found] == ["XXX", "X", "20xx", "201x", "〔*〕", "____"]
    # The fix gives the exact markup the importer uses, with the * escaped.
    assert 'class="sm-redact"' in found[4].fix_zh and "〔&#42;〕" in found[4].fix_zh


def test_marked_placeholders_emphasis_ellipsis_and_code_pass():
    assert issues_of("text_placeholder_ok.md") == []


def test_words_that_only_look_like_placeholders():
    assert placeholders.find("X射线探伤") == []
    assert placeholders.find("Xbox 与 XXL") == []
    assert placeholders.find("2021年") == []
    assert [m[1] for m in placeholders.find("〔\\*〕镇")] == ["〔\\*〕"]


def test_guarded_patterns_match_as_the_plain_ones():
    compiled = placeholders.patterns()
    rows = redaction.check_rows()
    assert [row["id"] for row in rows] == [pid for pid, _rx, _label in compiled]
    hits = sum(same_matches(fast, re.compile(row["pattern"])) for (_id, fast, _label), row in zip(compiled, rows))
    assert hits > 0
