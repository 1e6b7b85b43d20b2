from safety_month.site import phrases


def test_themes_split_into_phrases_that_join_back():
    for theme, want in [
        ("人人讲安全、个个会应急——查找身边安全隐患", ["人人讲安全、", "个个会应急", "——查找身边安全隐患"]),
        ("落实安全责任 推动安全发展", ["落实安全责任 ", "推动安全发展"]),
        ("防风险、除隐患、遏事故", ["防风险、", "除隐患、", "遏事故"]),
        ("安全责任重于泰山", ["安全责任重于泰山"]),
    ]:
        assert phrases.phrases(theme) == want
        assert "".join(phrases.phrases(theme)) == theme


def test_phrases_html_escapes_each_phrase():
    out = phrases.phrases_html("<b>安全</b>、“A&B”")
    assert out == '<span class="sm-phrase">&lt;b&gt;安全&lt;/b&gt;、</span><span class="sm-phrase">“A&amp;B”</span>'
    assert phrases.phrases_html("") == ""


def test_a_space_between_phrases_stays_outside_the_inline_blocks():
    # Inside an inline block a trailing space is dropped by the browser: the theme would read
    # "落实安全责任推动安全发展".
    assert phrases.phrases_html("落实安全责任 推动安全发展") == (
        '<span class="sm-phrase">落实安全责任</span> <span class="sm-phrase">推动安全发展</span>')
