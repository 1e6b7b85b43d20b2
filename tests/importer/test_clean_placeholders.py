from safety_month.importer.clean import placeholders


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
    for entry, rx in zip(placeholders._ENTRIES, placeholders.PLACEHOLDERS):
        needs = entry.get("needs")
        for m in rx.regex.finditer(samples):
            assert not needs or any(n in m.group() for n in needs), (rx.pattern, m.group())
            assert rx.may_match(m.group()), (rx.pattern, m.group())     # the pre-check lets it through


def test_a_text_without_the_needed_run_counts_nothing():
    assert placeholders.apply("这是一句话。那是一句话。").report.count == 0
    assert placeholders.apply("此处省略。。。。").report.count == 1


# The patterns as first written (X{2,}, look-behind first); the table now writes them so that
# they start with a character or class. They must match exactly the same.
_AS_FIRST_WRITTEN = [
    r"〔\*+〕", r"[\[【（]\*+[\]】）]", r"[XＸ]{2,}", r"[xｘ]{3,}",
    r"(?<![XＸ])[XＸ](?=同志|县长|市长|区长|局长|书记|主任|镇长|乡长|部长|厅长|副|总|经理|队长)",
    r"(?<![0-9])[12][09][0-9]?[xXｘＸ×]{1,2}(?![A-Za-z])", r"…{2,}", r"\.{6,}", r"。{3,}",
    r"_{2,}", r"＿{2,}", r"[〇○□△]{2,}",
]


def test_class_led_patterns_match_like_the_first_written_ones():
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    assert len(_AS_FIRST_WRITTEN) == len(placeholders.PLACEHOLDERS)
    pairs = list(zip(map(re.compile, _AS_FIRST_WRITTEN), placeholders.PLACEHOLDERS))

    @settings(max_examples=500, deadline=None)
    @given(st.text(st.sampled_from(list("XＸxｘ×12029同志副…._＿。〇○□△〔*〕[]【】（）a安")), max_size=30))
    def check(text):
        for old, new in pairs:
            assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)], old.pattern

    check()


def test_last_characters_of_the_needs():
    assert placeholders._last_chars(["[*", "【*", "（*"]) == "*"
    assert placeholders._last_chars(["XX", "XＸ", "ＸX", "ＸＸ"]) == "XＸ"
    assert placeholders._last_chars([]) == ""
