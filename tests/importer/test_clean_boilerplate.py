"""Rule "boilerplate": furniture lines labelled from features, not from a list of whole lines.

Each example below is a line shape seen on real pages (tests/corpus, tune half), written
with other words, so the test shows the feature generalises rather than the phrase."""

from __future__ import annotations

import pytest

from safety_month.importer.clean import boilerplate, hints
from safety_month.importer.clean.boilerplate import apply, is_boilerplate, label, labels

BODY = ("今年6月是全国第二十二个安全生产月，各单位要认真组织开展隐患排查，切实落实企业主体责任，"
        "确保全年安全生产形势持续稳定，为经济社会发展创造良好环境。")
assert len(BODY) >= boilerplate.BODY_MIN_LEN


@pytest.mark.parametrize("line, want", [
    ("点赞 转发 收藏 / 12", "widget"),
    ("返回首页 | 网站地图 | 联系我们", "widget"),
    ("应急资讯网 首页", "widget"),
    ("朗读", "widget"),
    ("编辑：王小明", "field"),
    ("（责任编辑：李四）", "field"),
    ("• 上传人：安****全", "field"),
    ("浏览： 318|回复： 4", "field"),
    ("特殊限制：", "field"),
    ("2019-05-30 08:12:44", "stamp"),
    ("老猫 发表于 2021-3-8 10:02", "stamp"),
    ("上一条：全市召开消防工作会议", "prevnext"),
    ("5上一篇  下一篇6", "prevnext"),
    ("作文站>范文大全>讲话稿>安全讲话", "crumb"),
    ("首页 新闻中心 工作动态 某某消息", "crumb"),
    ("第00003版：要闻", "edition"),
    ("1203 期 / 第2版:4", "edition"),
    ("The safety month was launched in June by the state council and the people of the country.",
     "foreign"),
])
def test_labels_lines_by_their_features(line, want):
    assert label(line) == want


@pytest.mark.parametrize("line", [
    BODY,
    "一、提高认识，加强领导",
    "（一）成立活动领导小组",
    "县长 李明华",
    "（2023年6月8日）",
    "同志们：",
    "安全生产月活动方案",
    "时间：6月1日至30日",                     # a plan's own field: not furniture in the body
    "2023-06-01 09:00 启动仪式",              # a programme line, no seconds, not posted
    "分享经验，收藏教训，转发安全知识，人人都是安全员。",
    "注：本方案由县安委办负责解释。",
])
def test_keeps_speech_lines(line):
    assert label(line) is None


def test_edge_only_labels_hold_only_around_the_body():
    lines = ["重点新闻", "时间：2023-04-01", "某单位开展安全生产月活动", BODY, "时间：6月1日至30日", BODY,
             "来源：县应急管理局"]
    assert labels(lines) == ["column", "field", None, None, None, None, "field"]


def test_label_alone_takes_its_value_line():
    lines = ["特殊限制：", "部分文档作品中含有的图片仅作示例，禁止商用。", BODY]
    assert labels(lines)[:2] == ["field", "field"]
    # 资源描述 introduces the document itself: its next line stays
    assert labels(["资源描述：", BODY])[1] is None


def test_bulleted_link_list_before_the_body():
    lines = ["· 全面排查消除矿山隐患", "· 打击非法生产经营", "· 重大隐患整改单位公布", "本地新闻标题", BODY]
    assert labels(lines) == ["linklist"] * 3 + [None, None]
    # two bullets are not a list; bullets after the body start are the text's own
    assert labels(["· 甲乙丙丁戊", "· 己庚辛壬癸", BODY]) == [None, None, None]
    assert labels([BODY, "· 甲", "· 乙", "· 丙", BODY]) == [None] * 5


def test_repeated_short_lines():
    # ("点赞点赞" is now also widget words run together: a widget line either way)
    assert labels(["点赞点赞", BODY, "点赞点赞", BODY]) == ["widget", None, "widget", None]
    assert labels(["顶顶顶", BODY, "顶顶顶", BODY]) == ["repeat", None, "repeat", None]
    assert labels(["★★★", BODY, "★★★", BODY])[0] == "repeat"
    # a repeated heading-like line is kept
    assert labels(["安全第一", BODY, "安全第一", BODY]) == [None] * 4


