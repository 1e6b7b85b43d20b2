"""Title, speaker, role, org, level, occasion and date from the head of a speech.

Only what the text says: a speaker line ("金坛区代区长 陆秋明"), a title naming a role and an
occasion ("县长在全县安全生产会议上的讲话" -> role 县长, level 县, occasion 全县安全生产会议),
a subtitle ("——在…上的讲话"), a date line ("（2021年6月1日）"). A name is never invented.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from safety_month.text.han import HAN_COMMON
from ..clean.hints import ends_with_kind, is_letterhead, split_title
from ..model import ReviewItem
from .text import SENTENCE_END, Line, piece_of, squash, table

HEAD_LINES = 6          # the head (title, speaker, date lines) is within the first lines
MAX_TITLE = 60
_PREFIX_RE = re.compile(r"^\s*(?:本文标题[:：]\s*)?(?:[（(【\[]\s*(?:参考|范文|精选|推荐|原创|word版|可编辑)\s*[)）】\]]\s*)+", re.I)
# A file suffix at the end (spaces around it go too). Looked for at the end only: as a
# pattern \s*\.(…)\s*$ searched through the text it tried a long run of spaces from every
# position of it (100,000 spaces in a title line took 25 s).
_SUFFIX_END_RE = re.compile(r"\.(?:docx?|wps|pdf|txt|html?)$", re.I)
_COLUMN_TAG_RE = re.compile(r"^[【\[]\s*[^】\]\s]{1,6}\s*[】\]]\s*")
_YEAR_STAMP_RE = re.compile(r"^((?:19|20)\d{2})\s*年?\s*(?=\S)")
_ONLY_YEAR_RE = re.compile(r"^\s*(?:19|20)\d{2}\s*年?\s*(?:度)?\s*$")
_DATE_RE = re.compile(r"^[（(]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[)）]?$")
_SPEECH_WORDS = r"(?:讲话|发言|致辞|报告|主持词|讲话稿|讲稿|发言稿|总结讲话|动员讲话|表态发言)"
_OCCASION_RE = re.compile(rf"在(?P<occ>[^，。；！？,;]{{2,50}}?)上的(?:总结|动员|表态|主旨|即席)?{_SPEECH_WORDS}")
_GLUED_TITLE_RE = re.compile(rf"^(\S{{4,{MAX_TITLE}}}?(?:{_SPEECH_WORDS}|讲话材料|发言材料))\s+(\S.*)$")
_DOUBLED_TITLE_RE = re.compile(r"^([^\s。，！？]{4,30}?)\s+\1\s+(\S.*)$")
_SPACES = re.compile(r"\s*")     # \s is str.isspace(): what str.lstrip() removes
# A line that starts with a bullet is an item of a list of links, never the title.
_BULLETS = tuple("·•●▪◆◇■□►▶※")
_NAME_STOP = set("的在上讲话会议同志们和与及对关于年月日")


@dataclass
class Head:
    title: str | None = None
    title_from_text: bool = False
    speaker: str | None = None
    role: str | None = None
    org: str | None = None
    level: str | None = None
    occasion: str | None = None
    date: str | None = None
    date_text: str | None = None
    body: list[Line] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    stamped_titles: list[str] = field(default_factory=list)   # candidates with a year stamp


def _real_date(y: int, mo: int, d: int) -> bool:
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return False
    return True


def normalize_title(text: str | None) -> str | None:
    """Title without "(参考)" prefixes, file suffixes, quotes around it; None if not a title."""
    if not text:
        return None
    t = _drop_suffix(_PREFIX_RE.sub("", text.strip()))
    # A site's column tag in front ("【安全生产】市三院组织开展消防安全演练活动").
    tagged = _COLUMN_TAG_RE.match(t)
    if tagged and len(squash(t[tagged.end():])) >= 6:
        t = t[tagged.end():]
    t = t.strip().strip("《》\"'“”").strip()
    t = re.sub(r"\s+", " ", t)
    if not t or _ONLY_YEAR_RE.match(t) or len(squash(t)) < 4 or _is_keyword_list(t):
        return None
    return t


def _drop_suffix(text: str) -> str:
    r"""text without a file suffix at its end and the spaces around it: what
    re.sub(r"\s*\.(?:docx?|wps|pdf|txt|html?)\s*$", "", text, flags=re.I) gives."""
    end = text.rstrip()
    found = _SUFFIX_END_RE.search(end, max(0, len(end) - 5))
    if found is None:
        return text
    return end[:found.start()].rstrip()


def _is_keyword_list(t: str) -> bool:
    """"2023 县长 全县 安全生产 会议 讲话": short words separated by spaces."""
    words = t.split()
    return len(words) >= 4 and all(len(w) <= 4 for w in words)


def without_year_stamp(title: str) -> str:
    return _YEAR_STAMP_RE.sub("", title, count=1).strip()


@lru_cache(maxsize=1)
def _roles() -> tuple[list[tuple[str, str | None]], list[tuple[str, str]]]:
    data = table("roles")
    roles = sorted(((r["role"], r.get("level")) for r in data["roles"]), key=lambda r: -len(r[0]))
    levels = [(x["word"], x["level"]) for x in data["levels"]]
    return roles, levels


@lru_cache(maxsize=1)
def _speaker_re() -> re.Pattern:
    alt = "|".join(re.escape(r) for r, _ in _roles()[0])
    return re.compile(
        rf"^(?:——|—|－|-)?\s*(?P<org>[{HAN_COMMON}]{{0,20}}?)\s*(?P<role>{alt})\s*"
        rf"(?P<name>[{HAN_COMMON}·]{{2,4}}?)\s*(?:同志)?\s*$")


def level_of(org: str | None, role: str | None) -> str | None:
    roles, levels = _roles()
    main = role.rsplit("、", 1)[-1] if role else role       # "区委副书记、区长": 区长
    for r, lv in roles:
        if main == r and lv:
            return lv
    if not org:
        return None
    best, where = None, -1
    for word, lv in levels:
        pos = org.rfind(word)
        if pos > where:
            best, where = lv, pos
    return best


def parse_speaker_line(text: str) -> tuple[str | None, str, str] | None:
    """(org, role, name) of a line like "金坛区代区长 陆秋明"; None when it is not one."""
    t = text.strip()
    if len(t) > 30:
        return None
    front, sep, last = t.rpartition("、")
    m = _speaker_re().match(last if sep else t)
    if not m or set(m.group("name")) & _NAME_STOP:
        return None
    if sep:
        # "区委副书记、区长 李明华": every earlier title is a role word with its body before it;
        # the role is written as the line has it, the level comes from the last one.
        if not all(_FRONT_ROLE.fullmatch(part) for part in front.split("、")):
            return None
        return None, f"{front}、{(m.group('org') or '')}{m.group('role')}", m.group("name")
    return (m.group("org") or None), m.group("role"), m.group("name")


# One earlier title of a compound speaker line: a body (区委, 县政府) and a role word.
_FRONT_ROLE = re.compile(rf"[{HAN_COMMON}]{{0,12}}(?:书记|副书记|常委|委员|主任|副主任|部长|党组书记|"
                         rf"党组成员|主席|副主席|省长|市长|区长|县长|镇长|乡长|局长|厅长)")


def role_from_title(title: str) -> tuple[str | None, str | None, str | None]:
    """(org, role, speaker) from "…县长在…上的讲话" / "张三同志在…上的讲话"."""
    m = re.match(rf"^(?P<who>[^在]{{1,30}}?)在.+?上的(?:总结|动员|表态|主旨)?{_SPEECH_WORDS}", title)
    if not m:
        return None, None, None
    who = without_year_stamp(m.group("who").strip())
    if who.endswith("同志") and 2 <= len(who) - 2 <= 4 and not set(who[:-2]) & _NAME_STOP:
        return None, None, who[:-2]
    for role, _ in _roles()[0]:
        if who.endswith(role):
            org = who[: -len(role)].strip() or None
            if org and (set(org) & _NAME_STOP):
                org = None
            return org, role, None
    sp = parse_speaker_line(who)
    if sp:
        return sp
    return None, None, None


def occasion_of(text: str) -> str | None:
    m = _OCCASION_RE.search(text)
    return m.group("occ").strip() if m else None


def _is_title_like(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > MAX_TITLE or t.startswith(("同志们", *_BULLETS)) or t.endswith(("：", ":")):
        return False
    return not any(ch in SENTENCE_END for ch in t[:-1]) and t[-1] not in "。，,；;"


def _strip_title_prefix(text: str, titles: list[str]) -> tuple[str, str | None]:
    """Remove (repeated) copies of a title glued at the start of a body line."""
    for title in titles:
        if title and text.startswith(title) and len(text) > len(title):
            # (by position: cutting a copy per repetition cost the square of a long line of
            # copies)
            pos = 0
            while text.startswith(title, pos):
                pos = _SPACES.match(text, pos + len(title)).end()
            return text[pos:], title
    return text, None


def read_head(lines: list[Line], candidates: list[str], fallback_title: str | None = None) -> Head:
    """Take title/speaker/subtitle/date lines off the head of a speech; the rest is the body."""
    head = Head()
    norm = _title_spellings(candidates, head)
    # Longest first so that the fullest spelling is stripped from a glued line.
    by_len = sorted(norm, key=len, reverse=True)
    sq = {squash(n): n for n in norm}
    body_start = 0
    letterhead: list[Line] = []      # red-header lines before the title: they stay in the body
    i = 0
    while i < min(len(lines), HEAD_LINES):
        t = lines[i].text.strip()
        s = squash(t)
        joined = split_title(t, lines[i + 1].text) if i + 1 < len(lines) else None
        if head.title is None and i == body_start and is_letterhead(t):
            letterhead.append(lines[i])
            body_start = i + 1
        elif head.title is None and i == body_start and joined and normalize_title(joined):
            head.title, head.title_from_text = normalize_title(joined), True
            body_start = i + 2
            i += 1
        elif s and s in sq and head.title is None:
            head.title, head.title_from_text = normalize_title(t) or sq[s], True
            body_start = i + 1
        elif (sp := parse_speaker_line(t)) and head.speaker is None:
            head.org, head.role, head.speaker = sp
            body_start = i + 1
        elif (dm := _DATE_RE.match(t)) and head.date is None:
            y, mo, d = (int(x) for x in dm.groups())
            if _real_date(y, mo, d):
                head.date, head.date_text = f"{y:04d}-{mo:02d}-{d:02d}", t
                body_start = i + 1
        elif t.lstrip("—－- ").startswith("在") and occasion_of(t) and len(t) <= MAX_TITLE:
            head.occasion = occasion_of(t)
            body_start = i + 1
        elif _is_keyword_list(t) and norm and all(w in " ".join(norm) for w in t.split()):
            body_start = i + 1
        elif head.title is None and i == body_start and _is_title_like(t) and (
                i + 1 < len(lines)) and normalize_title(t):
            head.title, head.title_from_text = normalize_title(t), True
            body_start = i + 1
        elif head.title is None and i == body_start and (g := _glued_title(t)):
            head.title, head.title_from_text = g[0], True
            lines = lines[:i] + [piece_of(lines[i], g[1])] + lines[i + 1:]
            body_start = i
            break
        else:
            rest, found = _strip_title_prefix(t, by_len)
            if found and head.title is None:
                head.title, head.title_from_text = found, True
                lines = lines[:i] + [piece_of(lines[i], rest)] + lines[i + 1:]
                body_start = i
            break
        i += 1
    head.body = (letterhead if head.title is not None else []) + list(lines[body_start:])
    _finish(head, by_len, norm[0] if norm else fallback_title)
    return head


def _finish(head: Head, by_len: list[str], fallback_title: str | None) -> None:
    """After the head lines: the document's own heading over the site's label, the title's
    run-on copies off the first body line, what the title tells."""
    _prefer_document_title(head)
    if head.body and head.title:
        rest, found = _strip_title_prefix(head.body[0].text.strip(), [head.title] + by_len)
        if found:
            head.body[0] = piece_of(head.body[0], rest)
    _complete_from_title(head, fallback_title)


def _glued_title(text: str) -> tuple[str, str] | None:
    """(title, rest of the line) of a line that starts with its title: printed twice by a
    run-on page ("用知识守护生命 用知识守护生命 孩子们，…"), or glued to the body by a space
    ("县长在全县安全生产会议上的讲话 刚刚，X同志通报了…")."""
    g = _DOUBLED_TITLE_RE.match(text)
    if g and normalize_title(g.group(1)):
        return normalize_title(g.group(1)), g.group(2)
    g = _GLUED_TITLE_RE.match(text)
    return (normalize_title(g.group(1)), g.group(2)) if g else None


# How much of the site's title a document's own heading must hold (by characters).
OWN_TITLE_COVER = 0.8


def _prefer_document_title(head: Head) -> None:
    """A site's label for the page ("安全生产万里行活动") followed by the document's own
    heading ("2003年“安全生产万里行”活动总体方案"): the heading, which names the document's
    kind and holds the label's characters, is the title; it leaves the body."""
    if not head.title or not head.body:
        return
    line = head.body[0].text.strip()
    own, label = squash(line), squash(head.title)
    if (own == label or not _is_title_like(line) or not ends_with_kind(line) or not label
            or len(own) <= len(label) or len(head.body) < 2):
        return
    if sum(c in own for c in label) / len(label) >= OWN_TITLE_COVER and normalize_title(line):
        head.title = normalize_title(line)
        head.body = head.body[1:]


