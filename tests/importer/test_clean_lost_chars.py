"""lost_chars: restore characters lost in pinyin-annotated documents, or mark them □."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from safety_month.pages import contract
from safety_month.importer import render
from safety_month.importer.clean import clean, gbk, lost_chars, script
from safety_month.importer.model import RawDocument
from tests import _site_markdown as site_markdown

from tests.lost_chars_sim import KINDS, _S2T, annotate, damage, measure
from tests import paths

SOURCES = paths.ROOT / "sources"
SENTENCE = "各级领导干部要把安全生产责任落到实处，坚决防范和遏制重特大事故发生，切实保障人民群众生命财产安全。"


def annotated(simplified: str) -> tuple[list[str], list[str]]:
    return list(_S2T.convert(simplified)), list(simplified)


def test_gbk_facts():
    assert gbk.decode_pair(0x9E, 0xE9) == "為"
    assert gbk.encode("業") == b"\x98\x49"
    assert "企" in gbk.with_lead(0xC6) and "業" in gbk.with_trail(0x49)
    assert 0x9E in gbk.leads_read_as(0x83, "yōu")      # 83 9e = 優
    assert "jìn" in gbk.readings("進")


def test_annotated_loss_is_restored_or_marked():
    """Each character of a sentence lost with its pinyin in turn: it comes back or is □,
    never a wrong character; most come back."""
    chars, simplified = annotated(SENTENCE)
    truth = script.apply("".join(annotate(chars, simplified)))
    restored = 0
    for i in range(1, len(chars) - 1):
        text = damage(chars, simplified, i, 1, "annotated")
        if text is None:
            continue
        out = script.apply(text)
        if out.text == truth.text:
            restored += 1
            [item] = out.review
            assert item.rule == "script.lost_char" and "已按拼音和字典推断补全，请核对" in item.message
            assert any("→" in e for e in out.report.examples)
        else:
            assert out.text == truth.text[:i] + "□" + truth.text[i + 1:], (i, out.text)
            [item] = out.review
            assert item.rule == "script.lost_char" and "请对照原件补全" in item.message
    assert restored >= 25


def test_shifted_run_is_realigned():
    # 變 then 為企業 read one byte off: "?yōu)" + 槠髽 + "I(yè)" (built by the simulator)
    simplified = "将隐患排查由部门行政执法为主转变为企业日常自查自纠为主，提高企业本质安全水平。" * 2
    chars, simp = annotated(simplified)
    chars = [c.replace("爲", "為") for c in chars]       # the variant converters of GBK use
    i = simplified.index("为企业")
    text = damage(chars, simp, i, 3, "shifted")
    assert "槠髽" in text
    out = script.apply(text)
    assert out.text.startswith("将隐患排查由部门行政执法为主转变为企业日常自查自纠为主")
    [item] = out.review
    assert item.rule == "script.lost_char" and "推断补全，请核对" in item.message
    assert "请对照原件" not in item.message


def test_bare_loss_is_marked_not_deleted():
    chars, simplified = annotated(SENTENCE)
    i = SENTENCE.index("重特大") + 1
    text = damage(chars, simplified, i, 1, "plain")
    out = script.apply(text)
    assert "坚决防范和遏制重□大事故发生" in out.text
    [item] = out.review
    assert item.rule == "script.lost_char" and item.line == 1 and "□" in item.excerpt and "请对照原件" in item.message


def test_lost_mark_renders_as_redaction():
    assert render.escape_inline("重□大事故") == "重□大事故"           # written as it is ...
    assert f'重{contract.REDACT_OPEN}□{contract.REDACT_CLOSE}大事故' in site_markdown.render("重□大事故")  # marked by the build


def test_synthetic_damage_figures():
    """Restorations must be right: wrong ones are the failure that matters (an editor may
    miss them), □ is the safe outcome."""
    figures = measure(60, seed=11)
    wrong = sum(figures[k]["wrong"] for k in KINDS)
    right = sum(figures[k]["right"] for k in KINDS)
    print({k: figures[k] for k in KINDS})
    assert wrong == 0, figures["_wrong_examples"]
    assert figures["annotated"]["right"] >= 8          # most single losses come back
    assert figures["plain"]["right"] == 0 and right >= 8


@pytest.mark.parametrize("name", ["000", "001", "002", "004"])
def test_other_seeds_unchanged_by_the_rule(name, monkeypatch):
    path = next(SOURCES.glob(f"{name}_*.txt"))
    raw = RawDocument(path=str(path), sha256="0", text=path.read_text(encoding="utf-8"),
                      encoding="utf-8", kind="txt")
    with_rule = clean(raw)
    monkeypatch.setattr(lost_chars, "repair", lambda text, wrap=("", ""): (text, []))
    without = clean(raw)
    assert with_rule.text == without.text
    assert "□" not in with_rule.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["安全生产", "责任", "发展", "隐患", "排查", "监管", "企业", "，", "。",
                                 "(", ")", "?", "问题", "2020", "X同志"]), min_size=5, max_size=40))
def test_text_without_lost_spots_is_untouched(words):
    text = "".join(annotate(*annotated("".join(words))))
    text = text.replace("?", "？")           # a full-width question mark is text, not a loss
    new, repairs = lost_chars.repair(text)
    assert new == text and repairs == []


def test_document_evidence_prefers_the_speech_own_phrases():
    doc = "交通安全进社区、消防安全进学校、燃气安全"
    assert lost_chars.document_evidence(doc, "安全", "进", "家庭") > lost_chars.document_evidence(doc, "安全", "尽", "家庭")
    assert lost_chars.document_evidence("", "安全", "进", "家庭") == 0.0


def test_document_evidence_decides_only_between_same_shape_readings():
    """燃?xì)獍踩M(jìn)家庭: bytes and pinyin leave 进 or 尽 for the last character. With the
    speech's own 交通安全进社区、消防安全进学校 before it, 进 is chosen; alone, it stays □."""
    damaged = "燃?xì)獍踩M(jìn)家庭"
    with_context, _ = lost_chars.repair("開展交通安全進(jìn)社區(qū)、消防安全進(jìn)學(xué)校、" + damaged)
    alone, _ = lost_chars.repair(damaged)
    assert with_context.endswith("燃气安全进家庭")
    assert "□" in alone and "尽" not in alone
