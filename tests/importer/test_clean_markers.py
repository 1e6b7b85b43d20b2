from safety_month.importer.clean import markers


def run(text):
    out = markers.apply(text)
    return out.text, out.report, out.line_map


def test_page_counters_glued_in_words_removed():
    part = "这是一段很长的正文内容，用来占据页面的篇幅。" * 4
    doc = f"1/4乡镇{part}我镇正2/4处于{part}做到标准3/4统一{part}镇安委办要发4/4挥好{part}"
    text, report, _ = run(doc)
    assert "我镇正处于" in text and "标准统一" in text and "要发挥好" in text
    assert text.startswith("乡镇")
    assert report.count == 4


def test_real_fractions_dates_and_times_survive():
    doc = "约3/4的企业位于低洼地带，1/3以上完成自查，2023/06/01起施行，10:30开会，比例为2/5。"
    text, report, _ = run(doc)
    assert text == doc and report.count == 0


def test_counter_needs_consistent_total():
    doc = "第一段内容较长。" * 10 + "甲1/3乙" + "第二段内容较长。" * 10 + "丙2/5丁"
    assert run(doc)[0] == doc


def test_explicit_page_markers_and_bare_lines():
    doc = "第一段。第1页共10页\n(第2/4页)\n- 3 -\n(2)\n第二段。\n12\n第三段。"
    text, report, line_map = run(doc)
    # the line emptied by "(第2/4页)" stays blank (the wraps rule drops blank lines)
    assert [x for x in text.split("\n") if x] == ["第一段。", "第二段。", "第三段。"]
    assert report.count == 5   # 第1页共10页, (第2/4页), - 3 -, (2), 12
    lines = text.split("\n")
    assert lines[line_map[4]] == "第二段。" and lines[line_map[5]] == "第三段。"


def test_preview_chunks_cutting_words_joined():
    doc = "标题\n1、有限空间作业是高危作业，各企业要重视有限空间作业安\n2、全管理，要配备防护\n3、用品。"
    text, _, _ = run(doc)
    assert text == "标题\n有限空间作业是高危作业，各企业要重视有限空间作业安全管理，要配备防护用品。"


def test_real_numbered_list_survives():
    doc = "主要任务如下：\n1、加强培训。\n2、排查隐患。\n3、完善预案。"
    assert run(doc)[0] == doc


BODY = "安全生产工作要常抓不懈，各单位要认真落实责任。" * 10


def test_bare_page_numbers_glued_into_words_removed_and_listed():
    # issue 16: a PDF copy's page numbers 2, 3, 4 glued mid-word, a page apart
    text = BODY + "领导2分头" + BODY + "对3地区" + BODY + "各单位4要" + BODY
    out = markers.apply(text)
    assert "领导分头" in out.text and "对地区" in out.text and "各单位要" in out.text
    assert [r.message for r in out.review] == [
        f"删去了夹在词中的页码“{n}”（前后页码连续），请核对" for n in (2, 3, 4)]
    assert all(r.line == 1 for r in out.review)


def test_numbers_that_are_not_a_page_run_survive():
    for text in ["开展检查2次，查处3处，整改4项。",                          # consecutive but close
                 BODY + "领导2分头" + BODY + "对3地区" + BODY,              # only two
                 BODY + "第2批" + BODY + "第3批" + BODY + "第4批" + BODY,   # ordinals
                 BODY + "领导2分头" + BODY * 8 + "对3地区" + BODY + "各单位4要" + BODY]:  # uneven
        out = markers.apply(text)
        assert out.text == text and not out.review, text[-30:]


def test_lines_made_of_page_counter_pieces_go():
    # the realistic bench left "第1页8/9共9页" (a viewer's "8/9" inside "第1页共9页"): a line
    # holding nothing but counter pieces, in any order and with any separators, is a marker
    counters = ["第1页8/9共9页", "第 1 页 / 共 9 页", "共9页 第1页", "共 9 页，第 1 页", "第1页（共9页）",
                "页码：1/9", "1/9页", "第1/9页", "第一页", "第1页 | 共9页", "- 1 -", "1/9"]
    lines = []
    for n, counter in enumerate(counters):
        lines += [f"第{n}段正文内容。", counter]
    text, report, _ = run("\n".join(lines))
    assert [x for x in text.split("\n") if x] == [f"第{n}段正文内容。" for n in range(len(counters))]
    assert report.count == len(counters)


def test_sentences_naming_a_page_survive():
    # a line with words besides the counter pieces is text, wherever 第…页 stands in it
    doc = "请看第3页的表格。\n见材料第2页至第5页。\n2023年第1页\n一、第一页的内容\n第1页：安全须知\n共3页 附件"
    text, report, _ = run(doc)
    assert text == doc and report.count == 0
