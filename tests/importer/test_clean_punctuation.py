from safety_month.importer.clean import punctuation


def run(text):
    out = punctuation.apply(text)
    return out.text, out.report, out.review


def test_halfwidth_between_chinese():
    text, report, _ = run("同志们:今天,我们开会;请认真听讲!对吗?")
    assert text == "同志们：今天，我们开会；请认真听讲！对吗？"
    assert report.count == 5


def test_numbers_times_urls_latin_untouched():
    doc = "共3,000人，10:30开会，增长12.5%，见 http://a.cn/x?id=3 ，Hello, world!"
    assert run(doc)[0] == doc


def test_parentheses():
    assert run("(一)加强领导;县()、乡镇(街道)")[0] == "（一）加强领导；县（）、乡镇（街道）"
    assert run("f(x) = 1")[0] == "f(x) = 1"


def test_quotes_fixed_and_unpaired_listed():
    text, _, review = run("“从零开始,向零奋斗〞和\"三管三必须\"")
    assert text == "“从零开始，向零奋斗”和“三管三必须”"
    assert not review
    text, _, review = run("第一行\n要增强“四个意识")
    assert review and review[0].line == 2


def test_document_name_restored_only_when_certain():
    text, _, review = run("认真学习?安全生产法?和?大家好?等内容")
    assert "《安全生产法》" in text
    assert review and "大家好" in review[0].message


def test_full_stop():
    assert run("应急处置.请登录")[0] == "应急处置。请登录"
    assert run("截止时间为17:00.")[0] == "截止时间为17:00。"
    assert run("版本v1.2")[0] == "版本v1.2"


def test_normalize_for_titles():
    assert punctuation.normalize("“落实安全责任,推动安全发展”") == "“落实安全责任，推动安全发展”"


def test_placeholders_untouched():
    doc = "平安〔*〕、XX局长、201x年、……、___"
    assert run(doc)[0] == doc


def test_mark_after_placeholders_that_follow_chinese_text():
    out = punctuation.apply("同志们___:\n主持人XX局XX :通知\nabc___:x")
    assert out.text == "同志们___：\n主持人XX局XX：通知\nabc___:x"   # Latin before: untouched
    assert out.report.count == 2
    # the placeholder is preceded by Chinese punctuation only once the first mark is converted
    assert punctuation.apply("同志们:___:").text == "同志们：___："


def test_runs_of_marks_are_converted_together():
    assert punctuation.apply("安全第一!!\n什么??\n同志们::").text == "安全第一！！\n什么？？\n同志们：："
    assert punctuation.apply("比分3:2,10:30").text == "比分3:2,10:30"


def test_corner_brackets_and_ditto_marks_used_as_quotes():
    # issue 16: some sites quote with 『』 or 〃 in simplified text
    out = punctuation.apply("开展『安全生产月』活动，〃安全第一〃。他说：“落实『三个必须』。”").text
    assert out == "开展“安全生产月”活动，“安全第一”。他说：“落实‘三个必须’。”"
    # a ditto mark in a table (alone, between spaces) and a pair around no Chinese stay
    for keep in ("数量 〃 合计 〃", "甲 〃 〃 乙", "『abc』", "『安全\n生产』"):
        assert punctuation.apply(keep).text == keep, keep
    assert punctuation.normalize("『安全生产月』活动方案") == "“安全生产月”活动方案"
