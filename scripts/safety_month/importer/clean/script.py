"""Rule "script": pinyin annotations, characters lost in transcoding, traditional → simplified.

1. In a pinyin-annotated document (see MIN_TONED_ANNOTATIONS) every "(pinyin)" goes.
2. Lost spots ("?" with half-eaten pinyin "?qū)", "?;?", lone letters and mojibake next to
   them) go to lost_chars.py first: a character the bytes, the pinyin and the dictionary
   determine is restored, any other becomes "□"; every spot is listed for review with its
   line. What lost_chars leaves (none in practice) is removed and listed as before.
3. A document detected as traditional (TRAD_MIN_CHARS, TRAD_MIN_RATIO) is converted with
   OpenCC t2s (the detection converts every text and counts what changed).
   In any other document, a lone toned annotation right after the one character it reads
   ("操(cāo)场": pypinyin gives 操 the reading cāo) goes too: a web copy's reading aid, never
   the speaker's words; an annotation that is no reading of its character stays.
4. Stray double commas ",," become one.
5. Look-alike characters (Kangxi radicals, radical supplement forms, compatibility
   ideographs, often from PDF copies: "⼈" for "人") become the ordinary character the
   editors' look-alike check names (text.lookalike, one table for both); one with no
   single ordinary character is kept and listed for review.
"""

from __future__ import annotations

import re

from ..model import ReviewItem, RuleReport
from . import lost_chars
from .base import CJK, Context, Rule, RuleOutput, col_of, excerpt, line_of, table
from .t2s import to_simplified

NAME = "script"
# Review items for characters lost in transcoding, restored ("已按拼音和字典推断补全，请核对")
# or marked □ ("请对照原件补全"): one rule id, the message tells which.
LOST_RULE = "script.lost_char"

_T = table("script")
_PY = _T["pinyin_letters"]
_TONE = _T["tone_letters"]
_KEEP = _T["keep_lone_letters"]
RARE_CHAR_MAX_FREQ = int(_T["rare_char_max_freq"])

# At least this many toned annotations "字(zì)" make a document pinyin-annotated: a real
# speech may cite one or two pinyin words, a converted one carries hundreds.
MIN_TONED_ANNOTATIONS = 5
# Traditional detection: OpenCC t2s must change at least TRAD_MIN_CHARS characters and at
# least TRAD_MIN_RATIO of the CJK characters. Simplified text hardly changes under t2s (a
# handful of variant characters), a traditional text changes 15–40 % of its characters.
TRAD_MIN_CHARS = 10
TRAD_MIN_RATIO = 0.05


_ANNOTATION = re.compile(f"\\([{_PY}]{{1,7}}\\)")
_TONED = re.compile(f"\\([{_PY}]*[{_TONE}][{_PY}]*\\)")
# A hard wrap (PDF copy) that fell inside an annotation: 縣(x⏎iàn) — the line break moves
# after it, so the annotation is whole and the wraps rule can still join the lines.
_SPLIT_ANNOTATION = re.compile(f"\\(([{_PY}]{{0,7}})\n([{_PY}]{{0,7}})\\)")
# A lost spot: "?" runs with half-eaten pinyin "?qū)" and stray ";" or lone letters between.
# (The repeat is possessive: the same matches, as every part after "\\?+" is optional, but a
# long run of "?" can no longer be split between \\?+ and [;:,.]?\\?+ in exponentially many
# ways when a caller asks for a match that must end elsewhere.)
_SPOT = re.compile(
    f"\\?+(?:[{_PY}]{{1,7}}\\)|[;:,.]?\\?+|(?<=\\))[A-Za-z](?=\\?))*+(?:[{_PY}]{{1,7}}\\))?"
)
_LONE_LETTER = re.compile(f"(?=[A-Za-z])(?<=[{CJK}])[A-Za-z](?=[{CJK}])")
_DOUBLE_COMMA = re.compile(r",,+|，，+")
_CJK_RUN_SPLIT = re.compile(f"[^{CJK}]+")
_CJK_CHAR = re.compile(f"[{CJK}]")
# The blocks text.lookalike looks at (a text without any of them is not handed to it). The
# supplement block lies beyond the BMP: scanned for only in a text that has such characters
# (a class with it makes every scan slower).
_LOOKALIKE_BMP = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")
_LOOKALIKE_ASTRAL = re.compile("[\U0002f800-\U0002fa1f]")
LOOKALIKE_RULE = "script.lookalike"
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"   # private-use brackets around a lost-spot index
_MARK = re.compile("\ue000(\\d+)\ue001")
_REPAIR_OPEN, _REPAIR_CLOSE = "\ue002", "\ue003"   # private-use brackets around a repaired run
_REPAIR = re.compile("\ue002([^\ue003]*)\ue003")


# Texts are compared in blocks of this many characters; only blocks that differ are
# compared character by character (t2s changes a handful of characters of simplified text).
_DIFF_BLOCK = 64


