from safety_month.importer.clean import title_repeat
from safety_month.importer.clean.base import Context

T = "乡镇理论学习中心组学习安全生产专题发言材料"


def run(text, titles):
    out = title_repeat.apply(text, Context(titles=list(titles)))
    return out.text, out.report, out.line_map


def test_glued_repetition_kept_once_as_first_line():
    text, report, line_map = run(f"{T}{T}同志们:根据安排，我谈几点体会。\n第二段。", [T])
    assert text == f"{T}\n同志们:根据安排，我谈几点体会。\n第二段。"
    assert report.count == 1
    assert line_map == [0, 2]


def test_title_lines_repeated():
    t = "2021年安全生产月“落实安全责任推动安全发展”材料汇编"
    doc = f"{t}\n\n2021年安全生产月“落实安全责任,推动安全发展”材料汇编\n2021年安全生产月“落实安全责任,推动安全发展”材料汇编1\n正文。"
    text, report, _ = run(doc, [t])
    lines = text.split("\n")
    assert lines[0] == "2021年安全生产月“落实安全责任,推动安全发展”材料汇编"
    assert lines[-2].endswith("材料汇编1")   # compilation marker survives
    assert report.count == 1


def test_title_with_stamped_year_split_from_glued_text():
    text, _, _ = run("县长在全县安全生产会议上的讲话 刚刚，X同志通报了情况。",
                     ["2023年县长在全县安全生产会议上的讲话"])
    assert text == "县长在全县安全生产会议上的讲话\n刚刚，X同志通报了情况。"


def test_sentence_starting_with_short_title_not_split():
    doc = "安全生产工作是一切工作的前提。"
    assert run(doc, ["安全生产工作"])[0] == doc


def test_body_title():
    assert title_repeat.body_title(f"{T}\n正文", [T]) == T
    assert title_repeat.body_title("同志们：", [T]) is None
