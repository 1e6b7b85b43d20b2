from safety_month.checks import lookalike

from tests._checks_helpers import issues_of, where


def test_kangxi_and_supplement_and_compatibility_are_named_with_the_normal_character():
    found = issues_of("text_lookalike_bad.md", code="text.lookalike")
    assert where(found) == [(5, 3), (5, 10), (7, 6), (7, 11), (7, 16)]
    assert "“长”" in found[0].message_zh and "U+2ED3" in found[0].message_zh
    assert "KANGXI RADICAL GOLD" in found[1].message_zh and "“金”（U+91D1）" in found[1].fix_zh
    assert "U+8C48" in found[2].fix_zh          # U+F900 -> 豈 by NFKC
    assert "U+4E3D" in found[3].fix_zh          # U+2F800 -> 丽 by NFKC
    assert "重新输入" in found[4].fix_zh         # ⺅ has no single ordinary character
    assert all(i.fails for i in found)


def test_normal_characters_and_code_blocks_pass():
    assert issues_of("text_lookalike_ok.md") == []


def test_unified_ideographs_inside_the_compatibility_block_are_not_reported():
    # U+FA0E is a real (unified) ideograph that lives in the compatibility block.
    assert lookalike.find("\ufa0e") == []
    assert [x[2] for x in lookalike.find("\u2f26\u2ed4")] == ["\u5b50", "门"]
