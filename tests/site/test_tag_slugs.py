"""tag_slugs.py: tag page names are ASCII, stable, and never shared by two tags."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from safety_month import tables
from safety_month.site.tag_slugs import MAX_LEN, base_slug, slugs

SAFE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# The vocabulary's pages as published: a pypinyin upgrade that reads one of these differently
# would move a tag page (and break readers' bookmarks), so it must fail here first.
VOCABULARY = {
    "安全生产月": "an-quan-sheng-chan-yue", "安全宣传五进": "an-quan-xuan-chuan-wu-jin",
    "责任落实": "ze-ren-luo-shi", "企业主体责任": "qi-ye-zhu-ti-ze-ren",
    "隐患排查治理": "yin-huan-pai-cha-zhi-li", "专项整治": "zhuan-xiang-zheng-zhi",
    "监管执法": "jian-guan-zhi-fa", "应急管理": "ying-ji-guan-li", "巡查督导": "xun-cha-du-dao",
    "理论学习": "li-lun-xue-xi", "宣传教育": "xuan-chuan-jiao-yu", "科技兴安": "ke-ji-xing-an",
    "危险化学品": "wei-xian-hua-xue-pin", "建筑施工": "jian-zhu-shi-gong", "道路交通": "dao-lu-jiao-tong",
    "消防安全": "xiao-fang-an-quan", "燃气安全": "ran-qi-an-quan", "非煤矿山": "fei-mei-kuang-shan",
    "防灾减灾": "fang-zai-jian-zai",
}


def test_the_vocabulary_keeps_its_readable_slugs():
    tags = [t["tag"] for t in tables.load("tags.yml")["tags"]]
    assert set(tags) == set(VOCABULARY)
    assert slugs(tags) == VOCABULARY


def test_a_slug_depends_on_the_tag_alone_when_nothing_collides():
    assert slugs(["消防安全"])["消防安全"] == slugs(["消防安全", "燃气安全", "道路交通"])["消防安全"]
    assert slugs(["重庆"]) == {"重庆": "chong-qing"}          # phrase readings, not 重 zhong


def test_homophones_and_case_variants_each_get_their_own_page():
    out = slugs(["防汛", "防讯", "A", "a", "x", "../x", "x/"])
    assert len(set(out.values())) == len(out)
    assert out["防汛"].startswith("fang-xun-") and out["防讯"].startswith("fang-xun-")
    # the suffix is the tag's own hash: the same whichever other tag it met
    assert out["防汛"] == slugs(["防汛", "防讯", "其他"])["防汛"]
    assert all(SAFE.match(s) for s in out.values())


def test_tags_without_readable_text_digits_and_long_tags():
    assert base_slug("★☆") .startswith("tag-") and SAFE.match(base_slug("★☆"))
    assert base_slug("2") == "t-2"                      # never a page number (tags/2/)
    assert base_slug("ＡＢＣ 消防") == "abc-xiao-fang"    # full-width letters read as ASCII
    long = base_slug("安全" * 100)
    assert len(long) <= MAX_LEN + 9 and SAFE.match(long)
    assert long != base_slug("安全" * 101)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=8, unique=True))
def test_any_tags_give_distinct_safe_slugs(tags):
    out = slugs(tags)
    assert set(out) == set(tags)
    assert len(set(out.values())) == len(tags)
    assert all(SAFE.match(s) for s in out.values()), out
