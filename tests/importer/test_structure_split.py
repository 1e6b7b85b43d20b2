"""Compilations: one Speech per part."""

from __future__ import annotations

from safety_month.importer.model import CleanResult, RawDocument
from safety_month.importer.structure import build_speeches
from safety_month.importer.structure.split import split_parts
from safety_month.importer.structure.text import Line

RAW = RawDocument(path="x.txt", sha256="a" * 64, text="", encoding="utf-8", kind="txt")
COMP = "2021年安全生产月“落实安全责任，推动安全发展”材料汇编"


def L(*texts):
    return [Line(i + 1, t) for i, t in enumerate(texts)]


def test_title_number_labels():
    sp = split_parts(L(COMP.replace("，", ""), COMP, "（2）", COMP + "1", "第一篇正文。", COMP,
                       "第一篇第二段。", COMP + "2", "第二篇正文。"), [COMP])
    assert sp.compilation_title == COMP
    assert [p.index for p in sp.parts] == [1, 2]
    assert [[ln.text for ln in p.lines] for p in sp.parts] == [["第一篇正文。", "第一篇第二段。"], ["第二篇正文。"]]


def test_word_labels_with_own_titles():
    sp = split_parts(L("【通用三篇】", "【篇一】在全县安全生产会议上的讲话", "正文一。", "篇二：安全生产月动员讲话",
                       "正文二。", "【篇三】", "正文三。"), [])
    assert [(p.index, p.own_title) for p in sp.parts] == [
        (1, "在全县安全生产会议上的讲话"), (2, "安全生产月动员讲话"), (3, None)]


def test_numbers_out_of_sequence_or_single_do_not_split():
    assert len(split_parts(L("篇二", "正文。", "篇三", "正文。"), []).parts) == 1
    assert len(split_parts(L("篇一", "正文。"), []).parts) == 1
    assert split_parts(L("正文。"), []).parts[0].index is None


def test_build_compilation_titles_parts_and_excerpt():
    text = "\n".join([COMP, COMP + "1", "今年6月是全国第20个“安全生产月”。要守住安全红线。", "从今天起，让我们积极投身其中。",
                      COMP + "2", "活动主题是“落实安全责任，推动安全发展”。", "全市各级各部门要增强“四个意识”"])
    speeches = build_speeches(CleanResult(text=text, meta_hints={"title_candidates": [COMP]}), RAW)
    assert [s.part for s in speeches] == [1, 2]
    assert [s.title for s in speeches] == [COMP + "（一）", COMP + "（二）"]
    assert [s.year for s in speeches] == [2021, 2021]
    assert [s.excerpt for s in speeches] == [False, True]      # the second stops mid-sentence
    body = " ".join(b.text for s in speeches for b in s.blocks)
    assert "材料汇编" not in body


def test_truncated_hint_marks_only_last_part():
    text = "\n".join(["篇一", "第一篇。", "篇二", "第二篇完整的句子。"])
    speeches = build_speeches(CleanResult(text=text, meta_hints={"truncated": True}), RAW)
    assert [s.excerpt for s in speeches] == [False, True]


def test_single_speech_loses_the_labels_of_its_compilation():
    # issue 16: an excerpt cut from a compilation keeps "篇1" / "第1篇" / "14篇" labels that
    # became the page's title or first line.
    sp = split_parts(L("安全生产月主题电视讲话稿 篇1", "篇1", "第1篇 安全生产月工作总结范例",
                       "市长安全生产讲话（通用3篇）", "领导讲话稿【通用三篇】",
                       "安全生产月领导讲话稿14篇 各位同志们：大家好！" + "今年是第22个安全生产月。" * 8,
                       "第一篇文章是这样写的。", "全年发表文章14篇，其中3篇获奖。"), [])
    [part] = sp.parts
    assert part.index is None
    assert [ln.text for ln in part.lines] == [
        "安全生产月主题电视讲话稿", "安全生产月工作总结范例", "市长安全生产讲话", "领导讲话稿",
        "安全生产月领导讲话稿 各位同志们：大家好！" + "今年是第22个安全生产月。" * 8,
        "第一篇文章是这样写的。", "全年发表文章14篇，其中3篇获奖。"]    # sentences keep their 篇
    assert [ln.text for ln in part.dropped] == ["篇1"]
    assert [ln.no for ln in part.lines][:2] == [1, 3]               # line numbers kept


def test_single_speech_title_candidate_loses_its_label():
    text = "第1篇 安全生产月工作总结范例\n今年六月，我镇开展了安全生产月活动。"
    [speech] = build_speeches(CleanResult(text=text, meta_hints={
        "title_candidates": ["第1篇 安全生产月工作总结范例"]}), RAW)
    assert speech.title == "安全生产月工作总结范例"
    assert "篇" not in " ".join(b.text for b in speech.blocks)
