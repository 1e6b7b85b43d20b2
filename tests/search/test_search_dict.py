"""The project's jieba user dictionary: terms stay whole, and sentences still cut right."""

from __future__ import annotations

from pathlib import Path

import pytest

from safety_month.search.index import read_user_dict
from tests import paths

ROOT = paths.ROOT
USER_DICT = ROOT / "scripts" / "safety_month" / "data" / "jieba_user_dict.txt"

# sentence -> tokens it must contain once the dictionary is loaded. The 进X entries must not
# swallow the 进 of 推进/促进/引进/前进; compounds must not eat their neighbours.
SENTENCES = {
    "推进企业主体责任落实": ["推进", "企业", "主体责任"],
    "促进农村经济发展": ["促进", "农村"],
    "推进社区网格化管理": ["推进", "社区"],
    "引进学校安全教育课程": ["引进", "学校"],
    "推进家庭安全自查": ["推进", "家庭"],
    "安全宣传进企业、进农村、进社区、进学校、进家庭": ["安全宣传", "进企业", "进农村", "进社区", "进学校", "进家庭"],
    "深入开展安全生产月活动": ["安全生产月", "活动"],
    "开展隐患排查治理": ["隐患排查", "治理"],
    "健全双重预防机制建设": ["双重预防机制", "建设"],
    "党政同责、一岗双责、齐抓共管、失职追责": ["党政同责", "一岗双责", "齐抓共管", "失职追责"],
    "组织开展应急演练": ["应急演练"],
    "加强有限空间作业管理": ["有限空间"],
    "电动自行车充电安全": ["电动自行车", "充电"],
    "安装燃气泄漏报警器": ["燃气泄漏", "报警器"],
    "当好第一责任人": ["第一责任人"],
    "遵守安全生产法": ["安全生产法"],
    "危化品运输车辆": ["危化品", "运输"],
    "严禁飞线充电": ["飞线", "充电"],
    "全国安全宣传咨询日": ["安全宣传咨询日"],
    "生产安全事故": ["生产", "安全事故"],
    "金坛区代区长陆秋明": ["代区长"],
    "区长在座谈会上的讲话": ["区长"],
    "安全生产责任制": ["安全生产", "责任制"],
}


@pytest.fixture(scope="module")
def loaded():
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(USER_DICT))
    return tokenizer


def test_every_entry_is_one_token(loaded):
    words = read_user_dict(USER_DICT)
    assert len(words) == len(set(words)), "duplicate entries"
    split = {w: loaded.lcut(w) for w in words if loaded.lcut(w) != [w]}
    assert split == {}


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentences_cut_the_way_readers_type(loaded, sentence):
    got = loaded.lcut(sentence)
    missing = [t for t in SENTENCES[sentence] if t not in got]
    assert not missing, f"{sentence}: {'/'.join(got)} lacks {missing}"