def test_apply_removes_reports_and_lists_foreign_lines_for_review():
    english = "In the report of the congress he pointed out that we attach great importance to safety."
    text = "\n".join(["编辑：王小明", "讲话标题", BODY, english, "上一篇：另一篇文章"])
    out = apply(text)
    assert out.text.split("\n") == ["讲话标题", BODY]
    assert out.report.count == 3
    assert [r.rule for r in out.review] == ["boilerplate"]
    assert "外文" in out.review[0].message
    assert out.line_map is not None and len(out.line_map) == 5
    assert apply(BODY).text == BODY and apply(BODY).line_map is None


def test_title_candidate_skips_furniture():
    text = "\n".join(["德育素材网 首页", "在全县安全生产工作会议上的讲话", "2024-10-28 07:50:06 德育素材网", BODY])
    assert hints.title_candidates(text)[0] == "在全县安全生产工作会议上的讲话"
    assert is_boilerplate("2024-10-28 07:50:06 德育素材网")
    assert not is_boilerplate("在全县安全生产工作会议上的讲话")


def test_any_text_is_handled():
    for text in ["", "\n\n", "：", "·\n·\n·", "a" * 5000, "首页 " * 500, "发表于 " * 300]:
        out = apply(text)
        assert isinstance(out.text, str)
    assert boilerplate.RULE.name == boilerplate.NAME == "boilerplate"


# --- sentences judged on combined evidence (clean/filler.py) -----------------------------

def test_template_intro_line_is_removed_and_listed():
    intro = ("讲话稿是在会议上发表的文稿，讲究条理清楚。某某文秘站编辑为大家整理了安全讲话6篇，"
             "希望能给大家一些参考。")
    out = apply("\n".join(["安全讲话6篇", intro, "同志们：", BODY]))
    assert "编辑为大家整理" not in out.text and BODY in out.text and "同志们：" in out.text
    assert any(r.rule == "boilerplate" and "模板" in r.message for r in out.review)


def test_template_intro_sharing_a_line_with_the_speech_is_cut_out_of_it():
    line = "本站为您精选了安全演讲稿3篇，供大家参考。" + BODY
    out = apply("\n".join(["安全演讲稿", line]))
    assert out.text.split("\n")[1] == BODY
    assert [r.line for r in out.review if "模板" in r.message] == [2]


@pytest.mark.parametrize("line", [
    # an offer of harm and a wish without a text handed over: a speech's own words
    "事故给大家带来了深刻的教训，希望大家互相帮助、互相提醒，共同筑牢安全防线。",
    # a collection label alone is what a title says
    "安全生产月活动方案范文",
    # a wish alone
    "希望同志们从中得到启发，把安全生产各项工作抓实抓细。",
])
def test_speech_sentences_with_one_template_feature_stay(line):
    assert apply("\n".join([line, BODY])).text.split("\n")[0] == line


def test_teaser_before_the_article_goes_when_cut_short_or_repeated():
    cut_short = "摘要：" + BODY[:30] + "……"
    assert labels([cut_short, BODY])[0] == "teaser"
    repeated = "导读：" + BODY[:20] + "。"
    assert labels(["标题", repeated, "正文之前", BODY])[1] == "teaser"
    # a summary that neither breaks off nor repeats is the text's own: kept
    assert labels(["摘要：本文介绍全县安全生产月的三项做法。", BODY])[0] is None


def test_forum_replies_after_the_post_go():
    lines = [BODY, "小王 发表于 2024-12-20 23:40", "写得很好", "老李 发表于 2024-12-21 07:35", "学习了"]
    assert labels(lines) == [None, "stamp", "reply", "stamp", "reply"]
    # a short line after a posted stamp inside the text is not a reply (only after the body)
    assert labels(["小王 发表于 2024-12-20 23:40", "写得很好", BODY])[1] is None


