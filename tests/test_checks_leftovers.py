from safety_month.checks import leftovers

from tests._checks_helpers import issues_of, where


def test_site_chrome_page_markers_and_paywall_tails_are_reported():
    found = issues_of("text_leftover_bad.md", code="text.leftover")
    assert where(found) == [(5, 1), (7, 12), (11, 1), (13, 1), (15, 1)]
    assert "第1页共10页" in found[1].message_zh
    assert "付费/试读" in found[3].message_zh


def test_clean_text_with_a_real_fraction_passes():
    assert issues_of("text_leftover_ok.md") == []


def test_patterns_come_from_the_cleaners_tables():
    compiled, missing = leftovers.rules()
    assert missing == []
    assert {label for _, _, _, label in compiled} >= {"网站页面元素", "页码", "页码标记", "付费/试读提示"}
    # An edge-only pattern (the "小编" intro) is not reported in the middle of a page.
    line = "下面是小编为大家整理的讲话稿，仅供参考。"
    assert leftovers.find(line, edge=True) and not leftovers.find(line, edge=False)
