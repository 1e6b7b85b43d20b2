"""The straightforward implementations that faster code replaced (character loops, difflib,
PyYAML), kept as oracles: tests check the fast versions give the same results."""

from __future__ import annotations

import difflib
import re
import unicodedata

from safety_month.importer.clean.punctuation import _CJKX_CHAR, _FULL
from safety_month.text import chinese
from safety_month.importer.model import RuleReport

_MARK_ONLY = re.compile(r"[,;!?:]")


def convert_marks(text: str, report: RuleReport | None) -> str:
    """clean.punctuation._convert_marks as first written (a loop over the marks), repeated
    until nothing changes (a mark beside one just converted is converted too)."""
    while True:
        new = _convert_marks_once(text, report)
        if new == text:
            return new
        text = new


def _convert_marks_once(text: str, report: RuleReport | None) -> str:
    out: list[str] = []
    last = 0
    n = len(text)
    for m in _MARK_ONLY.finditer(text):
        i = m.start()
        ch = m.group()
        if ch == ":" and text.startswith("//", i + 1):
            continue
        j = i - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        k = i + 1
        while k < n and text[k] in " \t":
            k += 1
        before_cjk = j >= 0 and _CJKX_CHAR.match(text[j]) is not None
        after_cjk = k < n and _CJKX_CHAR.match(text[k]) is not None
        if not (before_cjk or after_cjk):
            continue
        start = j + 1 if before_cjk else i      # spaces before the mark go with it
        out.append(text[last:start])
        out.append(_FULL[ch])
        if report is not None:
            report.add(text[start:i + 1].strip(), _FULL[ch])
        last = i + 1
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def squash(text: str) -> str:
    """structure.text.squash as first written."""
    return "".join(ch for ch in text if ch.isalnum())


_CJK = re.compile(f"[{chinese.CJK_CHARS}]")
_PLAUSIBLE = re.compile(f"[{chinese.PLAUSIBLE_CHARS}]")


def looks_chinese(text: str) -> bool:
    """text.chinese.looks_chinese as first written (a loop over the characters)."""
    if "\ufffd" in text or not _CJK.search(text):
        return False
    implausible = 0
    total = 0
    for ch in text:
        if ch.isspace():
            continue
        total += 1
        if _PLAUSIBLE.match(ch) or _CJK.match(ch):
            continue
        if unicodedata.category(ch) in ("Co", "Cn", "Cs"):
            return False
        implausible += 1
    return implausible <= chinese.MAX_IMPLAUSIBLE_SHARE * total


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def front_block(text: str) -> str | None:
    """pages.reader.front_block as one lazy regex."""
    match = _FRONT.match(text)
    return match.group(1) if match else None


def front_block_end(text: str) -> int:
    """contract.front_block_end with a multi-line regex over the text after "---\\n"."""
    if not text.startswith("---\n"):
        return 0
    m = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.M)
    return 4 + m.start() if m else 0


# clean.punctuation's mark conversion in passes (until nothing changes), with the placeholder
# rule, as written before the one-scan version: the oracle for it on short texts (its
# placeholder run can be cut in exponentially many ways, so only short runs are given to it).
def _passes_regexes():
    from safety_month.pages import redaction
    from safety_month.importer.clean.punctuation import _CJKX, _CONVERTIBLE, _CONVERTIBLE_CHARS
    from safety_month.text.guarded import compile_guarded

    after_redaction = compile_guarded(
        f"(?<=[{_CJKX}])((?:[ \\t]*(?:{redaction.PATTERN}))+)[ \\t]*({_CONVERTIBLE})")
    next_to_cjk = compile_guarded(
        f"(?<=[{_CJKX}])[ \\t]*({_CONVERTIBLE})|({_CONVERTIBLE})(?=[ \\t]*[{_CJKX}])")
    may_follow = re.compile(f"[{re.escape(redaction.LAST_CHARS)}][ \\t]*[{_CONVERTIBLE_CHARS}]")
    half_run = re.compile(f"[{_CONVERTIBLE_CHARS}][ \\t]*[{_CONVERTIBLE_CHARS}]")
    return after_redaction, next_to_cjk, may_follow, half_run, _CONVERTIBLE_CHARS


def convert_marks_in_passes(text: str, report: RuleReport | None) -> str:
    after_redaction, next_to_cjk, may_follow_re, half_run, chars = _passes_regexes()

    def full_mark(match):
        return _FULL[match.group(match.lastindex)]

    def redactions(text):
        def full(match):
            mark = _FULL[match.group(2)]
            if report is not None:
                report.add(match.group(2), mark)
            return match.group(1) + mark
        return after_redaction.sub(full, text)

    if not any(c in text for c in chars):
        return text
    may_follow = may_follow_re.search(text) is not None
    again = may_follow or half_run.search(text) is not None
    while True:
        before = text
        if may_follow:
            text = redactions(text)
        new, count = next_to_cjk.subn(full_mark, text)
        if report is not None and count:
            room = min(max(report.MAX_EXAMPLES - len(report.examples), 0), count)
            for match in list(next_to_cjk.finditer(text))[:room]:
                report.add(match.group(match.lastindex), full_mark(match))
            report.count += count - room
        if not again or new == before:
            return new
        text = new


def spot_groups(text: str) -> list[tuple[int, int]]:
    """clean.script's lost-spot groups as the regex found them before (it tries every token
    position: quadratic on a long run of letters; the oracle for short texts)."""
    from safety_month.importer.clean.base import CJK
    from safety_month.importer.clean.freq import rare_char_class
    from safety_month.importer.clean.script import _MARK, RARE_CHAR_MAX_FREQ

    rare = rare_char_class(RARE_CHAR_MAX_FREQ)
    token = f"(?:{_MARK.pattern}|{rare}|[A-WYZa-wyz])"
    bridge = f"[{CJK}](?={token}*{_MARK.pattern})"
    group = re.compile(f"{token}*{_MARK.pattern}(?:{token}|{bridge})*")
    return [m.span() for m in group.finditer(text)]


def convert_parens_in_passes(text: str, report: RuleReport | None) -> str:
    """clean.punctuation._convert_parens with its pair rule repeated until nothing changes
    (each pass converts the pairs that are innermost by then): the oracle for the one-scan
    handling of nested pairs."""
    from safety_month.importer.clean.punctuation import (
        _HAS_CJK,
        _LONE_CLOSE,
        _LONE_OPEN,
        _PAREN_PAIR,
        PAREN_PAIR_MAX,
    )

    def once(text):
        def pair(match):
            inner = match.group(1)
            start, end = match.span()
            prev = text[start - 1] if start else ""
            nxt = text[end] if end < len(text) else ""
            if _HAS_CJK.search(inner) or (len(inner) <= PAREN_PAIR_MAX and (
                    _HAS_CJK.match(prev or " ") or _HAS_CJK.match(nxt or " "))):
                if report is not None:
                    report.add(match.group()[:12], f"（{inner}）"[:12])
                return f"（{inner}）"
            return match.group()
        return _PAREN_PAIR.sub(pair, text)

    if "(" in text:
        while True:
            new = once(text)
            if new == text:
                break
            text = new
        text = _LONE_OPEN.sub(lambda m: (report.add("(", "（") if report else None) or "（", text)
    if ")" not in text:
        return text
    return _LONE_CLOSE.sub(lambda m: (report.add(")", "）") if report else None) or "）", text)
