"""Rule "title_repeat": the title printed two or three times at the start of the body,
glued ("乡镇…材料乡镇…材料同志们:") or on lines of its own.

The title is kept once, as the first line; text glued after it moves to the next line.
Compilation markers ("…材料汇编1") are not titles: a line is a title line only when the
whole line is the title.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import ReviewItem, RuleReport
from .base import CJK, Context, Rule, RuleOutput

NAME = "title_repeat"

_WORD = re.compile(f"[{CJK}A-Za-z0-9〔〕*]")
_YEAR = re.compile(r"^(?:19|20)\d{2}年(?:度)?")
# Only the first lines of the body are searched for a repeated title.
HEAD_LINES = 6
# A single title glued to the text after it is split off only when the title is at least
# this long (a short title such as "安全生产" begins many ordinary first sentences) and a
# space or a salutation follows it.
MIN_GLUED_TITLE = 8
_OPENER = re.compile(r"[ \t\u3000]|同志们|各位|尊敬的|大家")
_LEAD = re.compile(r"[\W_]*")
# What may stand between two characters of a title: punctuation and spaces, but never a
# character that can itself be a title character (〔, 〕 and * are both). Were they allowed,
# a title such as "a***b" against a line of a thousand '*' would backtrack through every way
# of sharing the stars between separators and literals (minutes; found by the hostile-input
# tests); disjoint, each character of the line is read once. Written with \w, not the Han
# ranges: a class of ranges costs re 8 ms to compile, and a regex is compiled per title (0.3 s
# per 300 documents, measured by scripts/devtools/bench_import.py); the title's literals are
# therefore only characters \w matches, or 〔 〕 * (see _is_literal).
_SEPARATOR = r"(?:[^\w〔〕*]|_)*"


# A title character that can be a literal of the pattern: a word character or 〔 〕 *, never
# one the separator could also take (unassigned code points of the CJK ranges are not \w).
def _is_literal(ch: str) -> bool:
    return ch.isalnum() or ch in "〔〕*"


# Title regexes are cached: sites and compilations repeat their titles across documents.
TITLE_REGEX_CACHE = 1024


@lru_cache(maxsize=TITLE_REGEX_CACHE)
def _title_regex(title: str) -> re.Pattern | None:
    chars = [c for c in _WORD.findall(_YEAR.sub("", title.strip())) if _is_literal(c)]
    if len(chars) < 4:
        return None
    body = _SEPARATOR.join(re.escape(c) for c in chars)
    return re.compile(rf"(?:(?:19|20)\d{{2}}年度?)?{body}[)）】」』”\"]?")


def _repetitions(rx: re.Pattern, line: str) -> tuple[int, int, int]:
    """(count, end of the first title, end of the last title) for titles at line start."""
    pos, count, first_end = 0, 0, 0
    while True:
        start = _LEAD.match(line, pos).end()
        m = rx.match(line, start)
        if not m:
            return count, first_end, pos
        count += 1
        if count == 1:
            first_end = m.end()
        pos = m.end()


def apply(text: str, context: Context | None = None) -> RuleOutput:
    """The rule (module docstring), for the title candidates of the context."""
    titles = context.titles if context is not None else ()
    report = RuleReport(NAME)
    review: list[ReviewItem] = []
    lines = text.split("\n")
    regexes = [rx for rx in (_title_regex(t) for t in list(titles)[:4]) if rx]
    if not regexes:
        return RuleOutput(text, report, review)
    nonempty = [i for i, line in enumerate(lines) if line.strip()][:HEAD_LINES]
    if not nonempty:
        return RuleOutput(text, report, review)

    # Which regex describes the first line best?
    first = nonempty[0]
    line = lines[first].strip()
    best = max(((rx, *_repetitions(rx, line)) for rx in regexes), key=lambda r: r[1])
    rx, count, first_end, last_end = best
    if count == 0:
        return RuleOutput(text, report, review)

    out = list(lines)
    drop: set[int] = set()
    rest = line[last_end:].strip()
    title_text = line[:first_end].strip()
    if rest and not re.fullmatch(r"[\W_]*", rest):
        if count >= 2 or (len(title_text) >= MIN_GLUED_TITLE and _OPENER.match(line, first_end)):
            out[first] = title_text + "\n" + rest
            for _ in range(count - 1):
                report.add(line[:last_end][:30], title_text[:30])
            if count == 1:
                report.add(line[:first_end + 4], f"{title_text} / {rest[:4]}")
    else:
        # The first line is a title line (perhaps repeated in itself); drop following title lines.
        keep_text = title_text
        for _ in range(count - 1):
            report.add(line[:40], title_text)
        for i in nonempty[1:]:
            other = lines[i].strip()
            c, f_end, l_end = _repetitions(rx, other)
            if c and re.fullmatch(r"[\W_]*", other[l_end:]):
                drop.add(i)
                report.add(other[:40], "")
                # keep the most complete spelling (more punctuation: "落实安全责任，推动安全发展")
                if len(other[:f_end]) > len(keep_text):
                    keep_text = other[:f_end].strip()
            else:
                break
        out[first] = keep_text
    if not report.count:
        return RuleOutput(text, report, review)
    new_text, line_map = _relined(out, drop)
    return RuleOutput(new_text, report, review, line_map)


def _relined(pieces: list[str], drop: set[int]) -> tuple[str, list[int]]:
    """The text of the pieces (one per input line, a split line holding a newline) without
    the dropped ones, and the line map (split lines add one, dropped lines vanish)."""
    new_lines: list[str] = []
    line_map: list[int] = []
    for i, piece in enumerate(pieces):
        if i in drop:
            line_map.append(max(len(new_lines) - 1, 0))
            continue
        line_map.append(len(new_lines))
        new_lines.extend(piece.split("\n"))
    return "\n".join(new_lines), line_map


def body_title(text: str, titles: list[str] = ()) -> str | None:
    """The first line of the text when the whole line is one of the titles (as the body
    spells it: often better than the page's copy, which may carry a stamped year)."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    for rx in (_title_regex(t) for t in list(titles)[:4]):
        if rx and (m := rx.match(first)) and re.fullmatch(r"[\W_]*", first[m.end():]):
            return first
    return None


RULE = Rule(NAME, apply)
