from safety_month.clean import placeholders


def test_counted_and_kept():
    doc = "〔*〕起，XXX，X同志，XX局长，201x年，20xx年，……，___月__日"
    out = placeholders.apply(doc)
    assert out.text == doc
    assert out.report.count == 9   # 〔*〕 XXX X XX 201x 20xx …… ___ __
    assert out.review == []


def test_ordinary_text_has_none():
    assert placeholders.apply("2023年6月，第22个安全生产月。").report.count == 0


def test_needs_cover_every_match():
    samples = "〔*〕 [*] 【**】 （*） XXX XＸ局长 xxx ｘｘx …… ...... 。。。 __ ＿＿ 20xx年 X同志 ○○"
    for first, needs, rx in placeholders.PLACEHOLDERS:
        for m in rx.finditer(samples):
            assert not needs or any(n in m.group() for n in needs), (rx.pattern, m.group())


def test_a_text_without_the_needed_run_counts_nothing():
    assert placeholders.apply("这是一句话。那是一句话。").report.count == 0
    assert placeholders.apply("此处省略。。。。").report.count == 1
