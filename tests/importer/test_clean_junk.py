from safety_month.importer.clean import junk


def run(text):
    out = junk.apply(text)
    return out.text, out.report, out.review


def test_css_blocks_and_at_rules_go_but_lines_stay():
    text, report, _ = run("@page { size: A4 }\n.MsoNormal{font-size:12pt}\n同志们：")
    assert "@page" not in text and "MsoNormal" not in text
    assert text.count("\n") == 2 and text.endswith("同志们：")
    assert report.count == 2


def test_template_tokens_bbcode_and_html():
    text, _, _ = run("{{title}}同志们：[b]要坚持[/b]<p class='x'>预防为主</p>{$x.y}[#id#]")
    assert text == "同志们：要坚持预防为主"


def test_bbcode_link_goes_with_its_text():
    text, _, _ = run("要落实责任。[url=http://ad.example.com]点击领取[/url]")
    assert text == "要落实责任。"


def test_entities_decoded_and_nbsp_between_cjk_removed():
    text, _, _ = run("消防安全&nbsp;是前提&amp;基础 A&nbsp;B")
    assert text == "消防安全是前提&基础 A B"


def test_anti_copy_dot_removed_only_in_a_document_using_full_stops():
    doc = "人的.生命只有一次。要防.控风险。要落实。好。"
    assert run(doc)[0] == "人的生命只有一次。要防控风险。要落实。好。"
    # Without full stops the "." may be the writer's sentence end: left for punctuation.
    assert run("人的.生命")[0] == "人的.生命"


def test_real_middle_dots_survive():
    doc = "像知·行安全文化，要吸取响水“3•21”事故教训。"
    assert run(doc)[0] == doc


def test_many_middle_dots_are_anti_copy():
    doc = "安·全·生·产·月·活动"
    assert run(doc)[0] == "安全生产月活动"


def test_site_name_with_domain_removed_bare_address_only_reviewed():
    text, _, review = run("事故时有发生范文网 www.fanwen-x.com，必须重视。")
    assert text == "事故时有发生，必须重视。"
    text, _, review = run("请登录www.example.gov.cn下载课件")
    assert "www.example.gov.cn" in text
    assert review and review[0].line == 1


def test_more_please_visit_removed():
    text, _, _ = run("要落实主体责任，更多安全生产讲话稿请访问公文站，严防以包代管。")
    # the doubled comma left behind is collapsed by the script rule (see pipeline test)
    assert text == "要落实主体责任，，严防以包代管。"


def test_zero_width_characters_removed():
    assert run("安\u200b全\ufeff生产")[0] == "安全生产"


def test_every_seo_remove_example_holds_a_prefilter_word():
    for text in ("更多安全生产讲话稿请访问 www.example.com", "本文来源：www.fanwen.com",
                 "文章来自 fanwen.cn", "转载请注明出处", "想了解更多范文，请点击下方链接"):
        assert junk._SEO_REMOVE.regex.search(text), text
        assert junk._SEO_REMOVE.may_match(text), text       # the pre-check lets it through


def test_a_sites_word_count_after_the_title_goes():
    text, report, _ = run("安全在我心中（全文共2310字）\n同志们：全文约三页，共五部分。")
    assert text == "安全在我心中\n同志们：全文约三页，共五部分。"
    assert report.count == 1


def test_random_tokens_salted_on_every_line_go():
    text, report, review = run("各单位要加强领导 kQ7xPz 确保实效。\n要落实责任a8f3k2，开展排查。\n要xYzAb9强化宣传。")
    assert text == "各单位要加强领导 确保实效。\n要落实责任，开展排查。\n要强化宣传。"
    assert report.count == 3 and len(review) == 1


def test_a_few_latin_words_are_not_scrambles():
    src = "使用iPhone和html5开展宣传。\n发放iPad一台。\n第16th届Wifi培训。"
    assert run(src)[0] == src
    # two salted lines are not enough evidence
    src = "各单位要加强领导kQ7xPz确保实效。\n要落实责任a8f3k2，开展排查。"
    assert run(src)[0] == src


def test_a_lone_apostrophe_between_characters_goes_a_quote_pair_stays():
    assert run("各单位要加强的'安全管理。")[0] == "各单位要加强的安全管理。"
    assert run("坚持'安全第一'的方针。")[0] == "坚持'安全第一'的方针。"
