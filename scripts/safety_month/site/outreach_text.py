"""Speech paragraphs as the 五进 excerpts read them: plain text of the importer's Markdown,
keyword scores, and the snippet cut from a long paragraph.

Paragraphs and their numbers (#p-N) are read by safety_month.pages.paragraphs, the way the
build numbers them. Redactions (placeholders the build marks, and <span class="sm-redact">
of older pages) travel through the plain text as a pair of private-use sentinel characters,
so that a snippet never cuts one in half and the rendering turns them back into marks;
everything else in a paragraph becomes plain text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from safety_month.pages import paragraphs as page_paragraphs, redaction
from safety_month.pages.contract import REDACT_CLASS

# Private-use characters that stand for the start/end of a redaction mark inside plain text.
_R_OPEN, _R_CLOSE = "\ue000", "\ue001"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{:?[^}]*\})?\s*#*\s*$")
_REDACT = re.compile(rf'<span\s+class="{REDACT_CLASS}"[^>]*>(.*?)</span>', re.S)
_TAG = re.compile(r"<[^>]+>")
_MD_ESCAPABLE = set("\\`*_{}[]()#+-.!<>|~^=:\"'&")


@dataclass(frozen=True)
class Paragraph:
    number: int          # N of its #p-N anchor
    text: str            # plain text; redactions wrapped in _R_OPEN/_R_CLOSE
    heading: str | None  # plain text of the nearest heading above, if any


def markdown_to_plain(md: str) -> str:
    """Plain text of one paragraph's Markdown as the importer writes it.

    Redaction spans become sentinel-wrapped text, emphasis markers and other tags go,
    backslash escapes and HTML entities are resolved. Sentinels already in the input are
    dropped so they cannot fake a redaction.
    """
    md = md.replace(_R_OPEN, "").replace(_R_CLOSE, "")
    out: list[str] = []
    pos = 0
    for m in _REDACT.finditer(md):
        out.append(_inline_plain(md[pos:m.start()]))
        out.append(_R_OPEN + _inline_plain(m.group(1), mark=False) + _R_CLOSE)
        pos = m.end()
    out.append(_inline_plain(md[pos:]))
    return " ".join("".join(out).split())


# (Tags removed first.) A backslash escape (the escaped character), an entity (its
# characters), an emphasis marker * (dropped, unless part of a placeholder such as 〔*〕; "_" is text: the
# build reads "__" as a placeholder before emphasis), scanned left to right.
_TOKEN = re.compile(r"\\([" + re.escape("".join(sorted(_MD_ESCAPABLE))) + r"])"
                    r"|(&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z0-9]+);)|(\*)")


def _inline_plain(md: str, mark: bool = True) -> str:
    """Plain text of inline Markdown, its placeholders wrapped in the sentinels (mark)."""
    md = _TAG.sub("", md)
    chars: list[str] = []
    markers: set[int] = set()       # indexes into chars of emphasis markers
    pos = 0
    for m in _TOKEN.finditer(md):
        chars.extend(md[pos:m.start()])
        pos = m.end()
        if m.group(1) is not None:
            chars.append(m.group(1))
        elif m.group(2) is not None:
            chars.extend(html.unescape(m.group(2)))
        else:
            markers.add(len(chars))
            chars.append("*")
    chars.extend(md[pos:])
    view = "".join(chars)
    out, at = [], 0
    for start, end in (redaction.spans(view) if mark else ()):
        out += [ch for k, ch in enumerate(chars[at:start], at) if k not in markers]
        out.append(_R_OPEN + view[start:end] + _R_CLOSE)
        at = end
    out += [ch for k, ch in enumerate(chars[at:], at) if k not in markers]
    return "".join(out)


def parse_paragraphs(body: str) -> tuple[Paragraph, ...]:
    """The paragraphs of a speech body (numbered as the build numbers them), with their
    nearest heading.

    Cached on the body: `mkdocs serve` re-reads every speech on every save, and the same
    tuple comes back for an unchanged body (select reuses its scoring by that)."""
    return _parse_paragraphs_cached(body)


@lru_cache(maxsize=8192)
def _parse_paragraphs_cached(body: str) -> tuple[Paragraph, ...]:
    out: list[Paragraph] = []
    heading: str | None = None
    for block in page_paragraphs.blocks(body.split("\n")):
        if block.kind == "heading":
            h = _HEADING.match(block.lines[0].strip())
            text = markdown_to_plain(h.group(2)) if h else ""
            heading = text.replace(_R_OPEN, "").replace(_R_CLOSE, "") or None
        elif block.kind == "paragraph":
            text = markdown_to_plain(" ".join(line.strip() for line in block.lines))
            if text:
                out.append(Paragraph(block.number, text, heading))
    return tuple(out)


def score(text: str, keywords: dict[str, float], cap: int) -> tuple[float, tuple[str, ...]]:
    """Σ weight × min(occurrences, cap) over the keywords found in text, and those keywords."""
    total = 0.0
    found = []
    for word, weight in keywords.items():
        n = text.count(word)
        if n:
            total += weight * min(n, cap)
            found.append(word)
    return total, tuple(found)


# Where a quotation may end: a sentence's end (with the closing quotes or brackets after it).
# ；ends a clause, not a sentence: an excerpt ending on it reads as cut off.
SENTENCE_ENDS = "。！？!?"
# Where a sentence too long to quote whole may be shortened (then …… marks what was left out).
CLAUSE_ENDS = "，；：,;:"
_CLOSERS = "”’」』）)"
# An empty pair of brackets: words lost from the source ("市、县（）、乡镇"). Shown as a
# redaction mark, the way a speech page marks its placeholders, never as "（）" on its own.
_EMPTY_BRACKETS = re.compile(r"[（(][\s\u3000]*[）)]")


def mark_gaps(text: str) -> str:
    """text with every empty bracket pair outside a redaction wrapped in the redaction
    sentinels (what is already marked stays as it is)."""
    out, depth, start = [], 0, 0
    pieces = re.split(f"([{_R_OPEN}{_R_CLOSE}])", text)
    for piece in pieces:
        if piece == _R_OPEN:
            depth += 1
        elif piece == _R_CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            piece = _EMPTY_BRACKETS.sub(lambda m: _R_OPEN + m.group(0) + _R_CLOSE, piece)
        out.append(piece)
    return "".join(out)


def snippet(text: str, keywords: dict[str, float], max_chars: int, cap: int = 2) -> str:
    """What an editor would quote from a long paragraph: the best-scoring sentence and its
    neighbours, whole sentences only, at most max_chars long.

    A sentence longer than max_chars on its own is shortened to its best clauses (cut after
    ，；：, never inside a word), and …… stands where clauses were left out. A redaction mark
    is never cut in half: punctuation inside one is not an end.
    """
    if len(_visible(text)) <= max_chars:
        return text.strip()
    sentences = _units(text, SENTENCE_ENDS)
    if not sentences:
        return text.strip()
    lo, hi = _window(sentences, keywords, max_chars, cap)
    chosen = "".join(sentences[lo:hi + 1]).strip()
    if len(_visible(chosen)) <= max_chars:
        return chosen
    clauses = _units(chosen, CLAUSE_ENDS)
    lo, hi = _window(clauses, keywords, max_chars, cap)
    out = "".join(clauses[lo:hi + 1]).strip()
    if hi < len(clauses) - 1:
        out = out.rstrip(CLAUSE_ENDS + " ") + "……"
    return ("……" if lo > 0 else "") + out


def _window(units: list[str], keywords: dict[str, float], max_chars: int, cap: int) -> tuple[int, int]:
    """(first, last) index of the run of units around the best-scoring one that fits in
    max_chars (the best one alone when even it does not); neighbours after it come first."""
    scores = [score(_visible(u), keywords, cap)[0] for u in units]
    best = max(range(len(units)), key=lambda i: (scores[i], -i))
    lo = hi = best
    length = len(_visible(units[best]).strip())
    while True:
        for cand in (hi + 1, lo - 1):
            if 0 <= cand < len(units) and length + len(_visible(units[cand])) <= max_chars:
                length += len(_visible(units[cand]))
                lo, hi = min(lo, cand), max(hi, cand)
                break
        else:
            return lo, hi


def _visible(text: str) -> str:
    return text.replace(_R_OPEN, "").replace(_R_CLOSE, "")


def _units(text: str, ends: str) -> list[str]:
    """text split after each end character outside redactions, closing quotes and brackets
    kept with the unit they close; blank units dropped."""
    units: list[str] = []
    current = ""
    depth = 0
    ended = False
    for ch in text:
        if ended and ch not in _CLOSERS:
            units.append(current)
            current, ended = "", False
        current += ch
        if ch == _R_OPEN:
            depth += 1
        elif ch == _R_CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in ends:
            ended = True
    units.append(current)
    return [u for u in units if u.strip()]
