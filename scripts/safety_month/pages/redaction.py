"""What the importer marks as withheld or to be filled in (<span class="sm-redact">).

One pattern, used twice: the render stage wraps every match of REDACT_RE in a span, and the
punctuation rule reads a match as part of the Chinese text around it (the ":" of
"同志们___:" is Chinese punctuation). It is the importer's own list below plus every pattern
of the editors' placeholder check (data/check_placeholders.yml), so whatever that check
would call an unmarked placeholder is marked: an imported page never stops the strict build
on one. The importer's alternatives come first and win where both match at one place.
"""

from __future__ import annotations

from functools import lru_cache

from safety_month import tables
from safety_month.text.guarded import compile_guarded

_ROLE_AFTER_X = "同志|局长|县长|区长|市长|镇长|乡长|省长|书记|主任|部长|厅长|处长|科长|单位|公司|企业|集团|镇|乡|村|县|区|市|省|街道|社区|月|日|年|号|人|起|家|名|项|个"
IMPORTER_PATTERN = (
    r"〔\s*[*＊]\s*〕"                                           # 〔*〕
    r"|(?<![A-Za-z0-9])(?:19|20)(?:\d[xX]|[xX]{2})(?![A-Za-z0-9])"  # 201x, 20xx
    r"|(?<![A-Za-z])[XＸ×]{2,}(?![A-Za-z])"                       # XX, XXX
    rf"|(?<![A-Za-z0-9])[XＸ](?=(?:{_ROLE_AFTER_X}))"              # X同志, X县长, X月
    r"|…{2,}|\.{6,}"                                             # ……
    r"|_{2,}|＿{2,}"                                             # blanks
    r"|□+"                                                       # 缺字: lost in transcoding
)


@lru_cache(maxsize=1)
def check_rows() -> tuple[dict, ...]:
    """The rows of data/check_placeholders.yml: id, pattern, label."""
    return tuple(tables.load("check_placeholders.yml"))


# Every placeholder ends with one of these (tests/pages/test_redaction.py checks it on generated
# text): a mark can only follow a placeholder where one of them stands before it.
LAST_CHARS = "〕xXＸｘ×…._＿□"
PATTERN = "|".join([IMPORTER_PATTERN] + [f"(?:{row['pattern']})" for row in check_rows()])
# Compiled with a first-character guard (first_char, worked out from the pattern): most
# alternatives start with a look-behind, which would otherwise be tried at every position.
REDACT_RE = compile_guarded(PATTERN)
# The editors' check alone, for the second look in spans().
CHECK_RE = compile_guarded("|".join(f"(?:{row['pattern']})" for row in check_rows()))


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every placeholder of text to mark, in order, never overlapping.

    First the matches of REDACT_RE. The editors' check then reads the page with the marked
    ones blanked out, so a placeholder glued to another one can only show up there (the
    "xx" of "xx20xx" once "20xx" is marked): the check's patterns are run on that view until
    they find nothing new.
    """
    found = [m.span() for m in REDACT_RE.finditer(text)]
    while found:
        view = list(text)
        for start, end in found:
            view[start:end] = " " * (end - start)
        more = [m.span() for m in CHECK_RE.finditer("".join(view)) if m.end() > m.start()]
        if not more:
            break
        found = sorted(found + more)
    return found
