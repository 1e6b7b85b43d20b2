"""Spin decided from evidence (clean/spin_evidence.py, wired into clean/spin.py): a document
whose swapped forms dominate is reversed without any fixed signature; 平安 in its own
meaning and real 深化/开展 survive; clean texts are never called spun."""

from __future__ import annotations

from safety_month.importer.clean import spin, spin_evidence
from safety_month.importer.clean.base import Context
from safety_month.importer.clean.freq import word_freq
from tests import paths


def run(text):
    context = Context()
    out = spin.apply(text, context)
    return out.text, context.spun


# A whole document spun the way issue 16's excerpts were: 平安 for 安全 everywhere, and none of
# the fixed signatures (no 平安生产, 原那么, 根底, 〞 …), so the signature score stays at 0.
FULLY_SPUN = ("各单位要把平安工作摆在突出位置，认真排查平安隐患，坚决遏制平安事故。"
              "要加强平安教育，增强职工的平安意识，开展平安检查，"
              "努力创建平安中国，推进平安建设，开展隐患排查。")


def test_fully_spun_document_without_signatures_is_reversed():
    assert spin.spin_score(FULLY_SPUN) == 0          # the old detector alone: not spun
    text, spun = run(FULLY_SPUN)
    assert spun
    for fixed in ("安全工作", "安全隐患", "安全事故", "安全教育", "安全意识", "安全检查"):
        assert fixed in text, fixed
    # 平安 in its own meaning and 开展 + an activity survive
    assert "平安中国" in text and "平安建设" in text and "开展隐患排查" in text
    assert text.count("平安") == 2


def test_swaps_of_several_words_are_reversed_together():
    text = ("确保我镇经济又稳又好又快进展。我镇仔细组织开展了宣传活动，"
            "为使安全生产工作深化人心，要深化人心、全民配合，继续深化改革。")
    out, spun = run(text)
    assert spun
    assert "又快发展" in out and "认真组织" in out and out.count("深入人心") == 2
    assert "深化改革" in out                          # 深化 where it is a real collocation stays


def test_clean_texts_are_not_spun():
    clean = ["要深入推进安全生产，开展隐患排查，保障平安。深化改革，认真组织，平安中国建设。",
             "他回忆起那次事故，仔细检查了设备，宣扬迷信的行为要制止。安全第一，预防为主。"]
    for path in sorted((paths.ROOT / "sources").glob("*.txt")):
        if "原那么" not in (t := path.read_text(encoding="utf-8", errors="replace")):
            clean.append(t)                         # the seeds that are not spun
    for text in clean:
        assert run(text) == (text, False), text[:40]


def test_collocation_is_a_word_only_with_the_original():
    text = "深化人心，深化改革"
    assert spin_evidence.collocation(text, 0, 2, "深入", word_freq) == 1       # 深入人心
    assert spin_evidence.collocation(text, 5, 7, "深入", word_freq) <= 0       # 深化改革
    # no neighbours, no evidence
    assert spin_evidence.collocation("深化", 0, 2, "深入", word_freq) == 0


def test_excess_is_measured_against_ordinary_text():
    # 效劳 is ~1 % of 效劳+服务 in jieba's dictionary: two 效劳 and no 服务 are nearly all excess;
    # one 宣扬 beside ten 宣传 is no excess at all.
    two = spin_evidence.pair_evidence("优质效劳，效劳群众", "效劳", "服务", [(2, 4), (5, 7)], word_freq)
    assert two.excess > 1.9
    one = spin_evidence.pair_evidence("宣扬" + "宣传" * 10, "宣扬", "宣传", [(0, 2)], word_freq)
    assert one.excess < spin_evidence.PAIR_EXCESS
    assert not spin_evidence.dominates([two, one])                     # one pair, no collocation
    strong = spin_evidence.PairEvidence("平安", "安全", 8, 0, 1, 8.0)
    assert spin_evidence.dominates([strong])
    assert not spin_evidence.dominates([spin_evidence.PairEvidence("平安", "安全", 8, 0, 0, 6.0)])
