from safety_month.importer.clean import wraps


def run(text):
    out = wraps.apply(text)
    return out.text, out.report, out.line_map


WRAPPED = """各企业要严格落实安全生产主体责任，建立健全全员安全生产
责任制，明确各岗位的责任人员、责任范围和考核标准，
加强对安全生产责任制落实情况的监督考核，确保责任落实
到位。
一、加强教育培训
企业主要负责人和安全生产管理人员必须具备与本单位所从
事的生产经营活动相应的安全生产知识和管理能力。"""


def test_pdf_wraps_joined_headings_kept():
    text, report, line_map = run(WRAPPED)
    lines = text.split("\n")
    assert lines[0].endswith("确保责任落实到位。")
    assert lines[1] == "一、加强教育培训"
    assert lines[2].startswith("企业主要负责人") and lines[2].endswith("管理能力。")
    assert line_map == [0, 0, 0, 0, 1, 2, 2]


def test_paragraph_per_line_text_not_joined():
    doc = "同志们：\n今天召开会议，部署安全生产工作。\n一、提高认识\n安全生产事关人民群众生命财产安全和社会稳定大局，必须抓紧抓实"
    assert run(doc)[0] == doc


def test_space_inside_word_removed_other_spaces_kept():
    text, _, _ = run("企业要保证安全生 产所必需的资金")
    assert text == "企业要保证安全生产所必需的资金"
    for keep in ["践行安全发展理念 坚守安全生产底线", "金坛区代区长 陆秋明", "县长在全县安全生产会议上的讲话 刚刚，X同志",
                 "综合治理 保障平安"]:
        assert run(keep)[0] == keep


def test_letter_spaced_line():
    assert run("安 全 生 产 月 活 动")[0] == "安全生产月活动"


def test_layout_blank_lines_and_indent():
    text, _, line_map = run("\u3000\u3000第一段。\n\n  \n第二段。 ")
    assert text == "第一段。\n第二段。"
    assert line_map == [0, 1, 1, 1]


def test_line_break_inside_brackets_joined_in_any_document():
    # Paragraph-per-line text (no regular width), but the break falls inside （…）.
    doc = "建立市、县（区）、乡镇（街道\n）、村居（社区）、企业五级监管网格。\n一、提高认识"
    text, report, line_map = run(doc)
    assert text.split("\n") == ["建立市、县（区）、乡镇（街道）、村居（社区）、企业五级监管网格。", "一、提高认识"]
    assert line_map == [0, 0, 1]
    assert report.count == 1


def test_open_bracket_not_closed_on_next_line_stays_apart():
    for doc in ["他说：“要抓紧。\n“第二段引文。”", "（一）加强领导\n各地要落实责任。", "见附件（\n一、提高认识）"]:
        assert run(doc)[0] == doc


def test_wrap_inside_letters_or_digits_joined():
    doc = WRAPPED.replace("确保责任落实\n到位。", "确保责任在20\nxx年落实到位。")
    text = run(doc)[0]
    assert "确保责任在20xx年落实到位。" in text
    # A line starting with letters after a line ending in Chinese stays a wrap only by the
    # Chinese rule; a numbered item never joins.
    assert "\n1. " in run(WRAPPED.replace("企业主要负责人", "1. 企业主要负责人"))[0]
