from safety_month.importer.clean import chrome
from safety_month.importer.clean.base import Context

BODY = "同志们，安全生产事关人民福祉，事关经济社会发展大局，是一切工作的底线和红线，我们必须时刻绷紧安全生产这根弦，坚决守住底线。"


def run(text, titles=()):
    out = chrome.apply(text, Context(titles=list(titles)))
    return out.text, out.report, out.review, out.line_map


def test_document_site_head_block_removed():
    head = "\n".join(["分享", "下载文档", "ID:1619654", "大小:16.54KB", "页数:2页", "格式:DOCX",
                      "时间:2023-04-21", "收藏 分享赚钱", "温馨提示:",
                      "1. 部分包含数学公式或PPT动画的文件,查看预览时可能会显示错乱或异常,文件下载后无此问题,请放心下载。",
                      "2. 本文档由用户上传,版权归属用户,汇文网负责整理代发布。如果您对本文档版权有争议请及时联系客服。",
                      "网站客服:3074922707"])
    text, report, _, _ = run(head + "\n" + BODY + "\n此文档下载收益归作者所有\n你可能关注的文档\n收起\n展开")
    assert text.strip() == BODY
    assert report.count == 16


def test_intro_and_footer_in_edge_zone_removed():
    doc = ("您好,欢迎访问公文包\n当前位置:首页 > 经验交流 > 讲话\n"
           "加强学习,提升意识!下面网友分享多篇相关内容供您参考学习,希望有您喜欢的。\n"
           + BODY + "\n公文包所有资源均是用户自行上传分享,仅供网友学习交流,未经上传用户书面授权,请勿作他用。\n"
           "本文标题:讲话\n链接地址:https://www.example.net/doc/1.html")
    text, _, _, _ = run(doc)
    assert text == BODY


def test_long_pattern_line_in_the_middle_is_only_reviewed():
    middle = "下面是小编为大家整理的几点意见，仅供参考，希望对大家有帮助，这段话在正文中间，而且很长很长很长很长很长很长很长。"
    doc = BODY + "\n" + middle + "\n" + BODY
    text, report, review, _ = run(doc)
    assert middle in text
    assert report.count == 0
    assert review and review[0].line == 2


def test_short_speech_lines_survive():
    doc = "区长在安全生产会议上的讲话\n同志们：\n金坛区代区长 陆秋明\n一、找准定位，认真履行职责\n" + BODY
    text, report, _, _ = run(doc, ["区长在安全生产会议上的讲话"])
    assert text == doc and report.count == 0


def test_keyword_list_of_the_title_removed_but_not_the_title():
    title = "2023年县长在全县安全生产会议上的讲话"
    doc = "2023 县长 全县 安全生产 会议 讲话\n践行安全发展理念 坚守安全生产底线 提升治理水平\n" + BODY
    text, _, _, _ = run(doc, [title, "践行安全发展理念 坚守安全生产底线 提升治理水平"])
    assert text.split("\n")[0] == "践行安全发展理念 坚守安全生产底线 提升治理水平"


def test_related_list_in_tail_removed():
    doc = BODY + "\n猜你喜欢：\n县长在全县安全生产工作会议上的讲话\n乡镇安全生产工作总结"
    text, _, _, _ = run(doc)
    assert text == BODY


def test_share_widget_and_lone_bar():
    text, _, _, line_map = run("分享\n|\n" + BODY + "\n扫一扫在手机打开当前页 |")
    assert text == BODY
    assert line_map == [0, 0, 0, 0]
