from safety_month.checks import pairs

from tests._checks_helpers import issues_of, where


def test_unpaired_quotes_and_brackets_are_reported_per_paragraph():
    found = issues_of("text_unpaired_bad.md", code="text.unpaired")
    assert where(found) == [(5, 4), (5, 24), (7, 11), (7, 19), (9, 1), (9, 4), (11, 8)]
    assert "右双引号 ”" in found[0].message_zh
    assert "左括号 （" in found[2].message_zh
    assert found[4].fix_zh == "改为 “"


def test_paired_marks_across_lines_of_one_paragraph_pass():
    assert issues_of("text_unpaired_ok.md") == []


def test_a_quote_opened_in_one_paragraph_is_not_closed_by_the_next():
    found = pairs.find([(1, "他说：“第一段")])
    assert found == [(1, 3, "open", "“")]
    assert pairs.find([(1, "他说：“第一段"), (2, "第二行”")]) == []


def test_crossed_pairs_report_the_inner_opener():
    assert pairs.find([(1, "“《安全”")]) == [(1, 1, "open", "《")]
