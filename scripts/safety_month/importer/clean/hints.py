"""Facts read from the page around the speech before the chrome is removed: title
candidates (best first) and the source URL from a footer. A rule that changes nothing
(RULE: it records them in the context); final_titles() gives the titles as the result
names them, once every rule has run."""

from __future__ import annotations

import re

from safety_month.text.guarded import Guarded
from safety_month.text.han import HAN_COMMON
from . import punctuation, title_repeat
from .base import Context, Rule, RuleOutput, table
from .boilerplate import is_boilerplate

NAME = "hints"

_T = table("chrome")
_CHROME_STRONG = Guarded(_T["strong"])
_CHROME_EDGE = Guarded(_T["edge"])
_TITLE_TAGS = [re.compile(p) for p in _T["title_tags"]]
_NOTICE = re.compile(_T["notice_header"])

_LABELLED_TITLE = re.compile(r"^(?:本文标题|文章标题|标题)\s*[:：]\s*(.{2,100}?)\s*$")
_SHARED_TITLE = re.compile(r"《([^》]{2,80})》\s*由.{0,30}?(?:分享|整理|上传|提供)")
_BREADCRUMB = re.compile(r"^(?:当前位置|您(?:现在)?的位置)\s*[:：](.*)$")
_CRUMB_SPLIT = re.compile(r"\s*(?:>|》|»|›|＞|→|/)\s*")
_FILE_NAME = re.compile(r"^(.{2,80}?)\.(?:docx?|wps|pdf|txt)\s*$", re.I)

# Lines that name the page's address.
_URL_LABEL = re.compile(
    r"(?:本文标题|本文链接|链接地址|文章地址|原文地址|原文链接|本文地址|来源网址|文章链接|网址|出处)\s*[:：]\s*"
    r"(https?://[\w\-./?=&%#:~+@!,;]+)(?:\s+(\.[A-Za-z]{2,5})\b)?")

TITLE_MAX_LEN = 80   # a longer first line is a paragraph, not a title
# A breadcrumb line or a candidate longer than this is not a title: the longest a labelled
# title can be (_LABELLED_TITLE) is 100 characters. The bound also keeps the title patterns
# (_CRUMB_SPLIT, _TITLE_TAGS, which start with \s*) off long lines, where they would try a
# long run of spaces from each of its positions.
CANDIDATE_MAX_LEN = 100
BREADCRUMB_MAX_LEN = 200


# The red header of an official document ("某某县人民政府文件", "某安委办〔2021〕5号"): what
# issued it, not its title. Both stay in the text; neither is taken for the title.
_LETTERHEAD = re.compile(f"^[{HAN_COMMON}（）()·、\\s]{{2,30}}文件$")
_DOC_NUMBER = re.compile(f"^[{HAN_COMMON}]{{1,14}}" + r"\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号$")
# A title a layout broke after "关于…": the next line ends it with the document's kind.
_TITLE_START = re.compile(r"^关于\S{1,40}$")
_TITLE_END = re.compile(r"(?:通知|方案|意见|决定|通报|讲话|讲话稿|致辞|发言|主持词|总结|报告|计划|细则|办法|函|倡议书)$")
_BULLETED = re.compile(r"^[·•●▪◆◇■□►▶※]")


def ends_with_kind(line: str) -> bool:
    """Whether a line ends with a document's kind (…通知, …方案, …讲话)."""
    return _TITLE_END.search(line.strip()) is not None


def is_letterhead(line: str) -> bool:
    """A red-header line or a document number line (never a title)."""
    line = line.strip()
    return bool(_LETTERHEAD.match(line) or _DOC_NUMBER.match(line))


def split_title(line: str, following: str) -> str | None:
    """"关于组织开展" + "2009年全国“安全生产月”活动的通知": the title a layout broke in two,
    or None."""
    line, following = line.strip(), following.strip()
    if (_TITLE_START.match(line) and not _TITLE_END.search(line) and _TITLE_END.search(following)
            and len(line) + len(following) <= TITLE_MAX_LEN and "。" not in following):
        return line + following
    return None


def _is_token_list(line: str) -> bool:
    """"2023 县长 全县 安全生产 会议 讲话": a keyword list, not a title."""
    tokens = line.split()
    return len(tokens) >= 3 and all(len(t) <= 6 for t in tokens)


def _clean_title(title: str) -> str:
    title = title.strip()
    for tag in _TITLE_TAGS:
        title = tag.sub("", title)
    return title.strip()


def title_candidates(text: str) -> list[str]:
    """Titles named by the page, best first: 本文标题, 《…》由…分享, breadcrumb, file name,
    then the first line that is not chrome."""
    labelled: list[str] = []
    shared: list[str] = []
    crumbs: list[str] = []
    files: list[str] = []
    first: list[str] = []
    lines = [raw.strip() for raw in text.split("\n")]
    for i, line in enumerate(lines):
        if not line:
            continue
        if m := _LABELLED_TITLE.match(line):
            labelled.append(m.group(1))
        elif m := _SHARED_TITLE.search(line):
            shared.append(m.group(1))
        elif len(line) <= BREADCRUMB_MAX_LEN and (m := _BREADCRUMB.match(line)):
            parts = [p for p in _CRUMB_SPLIT.split(m.group(1)) if p.strip()]
            if parts and parts[-1].strip() not in ("首页", "正文"):
                crumbs.append(parts[-1])
        elif "." in line and (m := _FILE_NAME.match(line)):     # (a file name has its ".")
            files.append(m.group(1))
        elif not first and (joined := split_title(line, next((x for x in lines[i + 1:] if x), ""))):
            first.append(joined)
        elif (not first and len(line) <= TITLE_MAX_LEN and "。" not in line
              and not is_letterhead(line) and not _BULLETED.match(line)
              and not _CHROME_STRONG.fullmatch(line) and not _CHROME_EDGE.fullmatch(line)
              and not _NOTICE.fullmatch(line) and not line.endswith((":", "："))
              and not _is_token_list(line) and not is_boilerplate(line)):
            first.append(line)
    out: list[str] = []
    for cand in labelled + shared + crumbs + files + first:
        if len(cand) > CANDIDATE_MAX_LEN:
            continue
        cand = _clean_title(cand)
        if cand and cand not in out:
            out.append(cand)
    return out


def source_url(text: str) -> str | None:
    """The address given in a footer (本文标题/链接地址/文章地址 …), or None.

    Sites break the address when they print it ("1122669 .html"); the piece is joined back.
    """
    found = None
    if "http" not in text:          # every address the pattern takes starts with http(s)://
        return None
    for m in _URL_LABEL.finditer(text):
        found = m.group(1).rstrip(".,;") + (m.group(2) or "")
    return found


def apply(text: str, context: Context | None = None) -> RuleOutput:
    """Record the title candidates and the source URL in the context (text unchanged)."""
    context = context if context is not None else Context()
    context.titles = title_candidates(text)
    context.source_url = source_url(text) or context.source_url
    return RuleOutput(text, None, [])


def final_titles(text: str, titles: list[str]) -> list[str]:
    """The title candidates of the cleaned text: the body's own title line first (as the body
    spells it), punctuation normalized, each once."""
    out: list[str] = []
    found = title_repeat.body_title(text, titles)
    for t in ([found] if found else []) + titles:
        t = punctuation.normalize(t)
        if t and t not in out:
            out.append(t)
    return out


RULE = Rule(NAME, apply, changes="nothing")
