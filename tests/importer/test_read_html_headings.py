"""Saved pages keep their <h1> title and <h2> section headings although trafilatura's main
text leaves them out (issue 16: a page came out titled by its speaker line, headings lost)."""

from safety_month.importer.read.html import read_html, with_lost_headings

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>在全市安全生产月动员大会上的讲话 - 某市政府网</title></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/x">领导讲话</a></div>
<div class="article"><h1>在全市安全生产月动员大会上的讲话</h1>
<p style="text-align:center">副市长　张卫东</p>
<p style="text-align:center">（2023年6月8日）</p>
<p>同志们：</p>
<p>今天我们召开全市安全生产月活动动员大会，主要任务是贯彻落实国务院安委会和省里的部署要求，动员全市上下迅速行动起来，扎实开展好今年的安全生产月活动。</p>
<h2>一、提高认识，切实增强做好安全生产工作的责任感</h2>
<p>安全生产事关人民群众生命财产安全，事关改革发展稳定大局，各地各部门要高度重视，认真研究部署。</p>
<h2>二、突出重点，扎实开展各项活动</h2>
<p>要组织开展好安全宣传咨询日等活动，推动安全宣传进企业、进农村、进社区、进学校、进家庭。</p>
<h2>三、加强领导，确保活动取得实效</h2>
<p>各级各部门要切实加强组织领导，明确责任分工，确保各项活动落到实处，取得实效。</p>
</div><div class="footer">版权所有 某市人民政府</div></body></html>"""


def test_saved_page_keeps_title_and_section_headings():
    dec = read_html(PAGE.encode("utf-8"), "p.html")
    lines = dec.text.split("\n")
    assert lines[0] == "在全市安全生产月动员大会上的讲话"
    assert lines[1].replace("\u3000", " ") == "副市长 张卫东"
    heads = {lines[i]: lvl for i, lvl in dec.heading_levels.items()}
    assert heads == {"在全市安全生产月动员大会上的讲话": 1,
                     "一、提高认识，切实增强做好安全生产工作的责任感": 2,
                     "二、突出重点，扎实开展各项活动": 2, "三、加强领导，确保活动取得实效": 2}
    assert "版权所有" not in dec.text and "领导讲话" not in dec.text


def test_merge_is_conservative():
    main = [("甲乙丙", None), ("丁戊己", None)]
    page = [("标题", 1), ("导航", None), ("甲乙丙", None), ("一、小节", 2), ("丁戊己", None), ("页脚", None)]
    assert with_lost_headings(main, page) == [("标题", 1), ("甲乙丙", None), ("一、小节", 2), ("丁戊己", None)]
    # main text not found in the page walk: unchanged
    assert with_lost_headings(main, [("别的", None)]) == main
    # an h1 far before the main text is not its title
    far = [("标题", 1)] + [("x%d" % i, None) for i in range(10)] + page[2:]
    assert with_lost_headings(main, far)[0] == ("甲乙丙", None)


CMS_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>某区开展燃气安全检查_某某网</title></head>
<body><div class="topbar"><a href="#">首页</a> | <a href="#">登录</a></div>
<div class="wrap"><div class="left">
<h1 class="title">某区开展燃气安全检查</h1>
<div class="info">2020-03-02 10:00:00 来源：某某网</div>
<div id="text">
<p>3月2日，某区应急管理局联合燃气公司对辖区餐饮场所开展燃气安全专项检查，共检查商户四十余家，发现隐患十二处，已全部督促整改到位。</p>
<p>检查组要求各商户落实燃气安全主体责任，规范使用燃气器具，定期检查管道和阀门，确保用气安全。</p>
</div></div></div><div class="footer">版权所有 某某网</div></body></html>"""


def test_h1_above_the_content_element_is_kept():
    # the content <div id="text"> leaves the CMS's <h1> out; the page walk finds it
    dec = read_html(CMS_PAGE.encode("utf-8"), "cms.html")
    lines = dec.text.split("\n")
    assert lines[0] == "某区开展燃气安全检查"
    assert dec.heading_levels.get(0) == 1
    assert "版权所有" not in dec.text and "登录" not in dec.text


def test_page_without_h1_takes_the_headline_part_of_its_title_when_the_page_shows_it():
    page = CMS_PAGE.replace('<h1 class="title">某区开展燃气安全检查</h1>',
                            '<div class="news-title">某区开展燃气安全检查</div>').replace(
        "<title>某区开展燃气安全检查_某某网</title>", "<title>某区开展燃气安全检查-某某网</title>")
    dec = read_html(page.encode("utf-8"), "cms.html")
    assert dec.text.split("\n")[0] == "某区开展燃气安全检查" and dec.heading_levels.get(0) == 1
    # a <title> the page does not show (the site's own name) is not taken
    other = page.replace("<title>某区开展燃气安全检查-某某网</title>", "<title>某某网-首页</title>")
    assert read_html(other.encode("utf-8"), "cms.html").heading_levels.get(0) is None
