"""五进 audiences with reasons, and tags."""

from __future__ import annotations

from safety_month.importer.structure.audiences import detect_audiences
from safety_month.importer.structure.tags import detect_tags

FIVE = ("充分发挥主流媒体作用，开展安全生产进企业、防灾减灾进农村、交通安全进社区、消防安全进学校、"
        "燃气安全进家庭“五进”活动和安全生产法律政策宣传。")


def test_explicit_five_jin_sentence():
    got = detect_audiences(FIVE)
    assert list(got) == ["企业", "农村", "社区", "学校", "家庭"]
    assert all(r.startswith("文中写明安全宣传“五进”") for r in got.values())
    assert "燃气安全进家庭" in got["家庭"]


def test_keywords_need_enough_hits():
    got = detect_audiences("要落实企业主体责任，督促企业主要负责人履职，企业要建立双重预防机制。")
    assert list(got) == ["企业"] and "企业主体责任" in got["企业"]
    got = detect_audiences("学校要开展防溺水教育，组织学生进行疏散演练。")
    assert list(got) == ["学校"]
    assert detect_audiences("一所学校。") == {}


def test_bare_wujin_mention_gives_no_audience_but_a_tag():
    text = "扎实推进安全宣传“五进”工作。"
    assert detect_audiences(text) == {}
    assert "安全宣传五进" in detect_tags(text)


def test_tags_in_vocabulary_order_and_thresholds():
    text = "开展非煤矿山专项整治，严格应急值守，完善应急预案。今年是安全生产月。"
    assert detect_tags(text) == ["安全生产月", "专项整治", "应急管理", "非煤矿山"]
    assert "应急管理" not in detect_tags("完善应急预案。")


def test_sentences_with_cuts_like_the_sentence_regex():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from safety_month.importer.structure import audiences

    words = ["进企业", "进农村", "进家庭"]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(words + ["。", "！", "?", "\n", "，", "安全", "进", "企业"]), max_size=30))
    def check(parts):
        text = "".join(parts)
        expected = [m.group(0) for m in audiences._SENTENCE_RE.finditer(text)
                    if any(w in m.group(0) for w in words)]
        assert audiences._sentences_with(text, words) == expected

    check()
