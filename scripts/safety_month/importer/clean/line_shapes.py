"""Line shapes the boilerplate rule labels (issue 16), apart from its widget, field and
stamp vocabulary: a line that names the site (used around the body only), a photo caption, a
file name with a viewer's page label, an advertisement written with emoji, a byline of
reporters' names (after the body only). Each looks at one stripped line; where it applies is
the rule's business. Data: data/clean_boilerplate.yml."""

from __future__ import annotations

import re

from .base import CJK, table

_T = table("boilerplate")
_SENTENCE = re.compile(r"[。！？!?]")

_EDGE_CONTACT = re.compile(_T["edge_contact"])
_EDGE_DOMAIN = re.compile(_T["edge_domain"], re.I)
_EDGE_SPONSOR = re.compile(_T["edge_sponsor"])
_EDGE_SITE = re.compile(f"[{CJK}A-Za-z0-9《》]{{1,12}}(?:"
                        + "|".join(map(re.escape, sorted(_T["edge_site_suffixes"], key=len, reverse=True)))
                        + ")")
EDGE_LINE_MAX = int(_T["edge_line_max"])
_CAPTION = re.compile(_T["caption_start"])
_FILE_LINE = re.compile(_T["file_line"], re.I)
EMOJI_MIN = int(_T["emoji_min"])
EMOJI_LINE_MAX = int(_T["emoji_line_max"])
# Pictographs: the emoji planes and the few dingbats ads use (✅✨❌❗➡⭐); not ★ or ⚠, which
# documents use as bullets and warning signs.
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2705\u2714\u2728\u274C\u274E\u2753-\u2755\u2757\u27A1\u2B50\u2B55]")
CAPTION_MAX = int(_T["caption_max"])
_BYLINE = re.compile(f"[{CJK}]{{2,3}}(?:[ \\t\u3000]+[{CJK}]{{2,3}})" + "{%d,%d}"
                     % (int(_T["byline_min_names"]) - 1, int(_T["byline_max_names"]) - 1))
# Bare page numbers ("3  4"), or a video's duration left where its player was ("02:24").
_PAGE_NUMBERS = re.compile(r"\d{1,3}(?:\s+\d{1,3})*|\d{1,2}:\d{2}(?::\d{2})?")


def is_site_line(text: str) -> bool:
    """A short head/tail line that names the site: its address, a contact to add, a sponsor,
    the site's name alone, or a row of bare page numbers or a video's duration."""
    if len(text) > EDGE_LINE_MAX or _SENTENCE.search(text):
        return False
    return bool(_EDGE_DOMAIN.search(text) or _EDGE_CONTACT.search(text)
                or _EDGE_SPONSOR.fullmatch(text) or _EDGE_SITE.fullmatch(text)
                or _PAGE_NUMBERS.fullmatch(text))



def shape_label(text: str) -> str | None:
    """caption, file or emoji for a line of that shape (wherever it stands), else None."""
    if len(text) <= CAPTION_MAX and text[0] in _CAPTION_FIRST and _CAPTION.match(text) and (
            not _SENTENCE.search(text[:-1])):
        return "caption"
    if len(text) <= 80 and "." in text and _FILE_LINE.match(text):
        return "file"
    if len(text) <= EMOJI_LINE_MAX and _EMOJI.search(text) and len(_EMOJI.findall(text)) >= EMOJI_MIN:
        return "emoji"
    return None


_CAPTION_FIRST = "（(图上下"


def is_byline(text: str) -> bool:
    """"刘峰 晓丹 安欣": a few names of two or three characters and nothing else."""
    return _BYLINE.fullmatch(text) is not None


# A table-of-contents entry: a heading, a dot leader and a page number ("一、指导思想……………1",
# "第一章 总则..........3"). The leader is layout, not a redaction or an ellipsis.
_TOC_ENTRY = re.compile(r"\S.{0,60}?(?:…{2,}|\.{4,}|·{4,}|．{3,}|-{4,}|。{3,}|_{4,})\s*\d{1,3}")
TOC_TITLE = ("目录", "目 录", "目　录")


def is_toc_entry(text: str) -> bool:
    return len(text) <= 80 and _TOC_ENTRY.fullmatch(text) is not None


# The review message of each label whose removal the rule lists for review (boilerplate.py):
# what was removed there is not a known line, so an editor checks it.
MESSAGES = {
    "foreign": "此段几乎全是外文（常见于网页附加的机器翻译），已删除，请核对原文",
    "linklist": "正文前一组带项目符号的短标题像网页的链接列表，已删除，请核对",
    "filler": "此段像范文网站的模板引言或结语（网站自称、“为您带来”“希望对您有帮助”等），已删除，请核对",
    "teaser": "正文前的摘要或导读重复了正文（或被截断），已删除，请核对",
    "reply": "此行像论坛帖子下的回复，已删除，请核对",
    "caption": "此行像图片说明（图片未保留），已删除，请核对",
    "byline": "文末一行人名像记者或作者署名，已删除，请核对",
    "emoji": "此行带多个表情符号，像网页广告，已删除，请核对",
    "toc": "此行像目录（标题、引导点和页码），已删除，请核对",
}