def count_changed(text: str, converted: str) -> int:
    """Positions where two equally long texts differ (= sum(map(str.__ne__, text, converted)))."""
    changed = 0
    for k in range(0, len(text), _DIFF_BLOCK):
        a, b = text[k:k + _DIFF_BLOCK], converted[k:k + _DIFF_BLOCK]
        if a != b:
            changed += sum(map(str.__ne__, a, b))
    return changed


def is_traditional(text: str) -> tuple[bool, str]:
    """(detected, converted text)."""
    converted = to_simplified(text)
    if converted == text:
        return False, text
    if len(converted) != len(text):
        changed = abs(len(converted) - len(text)) + TRAD_MIN_CHARS
    else:
        changed = count_changed(text, converted)
    if changed < TRAD_MIN_CHARS:
        return False, converted
    cjk = len(_CJK_RUN_SPLIT.sub("", text)) or 1
    return changed >= TRAD_MIN_CHARS and changed / cjk >= TRAD_MIN_RATIO, converted


def _rejoin_annotation(match: re.Match) -> str:
    letters = match.group(1) + match.group(2)
    return f"({letters})\n" if letters else match.group()


def is_pinyin_annotated(text: str) -> bool:
    return len(_TONED.findall(text)) >= MIN_TONED_ANNOTATIONS


def _has_astral(text: str) -> bool:
    """Characters beyond the BMP, told by the UTF-16 length (one encode is several times
    faster than a regex scan for them; a lone surrogate is two bytes, not astral)."""
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


def apply(text: str, context: Context | None = None) -> RuleOutput:
    """The rule (module docstring); context.traditional tells whether the text was converted."""
    context = context if context is not None else Context()
    report = RuleReport(NAME)
    review: list[ReviewItem] = []
    lost: list[str] = []
    repairs: list[lost_chars.Repair] = []

    if "(" in text and "\n" in text:
        text = _SPLIT_ANNOTATION.sub(_rejoin_annotation, text)
    annotated = is_pinyin_annotated(text)
    if annotated:
        # The private-use marks below must not already be in the text (they never are
        # speech text).
        for mark in (_MARK_OPEN, _MARK_CLOSE, _REPAIR_OPEN, _REPAIR_CLOSE):
            text = text.replace(mark, "")
        text, repairs = lost_chars.repair(text, (_REPAIR_OPEN, _REPAIR_CLOSE))
        for r in repairs:
            report.add(_ANNOTATION.sub("", r.before), r.after)
        def drop_annotation(match: re.Match) -> str:
            report.add(match.group(), "")
            return ""
        # Lost spots first: their half-eaten pinyin must not be taken for annotations.
        def mark(match: re.Match) -> str:
            if match.group() in _KEEP:
                return match.group()
            lost.append(match.group())
            return f"{_MARK_OPEN}{len(lost) - 1}{_MARK_CLOSE}"
        text = _SPOT.sub(mark, text)
        text = _ANNOTATION.sub(drop_annotation, text)
        text = _LONE_LETTER.sub(mark, text)

    elif "(" in text or "（" in text:
        text = _drop_lone_readings(text, report)

    traditional, converted = is_traditional(text)
    # A pinyin-annotated text came out of a simplified → traditional converter: it is
    # traditional however short it is.
    traditional = traditional or (annotated and converted != text)
    if traditional:
        changed = count_changed(text, converted) if len(text) == len(converted) else 1
        report.count += changed
        if len(report.examples) < report.MAX_EXAMPLES:
            report.examples.append(f"繁体 → 简体（{changed} 字）")
        text = converted
    elif converted != text:
        text = _simplify_furniture(text, converted, report)

    if ",," in text or "，，" in text:          # every match holds one of these
        text = _DOUBLE_COMMA.sub(lambda m: report.add(m.group(), m.group()[0]) or m.group()[0], text)

    if _LOOKALIKE_BMP.search(text) or (_has_astral(text) and _LOOKALIKE_ASTRAL.search(text)):
        text = _ordinary_characters(text, report, review)

    if lost:
        text = _resolve_spots(text, lost, review, report)
    if repairs:
        text = _list_repairs(text, repairs, review)
    context.traditional = traditional
    return RuleOutput(text, report, review)


# A line of site furniture is at most this long (chrome.EDGE_MAX_LEN allows long footers).
FURNITURE_MAX_LEN = 120


def _simplify_furniture(text: str, converted: str, report: RuleReport) -> str:
    """A simplified text whose breadcrumb or footer the site left in traditional script
    ("當前位置：首頁 > 講話稿", "版權所有"): those lines, and only those, are converted so
    that the furniture rules after this one recognise them. A line is converted when its
    simplified form is furniture (chrome.is_chrome, boilerplate.is_boilerplate); the
    text's own traditional words (a name, a quotation) stay as they are."""
    from . import boilerplate, chrome

    lines, simple = text.split("\n"), converted.split("\n")
    if len(lines) != len(simple):
        return text
    changed = 0
    for i, (old, new) in enumerate(zip(lines, simple)):
        if old != new and len(new.strip()) <= FURNITURE_MAX_LEN and (
                chrome.is_chrome(new.strip()) or boilerplate.is_boilerplate(new)):
            lines[i] = new
            changed += 1
    if not changed:
        return text
    report.count += changed
    if len(report.examples) < report.MAX_EXAMPLES:
        report.examples.append(f"网页附加文字繁体 → 简体（{changed} 行）")
    return "\n".join(lines)


