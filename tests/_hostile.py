"""Hostile but plausible importer inputs, as hypothesis strategies (shared by the importer's
property tests and scripts/devtools/bench_bounds.py's fuzz mode).

A source is a list of lines; each line is a few fragments glued together: real sentences of
the seed speeches (simplified, or converted to traditional script), official numbering,
placeholders, brackets and quotes (paired or not, full- and half-width), Markdown and HTML
syntax (tags in every form a junk rule must recognise: plain, slash-separated, unclosed,
entity-encoded; comments, scripts, CSS, BBCode, template tokens), site chrome and page
markers, control characters and odd spaces, and now and then a long run of one fragment.
The fragments are what the audit's failing inputs were made of; hypothesis mixes them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
_SENTENCE_END = re.compile(r"(?<=[。！？；])")


@lru_cache(maxsize=1)
def seed_sentences() -> tuple[str, ...]:
    """Short sentences of the seed speeches (UTF-8 .txt in sources/), at most 60 characters."""
    out: list[str] = []
    for path in sorted((ROOT / "sources").glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for line in text.splitlines():
            for piece in _SENTENCE_END.split(line.strip()):
                if 4 <= len(piece) <= 60:
                    out.append(piece)
    return tuple(dict.fromkeys(out)) or ("安全生产是一切工作的前提。",)


@lru_cache(maxsize=1)
def traditional_sentences() -> tuple[str, ...]:
    import opencc

    convert = opencc.OpenCC("s2t").convert
    return tuple(convert(s) for s in seed_sentences()[:200])


TAGS = [
    "<script>alert(1)</script>", "<script src=x.js>", "</script>", "<style>p{color:red}</style>",
    "<noscript>", "<!-- 注释 -->", "<!--", "-->", "<b>粗</b>", "<p>", "</p>", "<br/>", "<div class=x>",
    "</div>", "<span class=x>", "<img src=x onerror=alert(1)>", "<img/src=x/onerror=alert(1)>",
    "<svg/onload=alert(1)>", "<svg onload=alert(1)", "<a/href=javascript:alert(1)>点我</a>",
    "<iframe/src=javascript:alert(1)>", "<details open ontoggle=alert(1)>", "<x-y onclick=a()>",
    "&lt;script&gt;alert(1)&lt;/script&gt;", "&#60;img src=x onerror=alert(1)&#62;",
    "&#x3c;svg/onload=alert(1)&#x3e;", "&amp;lt;b&amp;gt;", "&lt;", "&gt;", "&amp;", "&nbsp;",
    "&#42;", "&#x2a;", "&quot;", "<", ">", "</", "<安全生产法>", "a<b", "1 < 2 > 0",
]
MARKDOWN = [
    "*", "**", "_", "__", "`", "```", "~~~", "#", "# 标题", "## ", "[", "]", "[链接](javascript:a)",
    "![图](x.png)", "(", ")", "!", ">", "> 引用", "-", "- ", "+ ", "1. ", "1)", "|", "| a | b |",
    "~", "~~删~~", "^", "^^上^^", "=", "==标记==", "{", "}", "{: #x }", "{: #p-1 }", "\\", "$",
    "$$", "---", "...", "***", ":", ": 定义", "!!! note", "??? note", "[^1]", "*[HTML]: x",
    "    缩进", "\t缩进", "<https://example.org>", "https://www.example.com/a_b*c",
]
TEMPLATES = ["{{title}}", "{% if x %}", "{$field.title}", "${title}", "[#field#]", "[field:title/]",
             "{dede:field name='x'}", "[b]", "[/b]", "[url=http://x]广告[/url]", "[img]x.png[/img]",
             "@media print{p{color:red}}", "@import url(x.css);", ".a{color:red}", "p { margin: 0 }"]
PLACEHOLDERS = ["〔*〕", "〔 * 〕", "[*]", "【*】", "（*）", "XX", "XXX", "ＸＸ", "X同志", "x", "xxx",
                "201x", "20xx", "19XX", "……", "…", "......", "。。。", "__", "___", "＿＿", "○○",
                "□", "□□", "△△", "〇〇", "×××", "某某"]
BRACKETS = ["（", "）", "(", ")", "“", "”", "\"", "'", "‘", "’", "《", "》", "〈", "〉", "【", "】",
            "〔", "〕", "「", "」", "『", "』", "〝", "〞", "＂", "?", "？", ",", "，", ":", "：", ";",
            "；", "!", "！", ".", "。", "、", "·", "•", "—", "——", "－", "～"]
NUMBERING = ["一、", "二、", "三、", "十一、", "（一）", "（二）", "(三)", "1.", "2．", "3、", "一是",
             "二是", "三是", "一要", "二要", "第一章", "第二篇", "篇一", "【篇二】", "范文3", "材料汇编1"]
CHROME = ["当前位置：首页 > 讲话", "下载文档", "第1页共3页", "（第2/4页）", "- 3 -", "3/8", "试读结束",
          "部分预览阅读已结束", "省略826字", "本文来源：www.fanwen.com", "更多范文请访问 www.x.cn",
          "范文网 www.fanwen.com", "版权所有 © 2021", "ID:123 大小:2M", "点赞 12 评论 3", "上一页 下一页",
          "温馨提示：", "1. 本站不保证下载资源的准确性", "扫一扫在手机打开当前页", "收起", "展开全文",
          "想了解更多内容，请访问 www.x.com", "本文标题：安全生产讲话", "链接地址：https://x.org/1.html"]
TITLES = ["县长在全县安全生产会议上的讲话", "在2021年安全生产月活动启动仪式上的讲话", "金坛区代区长 陆秋明",
          "（2021年6月1日）", "——在全市安全生产工作会议上的讲话", "同志们：", "谢谢大家！",
          "全国第20个“安全生产月”", "主题是“落实安全责任，推动安全发展”", "安全生产“五进”：进企业、进农村、进社区、进学校、进家庭"]
CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1b[31m", "\x7f", "\x85", "\x9b",
            "\u200b", "\u200d", "\u2028", "\u2029", "\ufeff", "\u00ad", "\ufffd", "\u202e", "\t", "\r",
            "\r\n", "\xa0", "\u3000", "\u2002", " ", "  ", "\ue000", "\U0001f600", "⺠", "⼈", "兀"]
PINYIN = ["發(fā)", "展(zhǎn)", "?qū)", "?;?", "縣(x", "iàn)", "(zì)", "槠髽"]


def _pool(items: list[str]):
    return st.sampled_from(items)


def fragments():
    """One fragment: mostly real text, the rest from the hostile pools."""
    return st.one_of(
        st.sampled_from(seed_sentences()),
        st.sampled_from(seed_sentences()),
        st.sampled_from(traditional_sentences()),
        _pool(TAGS), _pool(MARKDOWN), _pool(TEMPLATES), _pool(PLACEHOLDERS), _pool(BRACKETS),
        _pool(NUMBERING), _pool(CHROME), _pool(TITLES), _pool(CONTROLS), _pool(PINYIN),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
    )


def _long_run():
    """A fragment repeated into a long line (the audit's megabyte lines, scaled down)."""
    return st.tuples(fragments(), st.integers(min_value=20, max_value=400)).map(lambda t: t[0] * t[1])


def lines():
    return st.lists(st.one_of(fragments(), fragments(), fragments(), _long_run()),
                    min_size=0, max_size=6).map("".join)


def hostile_texts(max_lines: int = 30):
    """A whole source text (str): a title-like first line, then lines."""
    return st.tuples(
        st.one_of(st.sampled_from(TITLES), lines()),
        st.lists(lines(), min_size=0, max_size=max_lines),
    ).map(lambda t: "\n".join([t[0], *t[1]]))


ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16"]


def hostile_sources():
    """(bytes, suffix): the text encoded as a .txt (in a Chinese encoding, the unencodable
    characters replaced) or wrapped into a saved web page."""
    def encode(args):
        text, codec, kind = args
        if kind == ".html":
            body = "".join(f"<p>{line}</p>" for line in text.split("\n")[1:])
            text = (f"<html><head><meta charset=\"{codec}\"><title>{text.split(chr(10))[0]}</title>"
                    f"</head><body><h1>{text.split(chr(10))[0]}</h1>{body}</body></html>")
        return text.encode(codec, errors="replace"), kind
    return st.tuples(hostile_texts(), st.sampled_from(ENCODINGS),
                     st.sampled_from([".txt", ".txt", ".txt", ".html"])).map(encode)
