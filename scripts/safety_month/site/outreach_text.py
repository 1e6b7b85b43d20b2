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


def snippet(text: str, keywords: dict[str, float], max_chars: int, cap: int = 2) -> str:
    """The best-scoring run of whole sentences of text, at most max_chars long (…… marks cuts).

    A redaction mark is never cut in half: sentence boundaries inside one are ignored.
    """
    if len(_visible(text)) <= max_chars:
        return text
    parts = _sentences_outside_redactions(text)
    if not parts:
        return text
    scores = [score(p, keywords, cap)[0] for p in parts]
    best = max(range(len(parts)), key=lambda i: (scores[i], -i))
    lo = hi = best
    length = len(_visible(parts[best]))
    while True:
        grown = False
        for cand in (hi + 1, lo - 1):
            if 0 <= cand < len(parts) and length + len(_visible(parts[cand])) <= max_chars:
                length += len(_visible(parts[cand]))
                lo, hi = min(lo, cand), max(hi, cand)
                grown = True
                break
        if not grown:
            break
    chosen = "".join(parts[lo:hi + 1]).strip()
    if length > max_chars:   # one very long sentence: cut it, outside any redaction
        chosen = _cut(chosen, max_chars)
    return ("……" if lo > 0 else "") + chosen + ("……" if hi < len(parts) - 1 or length > max_chars else "")


def _visible(text: str) -> str:
    return text.replace(_R_OPEN, "").replace(_R_CLOSE, "")


def _sentences_outside_redactions(text: str) -> list[str]:
    parts: list[str] = []
    current = ""
    depth = 0
    for ch in text:
        current += ch
        if ch == _R_OPEN:
            depth += 1
        elif ch == _R_CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "。！？；!?;":
            parts.append(current)
            current = ""
    if current.strip():
        if parts and current.strip() in "”’」』）)":
            parts[-1] += current
        else:
            parts.append(current)
    return parts


def _cut(text: str, max_chars: int) -> str:
    out, n, depth = "", 0, 0
    for ch in text:
        if ch == _R_OPEN:
            depth += 1
        elif ch == _R_CLOSE:
            depth -= 1
        elif n >= max_chars and depth == 0:
            break
        else:
            n += 1
        out += ch
    return out