_LONE_READING = re.compile(f"(?<=[{CJK}])[(（]([{_PY}]*[{_TONE}][{_PY}]*)[)）]")


def _drop_lone_readings(text: str, report: RuleReport) -> str:
    """Rule 1's second half (module docstring): "字(zì)" where zì is a reading of 字."""
    from .gbk import readings

    def drop(m: re.Match) -> str:
        ch = text[m.start() - 1]
        if m.group(1).lower() not in readings(ch):
            return m.group()
        report.add(ch + m.group(), ch)
        return ""
    return _LONE_READING.sub(drop, text)


def _list_repairs(text: str, repairs: list[lost_chars.Repair], review: list[ReviewItem]) -> str:
    """Drop the brackets around repaired runs; list each run for review at its place."""
    out: list[str] = []
    places: list[int] = []
    last = length = 0
    for match in _REPAIR.finditer(text):
        out.append(text[last:match.start()])
        length += match.start() - last
        places.append(length)
        out.append(match.group(1))
        length += len(match.group(1))
        last = match.end()
    out.append(text[last:])
    text = "".join(out)
    for pos, r in zip(places, repairs):
        # The residue as shown: whole "(pinyin)" annotations are dropped like everywhere else.
        shown = _ANNOTATION.sub("", r.before)
        if r.unknown == 0:
            message = (f"转码时此处丢失了字，已按拼音和字典推断补全，请核对"
                       f"（原文残留“{shown}”，补为“{r.after}”）")
        else:
            done = "部分已按拼音和字典推断补全，请核对；" if r.restored else ""
            message = (f"转码时此处丢失了字（原文残留“{shown}”），{done}无法可靠推断的字"
                       f"标为“{lost_chars.LOST_MARK}”（字数以原件为准），请对照原件补全")
        review.append(ReviewItem(LOST_RULE, line_of(text, pos), message,
                                 excerpt(text, pos, pos + len(r.after)), col=col_of(text, pos)))
    return text


def spot_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of each group of _resolve_spots (see there), in order."""
    from .freq import rare_char_class

    rare = rare_char_class(RARE_CHAR_MAX_FREQ)
    groups: list[tuple[int, int]] = []
    for run in re.finditer(f"(?:{_MARK.pattern}|{rare}|[A-WYZa-wyz])++", text):
        if _MARK_OPEN not in run.group():
            continue
        start, end = run.span()
        if groups and groups[-1][1] + 1 == start and _CJK_CHAR.match(text, groups[-1][1]):
            groups[-1] = (groups[-1][0], end)          # bridged by one character
        else:
            groups.append((start, end))
    return groups


def _resolve_spots(text: str, lost: list[str], review: list[ReviewItem],
                   report: RuleReport) -> str:
    """Merge neighbouring marks with the mojibake between and around them (rare characters,
    lone letters), remove each group, list it for review at its place.

    A group is what {token}*{mark}(?:{token}|{bridge})* matches, token = a mark, a rare
    character or a lone letter, bridge = one ordinary character squeezed between two marks
    (燃?xì)獍踩M: 安全進): a maximal run of tokens holding a mark, then, as long as a single
    Chinese character is followed by another run holding a mark, that character and the run.
    Found from the runs (one scan), not by that regex, which tries every token position and
    scans a long run of letters from each."""
    groups = spot_groups(text)
    out: list[str] = []
    spots: list[tuple[int, str]] = []
    last = 0
    length = 0
    for start, end in groups:
        out.append(text[last:start])
        length += start - last
        shown = _MARK.sub(lambda m: lost[int(m.group(1))] if int(m.group(1)) < len(lost) else "",
                          text[start:end])
        spots.append((length, shown))
        last = end
    out.append(text[last:])
    text = "".join(out)
    for pos, shown in spots:
        report.add(shown, "")
        review.append(ReviewItem(
            "script.lost_char", line_of(text, pos),
            f"转码时此处丢失了字（原文残留“{shown}”，已删除），请对照原件补全",
            excerpt(text, pos), col=col_of(text, pos)))
    return text


def _ordinary_characters(text: str, report: RuleReport, review: list[ReviewItem]) -> str:
    """Look-alikes replaced by their ordinary characters (see the module docstring)."""
    from safety_month.text import lookalike

    out: list[str] = []
    last = 0
    for i, ch, normal, block in lookalike.find(text):
        if normal and len(normal) == 1:
            out.append(text[last:i])
            out.append(normal)
            last = i + 1
            report.add(ch, normal)
        else:
            review.append(ReviewItem(LOOKALIKE_RULE, line_of(text, i),
                                     f"“{ch}”（U+{ord(ch):04X}）是{block}字符，只是长得像某个常用汉字，"
                                     "请改为对应的常用汉字", excerpt(text, i, i + 1), col=col_of(text, i)))
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


RULE = Rule(NAME, apply)
