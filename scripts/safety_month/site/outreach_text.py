"""Speech paragraphs as the 五进 excerpts read them: plain text of the importer's Markdown,
keyword scores, and the snippet cut from a long paragraph.

Redaction marks (<span class="sm-redact">) travel through the plain text as a pair of
private-use sentinel characters, so that a snippet never cuts one in half and the rendering
turns them back into marks; everything else in a paragraph becomes plain text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from safety_month.pages.contract import REDACT_CLASS

# Private-use characters that stand for the start/end of a redaction mark inside plain text.
_R_OPEN, _R_CLOSE = "\ue000", "\ue001"
_PARA_ATTR = re.compile(r"^\{:?\s*[^}]*#p-(\d+)\b[^}]*\}\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{:?[^}]*\})?\s*#*\s*$")
_REDACT = re.compile(rf'<span\s+class="{REDACT_CLASS}"[^>]*>(.*?)</span>', re.S)
_TAG = re.compile(r"<[^>]+>")
_MD_ESCAPABLE = set("\\`*_{}[]()#+-.!<>|~^=:\"'&")


@dataclass(frozen=True)
class Paragraph:
    number: int          # N of its {: #p-N } anchor
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
        out.append(_R_OPEN + _inline_plain(m.group(1)) + _R_CLOSE)
        pos = m.end()
    out.append(_inline_plain(md[pos:]))
    return " ".join("".join(out).split())


# A backslash escape (kept: the escaped character) or an emphasis marker (dropped: a literal
# * is escaped by the importer), scanned left to right.
_ESCAPE_OR_STAR = re.compile(r"\\([" + re.escape("".join(sorted(_MD_ESCAPABLE))) + r"])|\*")


def _inline_plain(md: str) -> str:
    md = _TAG.sub("", md)
    return html.unescape(_ESCAPE_OR_STAR.sub(lambda m: m.group(1) or "", md))


def parse_paragraphs(body: str) -> tuple[Paragraph, ...]:
    """Paragraphs that carry a ``{: #p-N }`` anchor line, with their nearest heading.

    Cached on the body: `mkdocs serve` re-reads every speech on every save, and the same
    tuple comes back for an unchanged body (select reuses its scoring by that)."""
    return _parse_paragraphs_cached(body)


@lru_cache(maxsize=8192)
def _parse_paragraphs_cached(body: str) -> tuple[Paragraph, ...]:
    paragraphs: list[Paragraph] = []
    heading: str | None = None
    block: list[str] = []
    in_fence = False

    def flush():
        if not block:
            return
        m = _PARA_ATTR.match(block[-1].strip())
        if m and len(block) > 1:
            text = markdown_to_plain(" ".join(line.strip() for line in block[:-1]))
            if text:
                paragraphs.append(Paragraph(int(m.group(1)), text, heading))
        block.clear()

    for line in body.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            flush()
            continue
        if in_fence:
            continue
        h = _HEADING.match(stripped)
        if h and not block:
            heading = markdown_to_plain(h.group(2)).replace(_R_OPEN, "").replace(_R_CLOSE, "") or None
            continue
        if not stripped:
            flush()
            continue
        block.append(line)
    flush()
    return tuple(paragraphs)


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
