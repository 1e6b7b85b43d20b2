"""Feature tests the boilerplate rule uses for lines that are sentences, not furniture
fragments (issue 16): a 范文 site's template intro or outro, a teaser that repeats the
article before it starts, and the replies under a forum post.

They are kept apart from boilerplate.py's short-line labels because they judge long
sentence-like lines, and such a line is removed only on combined evidence (two kinds of
feature, or a repeat of text further down). Every removal made on these labels is listed
for review by the rule: none of them is a known line."""

from __future__ import annotations

import re

from .base import table

_T = table("boilerplate")
_F = _T["filler"]
_KINDS = {kind: re.compile(_F[kind]) for kind in ("voice", "offer", "wish", "label")}
FILLER_HEAD_LINES = int(_F["head_lines"])
FILLER_TAIL_LINES = int(_F["tail_lines"])
FILLER_MAX_LEN = int(_F["max_len"])
_TEASER = re.compile(r"^(?:" + "|".join(map(re.escape, sorted(_T["teaser_labels"], key=len, reverse=True)))
                     + r")\s*[:：。]\s*(?P<text>\S.*)$")
TEASER_PROBE = int(_T["teaser_probe"])
_ELLIPSIS_END = re.compile(r"(?:…+|\.{3,})\s*$")
# A reply under a forum post: a short line (at most this long) right after a posted stamp.
REPLY_MAX_LEN = 40
_SPACE = re.compile(r"\s+")


def filler_kinds(line: str) -> set[str]:
    """The kinds of template feature (voice, offer, wish, label) a line shows."""
    if len(line) > FILLER_MAX_LEN:
        return set()
    return {kind for kind, pattern in _KINDS.items() if pattern.search(line)}


def is_filler(line: str) -> bool:
    """A template intro/outro: the site's voice and one more kind of feature, an offer and
    a wish, or an offer or a wish and a collection label (data/clean_boilerplate.yml)."""
    kinds = filler_kinds(line)
    if "voice" in kinds:
        return len(kinds) >= 2
    return {"offer", "wish"} <= kinds or (bool(kinds & {"offer", "wish"}) and "label" in kinds)


_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」』)]*|$)")
# A template intro is in the first sentences of its line, an outro in the last ones.
FILLER_SENTENCES = 4
TRIM_SENTENCES = 2


def _sentences(line: str) -> list[str]:
    return [s for s in _SENTENCE.findall(line) if s]


def filler_cut(line: str, at_head: bool) -> tuple[int, int] | None:
    """The span (start, end) of a template intro at the start of a line (at_head) or an
    outro at its end: the sentences up to the last (from the first) one with the site's
    voice, an offer or a wish, when the span is a template (is_filler). A run-on page puts
    the intro and the speech on one line: only the intro's sentences go."""
    if len(line) > 20 * FILLER_MAX_LEN or not any(
            _KINDS[kind].search(line) for kind in ("voice", "offer", "wish")):
        return None
    parts = _sentences(line)
    if not parts:
        return None
    ends = [0]
    for part in parts:
        ends.append(ends[-1] + len(part))
    window = range(min(FILLER_SENTENCES, len(parts))) if at_head else range(
        max(0, len(parts) - FILLER_SENTENCES), len(parts))
    hits = [k for k in window if filler_kinds(parts[k]) & {"voice", "offer", "wish"}]
    if not hits:
        return None
    start, end = (0, ends[hits[-1] + 1]) if at_head else (ends[hits[0]], len(line))
    if not is_filler(line[start:end]):
        return None
    whole = start == 0 and end >= len(line.rstrip())
    # Part of a line goes only when it is at most TRIM_SENTENCES sentences at the line's edge
    # and its own last (first) sentence is a template by itself: text that shares a line
    # with the speech needs that much more evidence.
    edge = hits[-1] if at_head else hits[0]
    span = hits[-1] + 1 if at_head else len(parts) - hits[0]
    if not whole and (span > TRIM_SENTENCES or not is_filler(parts[edge])):
        return None
    return start, end


def filler_cuts(lines: list[str]) -> dict[int, tuple[int, int]]:
    """Template intro/outro spans among the first FILLER_HEAD_LINES and the last
    FILLER_TAIL_LINES non-blank lines (stripped lines): line index -> (start, end)."""
    filled = [i for i, line in enumerate(lines) if line]
    out = {}
    for rank, i in enumerate(filled):
        head = rank < FILLER_HEAD_LINES
        if not head and rank < len(filled) - FILLER_TAIL_LINES:
            continue
        cut = filler_cut(lines[i], head)
        if cut is not None:
            out[i] = cut
    return out


def teaser_lines(lines: list[str], head_end: int) -> list[int]:
    """Indexes of teaser lines before the body (head_end) or within the first body line:
    a teaser label, then text that is cut short or said again further down."""
    out = []
    for i in range(min(head_end + 1, len(lines))):
        m = _TEASER.match(lines[i])
        if not m:
            continue
        text = m.group("text")
        probe = _SPACE.sub("", text)[:TEASER_PROBE]
        rest = _SPACE.sub("", "".join(lines[i + 1:]))
        if _ELLIPSIS_END.search(text) or (len(probe) == TEASER_PROBE and probe in rest):
            out.append(i)
    return out


def reply_lines(lines: list[str], posted: list[bool], tail_start: int) -> list[int]:
    """Indexes of forum replies: after the body (tail_start), a short line that directly
    follows a line with a posted stamp ("xx 发表于 2024-12-20 23:40")."""
    out = []
    prev = None
    for i in range(tail_start, len(lines)):
        if not lines[i]:
            continue
        if prev is not None and posted[prev] and not posted[i] and len(lines[i]) <= REPLY_MAX_LEN:
            out.append(i)
        prev = i
    return out