def _title_spellings(candidates: list[str], head: Head) -> list[str]:
    """The candidates' normalized spellings, each once, and each year-stamped one also
    without its stamp (recorded in head.stamped_titles)."""
    norm = []
    for c in candidates:
        n = normalize_title(c)
        if n and n not in norm:
            norm.append(n)
    for n in list(norm):
        if _YEAR_STAMP_RE.match(n):
            head.stamped_titles.append(n)
            bare = without_year_stamp(n)
            if normalize_title(bare) and bare not in norm:
                norm.append(bare)
    return norm


def _complete_from_title(head: Head, fallback_title: str | None) -> None:
    """What the head lines did not give, from the title: the title itself (the best
    candidate, else a placeholder with a review item), role, speaker, occasion; the level."""
    if head.title is None:
        head.title = fallback_title
    if head.title is None:
        head.title = "讲话（标题缺失）"
        head.review.append(ReviewItem("structure.no_title", 0, "未能识别讲话标题，请补写标题", ""))
    # Role, occasion from the title when the text has no speaker line.
    org, role, speaker = role_from_title(head.title)
    if head.role is None and role:
        head.role, head.org = role, head.org or org
    if head.speaker is None and speaker:
        head.speaker = speaker
    if head.occasion is None:
        head.occasion = occasion_of(head.title)
    head.level = level_of(head.org, head.role)
