from safety_month.importer.clean import tails
from safety_month.importer.clean.base import Context


class Result:
    """The rule's output and what it recorded in the context."""

    def __init__(self, text):
        context = Context()
        self.output = tails.apply(text, context)
        self.truncated = context.truncated
        self.truncated_after_line = context.lines.get(tails.TRUNCATED_AFTER)

BODY = "全市各级各部门要增强安全意识，落实主体责任。"


def test_paywall_tail_cut_and_marked():
    doc = f"标题\n{BODY}\n\n\n部分预览阅读已结束,您可以加入VIP免费下载本篇文档\n开通【VIP会员】免费下载\n立即赞助VIP"
    res = Result(doc)
    assert res.output.text == f"标题\n{BODY}"
    assert res.truncated and res.truncated_after_line == 1
    assert res.output.report.count == 1
    assert res.output.line_map[-1] == 1


def test_glued_marker_cut_mid_line():
    res = Result(f"{BODY}二是隐患排查不彻底试读结束，剩余2356字未读")
    assert res.output.text == f"{BODY}二是隐患排查不彻底"
    assert res.truncated


def test_gap_marker_removed_when_text_goes_on():
    after = "要严格落实企业主体责任，督促企业加大安全投入，强化教育培训。" * 6
    res = Result(f"{BODY}\n……（省略826字）……\n{after}")
    assert "省略" not in res.output.text and after in res.output.text
    assert res.truncated and res.truncated_after_line is None
    assert res.output.review and res.output.review[0].line == 2


def test_no_marker_nothing_changes():
    res = Result(BODY + "\n阅读是学习的好方法。")
    assert res.output.text == BODY + "\n阅读是学习的好方法。"
    assert not res.truncated


def test_prefilter_lets_every_marker_through_but_not_safety_culture():
    for marker in ("部分预览阅读已结束", "试读结束", "……省略826字……", "还剩 3 页未读",
                   "余下全文请下载", "阅读全文请点击", "查看完整内容请登录", "开通VIP后阅读全文",
                   "加入VIP免费下载", "...余下全文", "登录后查看完整"):
        assert tails._MARKERS.search(marker), marker
        assert tails.MARKER_WORDS.search(marker), marker
    assert not tails.MARKER_WORDS.search("加强安全文化建设，全文明创建。")
    text = "加强安全文化建设。" * 20
    assert tails.apply(text).text == text


def test_hidden_words_marker_with_text_after_it_on_its_line_is_a_gap():
    # "……此处隐藏N个字……" and the speech goes on mid-sentence: the marker (with the site's
    # unclosed bracket fragment before it) goes, the text after it stays, the place is listed
    after = "的手被卷入机器，幸好及时停机，事故没有造成更大的伤害"
    res = Result(f"{BODY}\n也许因为（某某范文 ……此处隐藏1234个字……{after}")
    assert res.output.text == f"{BODY}\n也许因为{after}"
    assert res.truncated and res.truncated_after_line is None
    assert len(res.output.review) == 1 and "此处隐藏1234个字" in res.output.review[0].message


def test_paywall_notice_after_a_closed_marker_is_still_a_tail():
    # the same-line text after "阅读已结束，" is the shop's notice: no closing ellipsis, a tail
    res = Result(f"{BODY}\n部分预览阅读已结束，下载本文档需要使用积分，开通会员后可免费下载全部内容")
    assert res.output.text == BODY and res.truncated_after_line == 0


def test_folded_word_count_marker_is_found():
    res = Result(f"{BODY}（中间已折叠 300 字）")
    assert res.output.text == BODY and res.truncated


def test_login_wall_is_a_tail():
    res = Result(f"{BODY}\n（阅读全部图文内容，您需要先登录！）")
    assert res.output.text == BODY and res.truncated