@pytest.mark.parametrize("line, want", [
    ("发表于 2015-3-2 09:10 | 显示全部楼层 | 阅读模式", "stamp"),   # widget words beside a stamp
    ("2009年6月2日 收藏 打印 推荐 朗读", "widget"),                 # a date among widget words
])
def test_widget_words_and_dates_beside_each_other(line, want):
    assert label(line) == want


@pytest.mark.parametrize("line", [
    "《某某》材料库网址www.example.com",          # the site's address
    "添加客服微信abc2023进资料群",                  # a contact to add
    "某某日报社主办",                              # a sponsor line
    "某某安全论坛",                                # the site's name alone
    "3  4",                                        # bare page numbers
])
def test_site_lines_go_at_the_edges_only(line):
    assert labels([line, BODY]) == ["site", None]
    assert labels([BODY, line, BODY]) == [None, None, None]


def test_forum_pager_and_shop_preview_labels():
    assert label("页: [1]") == "field"
    assert label("查看完整版本: 某单位开展消防演练") == "field"
    assert label("论文部分内容阅读") == "widget"


@pytest.mark.parametrize("line, want", [
    ("分享到朋友圈 收藏", "widget"),          # widget words run together
    ("收藏 分销", "widget"),
    ("图片附件", "widget"),
    ("全县安全会议讲话.docx_第3页", "file"),
    ("✅限时免费领取资料包👉点击进群", "emoji"),
    ("图为 消防员向居民演示灭火器的使用方法", "caption"),
])
def test_more_line_shapes(line, want):
    assert label(line) == want


@pytest.mark.parametrize("line", [
    "分享安全经验是每位员工的责任",                   # "分享" + words that are no widgets
    "图书室、阅览室要落实防火措施。",                 # starts with 图 but is no caption
    "安全生产★责任重于泰山",                         # one symbol is no advertisement
])
def test_shapes_leave_text_alone(line):
    assert label(line) is None


def test_byline_only_after_the_body():
    assert labels([BODY, "刘峰 晓丹 安欣"]) == [None, "byline"]
    assert labels(["刘峰 晓丹 安欣", BODY]) == [None, None]


def test_editors_note_repeating_the_opening_and_a_video_duration():
    note = "编者按。" + BODY[:40]
    assert labels([note, "同志们：", BODY])[0] == "teaser"
    assert labels([BODY, "02:24"]) == [None, "site"]


@pytest.mark.parametrize("glued", ["（责任编辑：张三）", "(编辑:李四 审核:王五)", "【纠错】 【责任编辑：刘洋】",
                                   " 打印本页 关闭窗口"])
def test_furniture_glued_after_the_last_sentence_is_cut(glued):
    out = apply(f"标题\n{BODY}{glued}\n{BODY}")
    assert out.text == f"标题\n{BODY}\n{BODY}"
    assert out.report.count == 1


def test_text_after_the_last_sentence_that_is_no_furniture_stays():
    line = BODY + "（详见附件）"
    assert apply(f"标题\n{line}").text == f"标题\n{line}"
    line = BODY + "来源：人民网"              # an edge label glued mid-document: left alone
    assert apply(f"{line}\n{BODY}").text == f"{line}\n{BODY}"


def test_field_row_opening_with_an_edge_label_goes_anywhere():
    row = "来源：应急管理部网站 | 发布时间：2023-06-01 | 浏览次数：1234"
    assert labels([BODY, row, BODY]) == [None, "field", None]
    # an edge label alone in the middle stays (a plan's "时间：…")
    assert labels([BODY, "来源：县应急管理局", BODY])[1] is None


def test_table_of_contents_goes_one_entry_alone_stays():
    toc = ["目录", "一、指导思想……………………1", "二、活动主题……………………2"]
    assert labels(toc + [BODY]) == ["toc", "toc", "toc", None]
    assert labels([BODY, "一、指导思想..........1", BODY])[1] is None
