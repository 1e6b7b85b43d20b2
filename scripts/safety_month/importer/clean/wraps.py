"""Rule "wraps": hard line wraps, spaces inside words, layout.

* Hard wraps: in a document that shows PDF-style wrapping (many lines of about the same
  length, see is_wrapped), a full-width line that does not end a sentence is joined with
  the next line when that one goes on with Chinese text (not a heading such as "一、"), or
  goes on with the letters or digits the line ended with ("红20⏎xx年" → "红20xx年").
* Open brackets: in any document, a line that leaves a bracket or quote open （ 〔 【 《 “ (
  is joined with the next line when that one closes it before opening another: a paragraph
  does not end inside a bracket, so the break is a wrap ("乡镇（街道⏎）、村居").
* Spaces inside words: one space between two Chinese characters is removed when the
  characters around it form a dictionary word (jieba), "安全生 产" → "安全生产", or when the
  line is letter-spaced ("安 全 生 产 月"). Other spaces stay: they separate parts of a
  title ("践行安全发展理念 坚守安全生产底线"), a name ("代区长 陆秋明"), or a heading from the
  text glued to it ("…的讲话 刚刚，"), which the structure stage needs.
* Layout: lines are stripped and blank lines dropped (one paragraph or heading per line).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..model import RuleReport
from .base import CJK, CJK_PUNCT, Context, Rule, RuleOutput

NAME = "wraps"

# Wrapped documents: at least WRAP_MIN_LINES lines, and WRAP_MIN_SHARE of them "full" (within
# FULL_SLACK characters of the typical full width). Speech paragraphs, one per line, vary a
# lot in length, so they never show this regularity; PDF copies do.
WRAP_MIN_LINES = 5
WRAP_MIN_SHARE = 0.4
FULL_SLACK = 3
# A width above this is not a page width (paragraph-per-line text).
WRAP_MAX_WIDTH = 80
# A word across the space needs at least this frequency in jieba's dictionary.
WORD_MIN_FREQ = 50
# A line with at least this many single characters between spaces is letter-spaced.
LETTER_SPACED_MIN = 4

_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十0-9]+[)）]|第[一二三四五六七八九十0-9]+[章节条部分篇]|[0-9]+[、.．]|[①-⑳])")
_CJK_START = re.compile(f"[{CJK}{CJK_PUNCT}]")
_ALNUM = re.compile("[A-Za-z0-9]")
_NO_JOIN_END = "。！？!?；;:：…”’」』）)"
_SPACE_IN_CJK = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")
_LETTER_SPACED = re.compile(f"(?:[{CJK}] ){{{LETTER_SPACED_MIN},}}[{CJK}]")
_STRIP = " \t\u3000\xa0\u2002\u2003"
# Brackets whose opening and closing forms differ, so depth can be counted.
_PAIRS = {"（": "）", "(": ")", "〔": "〕", "【": "】", "《": "》", "“": "”"}
_BRACKET_RE = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values())) + "]")



def _goes_on(before: str, line: str) -> bool:
    """`line` continues the text of a full wrapped line `before`."""
    return bool(_CJK_START.match(line) or (_ALNUM.match(line) and _ALNUM.match(before[-1])))


def _bracket_counts(text: str) -> dict[str, int]:
    """How often each bracket of _PAIRS occurs in text (openers and closers)."""
    found = _BRACKET_RE.findall(text)
    counts: dict[str, int] = {}
    for ch in found:
        counts[ch] = counts.get(ch, 0) + 1
    return counts


def _closes_open_bracket(before: str | dict[str, int], line: str) -> bool:
    """True when `before` ends with a bracket still open and `line` closes it first.
    `before` may be given by its _bracket_counts (a paragraph being joined line by line)."""
    if isinstance(before, str):
        for left, right in _PAIRS.items():
            if left not in before or before.count(left) <= before.count(right):
                continue
            close = line.find(right)
            if close >= 0 and (line.find(left) < 0 or close < line.find(left)):
                return True
        return False
    counts = before
    for left, right in _PAIRS.items():
        if counts.get(left, 0) <= counts.get(right, 0):
            continue
        close = line.find(right)
        if close >= 0 and (line.find(left) < 0 or close < line.find(left)):
            return True
    return False


def wrap_width(lines: list[str]) -> int | None:
    lengths = sorted(len(x) for x in lines if x)
    if len(lengths) < WRAP_MIN_LINES:
        return None
    width = lengths[int(len(lengths) * 0.8)]
    if width > WRAP_MAX_WIDTH or width < 10:
        return None
    # (lengths are sorted: the lines within FULL_SLACK of the width are one slice of them)
    full = bisect_right(lengths, width + FULL_SLACK) - bisect_left(lengths, width - FULL_SLACK)
    return width if full >= WRAP_MIN_SHARE * len(lengths) else None


def _space_in_word(line: str, pos: int) -> bool:
    from .freq import word_freq
    left = line[max(0, pos - 3):pos]
    right = line[pos + 1:pos + 4]
    for a in range(1, len(left) + 1):
        for b in range(1, len(right) + 1):
            if 2 <= a + b <= 4:
                word = left[-a:] + right[:b]
                if re.fullmatch(f"[{CJK}]+", word) and word_freq(word) >= WORD_MIN_FREQ:
                    return True
    return False


def apply(text: str, context: Context | None = None) -> RuleOutput:
    report = RuleReport(NAME)
    lines = _close_spaces([x.strip(_STRIP) for x in text.split("\n")], report)
    out, line_map = _join_wraps(lines, report)
    return RuleOutput("\n".join(out), report, [], line_map)


def _close_spaces(lines: list[str], report: RuleReport) -> list[str]:
    """The lines with the spaces inside words closed up (letter-spaced lines, a space
    splitting a dictionary word); other spaces stay (module docstring)."""
    for i, line in enumerate(lines):
        if " " not in line:
            continue
        if _LETTER_SPACED.search(line):
            new = _LETTER_SPACED.sub(lambda m: (report.add(m.group(), m.group().replace(" ", ""))
                                                or m.group().replace(" ", "")), line)
            lines[i] = line = new
        if _SPACE_IN_CJK.search(line):
            parts, last = [], 0
            for m in _SPACE_IN_CJK.finditer(line):
                if _space_in_word(line, m.start()):
                    parts.append(line[last:m.start()])
                    last = m.end()
                    report.add(line[max(0, m.start() - 3):m.start() + 4],
                               line[max(0, m.start() - 3):m.start()] + line[m.start() + 1:m.start() + 4])
            parts.append(line[last:])
            lines[i] = "".join(parts)
    return lines


def _join_wraps(lines: list[str], report: RuleReport) -> tuple[list[str], list[int]]:
    """Paragraphs of the stripped lines: hard-wrapped lines joined, blank lines dropped; and
    the line map (input line -> paragraph).

    A paragraph that lines are joined to is kept as pieces (joined once when
    the next paragraph starts) with its bracket counts kept up to date: appending to one
    ever longer string, and counting its brackets again for every line, cost the square of
    a long run of joined lines. A paragraph of one line is tested as before."""
    width = wrap_width(lines)
    out: list[str] = []
    pieces: list[str] = []           # the last paragraph of out, while lines are joined to it
    counts: dict[str, int] = {}      # _bracket_counts of that paragraph (when pieces)
    line_map: list[int] = []
    joining = False
    for line in lines:
        if not line:
            line_map.append(max(len(out) - 1, 0) if not out else len(out))
            joining = False
            continue
        last = pieces[-1] if pieces else out[-1] if out else ""
        # (the heading test last: most lines join nothing, and it is the dearer test)
        if out and ((joining and _goes_on(last, line))
                    or _closes_open_bracket(counts if pieces else out[-1], line)) \
                and not _HEADING_START.match(line):
            if not pieces:
                pieces = [out[-1]]
                counts = _bracket_counts(out[-1])
            tail = "".join(pieces[-4:])[-4:]
            report.add(tail + "⏎" + line[:4], tail + line[:4])
            pieces.append(line)
            for ch, n in _bracket_counts(line).items():
                counts[ch] = counts.get(ch, 0) + n
            line_map.append(len(out) - 1)
        else:
            if pieces:
                out[-1] = "".join(pieces)
                pieces = []
            out.append(line)
            line_map.append(len(out) - 1)
        joining = bool(width and len(line) >= width - FULL_SLACK and line[-1] not in _NO_JOIN_END)
    if pieces:
        out[-1] = "".join(pieces)
    top = max(len(out) - 1, 0)
    return out, [min(x, top) for x in line_map]


RULE = Rule(NAME, apply, changes="marks")
