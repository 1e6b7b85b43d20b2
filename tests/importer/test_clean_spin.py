from pathlib import Path

from safety_month.importer.clean import spin
from safety_month.importer.clean.base import Context
from tests import paths

SEED = paths.ROOT / "sources" / "001_a1e049a011f477ef.txt"
SPUN = "坚持原那么，平安生产是根底，平安生产不能放松。"


def run(text):
    context = Context()
    out = spin.apply(text, context)
    return out.text, context.spun


def test_only_spun_documents_are_touched():
    text = "要深入推进平安生产，开展隐患排查，保障平安。"
    assert spin.spin_score(text) < spin.SPIN_THRESHOLD
    assert run(text) == (text, False)


def test_each_pair_reversed_in_context():
    cases = {
        "经济社会健康开展": "经济社会健康发展",
        "改革开展稳定": "改革发展稳定",
        "我县开展面临的环境": "我县发展面临的环境",
        "人手缺乏，": "人手不足，",
        "查找问题缺乏，": "查找问题不足，",
        "夯实根底": "夯实基础",
        "催促企业": "督促企业",
        "不能无视、": "不能忽视、",
        "物资储藏，": "物资储备，",
        "发奋有为": "奋发有为",
        "整改后到达平安生产标准后": "整改后达到安全生产标准后",
        "优质效劳": "优质服务",
        "广阔人民群众": "广大人民群众",
        "加大宣扬力度": "加大宣传力度",
        "普及平安学问": "普及安全知识",
        "从业人员素养": "从业人员素质",
        "供给有力保障": "提供有力保障",
        "引起高度留意": "引起高度注意",
        "良好的平安生产气氛": "良好的安全生产氛围",
        "具体表达": "具体体现",
        "屡次强调": "多次强调",
        "期间平安稳定": "期间安全稳定",
    }
    for spun, orig in cases.items():
        assert run(SPUN + spun)[0] == "坚持原则，安全生产是基础，安全生产不能放松。" + orig, spun


def test_must_survive_in_spun_document():
    for keep in ["平安中国", "平安〔*〕", "综合治理 保障平安", "扎实开展专项治理", "不开展隐患查改",
                 "开展现场核查", "缺乏安全意识", "安全素养", "取得积极进展", "到达现场", "供给侧", "一方平安"]:
        text, spun = run(SPUN + keep + "。")
        assert spun and text.endswith(keep + "。"), keep


def test_seed_001_restored():
    text, spun = run(SEED.read_text(encoding="utf-8"))
    assert spun
    assert "平安" not in text
    for word in ["原则", "基础", "督促", "忽视", "储备", "不足", "达到", "奋发有为", "安全生产",
                 "扎实开展专项治理", "开展隐患查改"]:
        assert word in text, word
    for word in ["原那么", "根底", "催促", "无视", "储藏", "缺乏", "发奋有为"]:
        assert word not in text, word


def test_signature_prechecks_keep_the_score():
    text = "要推动经济社会健康开展，原那么上催促企业到达安全标准，平安生产。"
    expected = sum(min(len(rx.findall(text)) * weight, cap) for _, rx, weight, cap in spin._SIGNATURES)
    assert spin.spin_score(text) == expected >= spin.SPIN_THRESHOLD
    assert all(needs for needs, *_ in spin._SIGNATURES)     # each signature has a literal


def test_kaizhan_signature_counts_like_the_plain_alternation():
    import re

    old = re.compile("(?:健康|持续|转型|高质量|经济社会|改革|科学|绿色|协调)开展")
    new = next(rx for _, rx, _, _ in spin._SIGNATURES if rx.pattern.startswith("开展"))
    for text in ("经济社会健康开展，高质量开展开展，科学开展", "开展", "协调开展协调开展", "持续开展工作，健康开"):
        assert len(new.findall(text)) == len(old.findall(text)), text


def test_needs_scanner_finds_every_literal_or_is_not_used():
    assert spin._can_overlap("开展", "展开") and spin._can_overlap("安全", "安全生产")
    assert not spin._can_overlap("开展", "进展")
    assert spin._needs_scanner(["展开", "开展"]) is None
    assert spin._needs_scanner(["开展", ""]) is None
    rx = spin._needs_scanner(["开展", "进展", "〞"])
    assert set(rx.findall("开展进展，〞开展")) == {"开展", "进展", "〞"}
    assert spin._NEEDS is not None             # the table's literals cannot overlap
