from safety_month.clean import placeholders


def test_counted_and_kept():
    doc = "〔*〕起，XXX，X同志，XX局长，201x年，20xx年，……，___月__日"
    out = placeholders.apply(doc)
    assert out.text == doc
    assert out.report.count == 9   # 〔*〕 XXX X XX 201x 20xx …… ___ __
    assert out.review == []


def test_ordinary_text_has_none():
    assert placeholders.apply("2023年6月，第22个安全生产月。").report.count == 0
