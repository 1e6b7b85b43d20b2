"""The body of a speech page: source text escaped once, the Markdown lines of the blocks,
and the lines of the page that review items point at.

Escaping (every piece of source text that reaches the body or the front matter passes here):
the lightest escaping that keeps text from becoming Markdown or HTML, so that an editor reads
the page as the text it is:
- a backslash before each character that could start Markdown syntax anywhere in a line
  (\\ ` * _ [ ] { } # | = ^ ~), all of which the site's Markdown (with its extensions)
  accepts escaped (tests/importer/test_render.py checks the list against mkdocs.yml);
- at the start of a line also "- + > !" (lists, quotes, admonitions) and "1." "1)" (ordered
  lists) escaped the same way, ":" and "?" (definition lists, collapsible blocks: Markdown
  has no backslash escape for them) as &#58; &#63;;
- "<" as &lt; always, "&" as &amp; only where it would start an entity (&amp; &#42;);
- placeholders (〔*〕, XXX, X同志, 201x, 20xx, ……, __) are written as they are (their * and _
  too): the build marks them as redactions before emphasis is read (safety_month.site.markup),
  so they display exactly as written; a line of underscores alone gets its first one escaped
  (it would be a horizontal rule), which the build reads as the same placeholder.
No paragraph anchors are written: the build numbers paragraphs (id="p-N").

Review lines: each item of the earlier stages gets the body line it concerns (review_places)
from the place it carries: an item of the structure stage its block (ReviewItem.block), an
item of the clean stage its cleaned line and column, matched with the line and column each
block carries (Block.line, Block.col); no excerpt is searched for. The page's own findings are
added where the editors' checks would warn (unpaired brackets, escapes and pieces of lines
the cleaning rules never saw as such).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from safety_month.pages import redaction
from safety_month.pages.contract import REDACT_TITLE  # noqa: F401 (named here for render and the tests)
from safety_month.text.guarded import first_chars
from .findings import check_findings, masked, risky, unpaired
from .model import Block, ReviewItem, Speech

# Review items written per page: a real page has at most 22; beyond this the rest are
# summed up in one item (an item per line of a 100,000-line text is no help to an editor).
MAX_REVIEW_ITEMS = 100

# Characters escaped everywhere in source text: a backslash (Python-Markdown's
# ESCAPED_CHARS with the site's extensions), or an entity.
_ALWAYS = {
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "{": "\\{",
    "}": "\\}", "#": "\\#", "|": "\\|", "=": "\\=", "^": "\\^", "~": "\\~", "<": "&lt;",
}
# ... and these only at the start of a line (list bullets, quotes, admonitions, definition
# lists, collapsible blocks).
_LINE_START = {"-": "\\-", "+": "\\+", ">": "\\>", "!": "\\!", ":": "&#58;", "?": "&#63;"}
# "&" only where it would start an entity (Python-Markdown's ENTITY_RE).
_AMP_RE = re.compile(r"&(?=#[0-9]+;|#x[0-9a-fA-F]+;|[a-zA-Z0-9]+;)")
# One scan for the rare characters (str.translate looks up every character of the text).
_ALWAYS_RE = re.compile(f"[{re.escape(''.join(_ALWAYS))}]|{_AMP_RE.pattern}")
# Inside a placeholder: * and _ stay as written (the build marks the placeholder before
# emphasis is read); everything else as outside.
_IN_PLACEHOLDER = {**_ALWAYS, "*": "*", "_": "_"}
_ORDERED_RE = re.compile(r"^(\d+)([.)])")
# A line of underscores alone would be a horizontal rule.
_RULE_RE = re.compile(r"^_{3,}[ _]*$")
# Line breaks and other characters that must not reach a Markdown line or a YAML scalar.
_BREAKS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\r\n\t]")
_SPACE_RUN_RE = re.compile(r" {2,}")
# Text without breaks or double spaces (most) only needs strip() in one_line.
_NOT_ONE_LINE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\r\n\t]|  ")

# Placeholders the build marks (safety_month.pages.redaction).
REDACT_RE = redaction.REDACT_RE
# The characters a placeholder starts with (the class of REDACT_RE's guard): searched alone
# it is a fast class scan, and text without any of them (most) has no placeholder to wrap.
# (Should the class ever be unknown, the empty pattern is found in every text: no shortcut.)
_REDACT_START_RE = re.compile(first_chars(REDACT_RE.pattern) or "")


def one_line(text: str) -> str:
    # Every character _BREAKS_RE replaces is a control or line/paragraph separator, none of
    # which str.isprintable() accepts: printable text without "  " needs strip() only (a
    # C-level test, cheaper than the regex; other text, e.g. with U+3000, takes the regex).
    if (text.isprintable() and "  " not in text) or not _NOT_ONE_LINE_RE.search(text):
        return text.strip()
    return _SPACE_RUN_RE.sub(" ", _BREAKS_RE.sub(" ", text)).strip()


def _escape_chars(text: str, table: dict[str, str] = _ALWAYS) -> str:
    return _ALWAYS_RE.sub(lambda m: table.get(m.group(), "&amp;"), text)


def escape_inline(text: str) -> str:
    """Source text -> Markdown that displays exactly that text (placeholders as written,
    marked by the build)."""
    if not _REDACT_START_RE.search(text):
        return _escape_chars(text)
    out, pos = [], 0
    for start, end in redaction.spans(text):
        out.append(_escape_chars(text[pos:start]))
        out.append(redact_span(text[start:end]))
        pos = end
    out.append(_escape_chars(text[pos:]))
    return "".join(out)


def redact_span(content: str) -> str:
    """A placeholder as the page holds it: its text, * and _ unescaped (see the docstring)."""
    return _escape_chars(content, _IN_PLACEHOLDER)


def _guard_line_start(line: str) -> str:
    if line[:1] in _LINE_START:
        return _LINE_START[line[0]] + line[1:]
    if line[:1] == "_" and _RULE_RE.match(line):
        return "\\" + line
    m = _ORDERED_RE.match(line)
    if m:
        return m.group(1) + "\\" + m.group(2) + line[m.end():]
    return line


def escape_line(text: str) -> str:
    """A whole body line of source text."""
    return _guard_line_start(escape_inline(one_line(text)))


# ---------------------------------------------------------------- body

def body_lines(blocks: list[Block], pieces: list[int] | None = None,
          sources: list[int] | None = None) -> tuple[list[str], list[tuple[int, str]]]:
    """Markdown lines of the body, and (line index, plain text) of every text-bearing line.
    pieces, when given, gets the indexes into `where` of paragraphs that are not a whole
    line of the cleaned text (Block.whole); sources the index into blocks of the block of each
    entry of `where` (its Block.line and the items that name it by ReviewItem.block place it)."""
    lines: list[str] = []
    where: list[tuple[int, str]] = []
    for k, b in enumerate(blocks):
        if b.kind in ("h2", "h3", "h4"):
            text = one_line(b.text)
            if not text:
                continue
            if sources is not None:
                sources.append(k)
            where.append((len(lines), text))
            lines += ["#" * int(b.kind[1]) + " " + escape_inline(text), ""]
        else:
            lead = one_line(b.lead) if b.lead else ""
            text = one_line(b.text)
            if not lead and not text:
                continue
            # (text is one line already: escape_line without its one_line)
            md = (f"**{escape_inline(lead)}**" + escape_inline(text)) if lead else _guard_line_start(
                escape_inline(text))
            if pieces is not None and not b.whole:
                pieces.append(len(where))
            if sources is not None:
                sources.append(k)
            where.append((len(lines), lead + text))
            lines += [md, ""]
    while lines and not lines[-1]:
        lines.pop()
    return lines, where


# ---------------------------------------------------------------- review lines


def _places(items: list[ReviewItem], blocks: list[Block], where: list[tuple[int, str]],
            sources: list[int]) -> list[int | None]:
    """The body line index each item points at (None: the title line), from the places the
    items and blocks carry (nothing is searched):
    - an item that names its block (ReviewItem.block: every item of the structure stage)
      points at that block's line, or the title;
    - an item of the clean stage names its cleaned line and column: it points at the last
      paragraph cut out of that line that starts at or before the column (the first when
      it lies before them all);
    - an item of a line that left no paragraph on the page points at the title when the line
      is in the head (title, speaker and date lines come before the first paragraph's line),
      else at the first paragraph of a later line (a dropped label, a removed page line: the
      text that followed it), else at the last paragraph;
    - an item of no line points at the title.
    (sources: the index into blocks of the block of each entry of where, as body_lines gives.)"""
    if not items:
        return []
    at_block = {block: line for (line, _), block in zip(where, sources)}
    # cleaned line -> (column, body line index) of each paragraph that came from it, in order
    by_line: dict[int, list[tuple[int, int]]] = {}
    for (line, _), k in zip(where, sources):
        if blocks[k].line:
            by_line.setdefault(blocks[k].line, []).append((blocks[k].col, line))
    shown = sorted(by_line)
    out: list[int | None] = []
    for item in items:
        if item.block is not None:
            out.append(at_block.get(item.block))
        elif not item.line or not shown or item.line < shown[0]:
            out.append(None)
        elif item.line in by_line:
            here = by_line[item.line]
            k = bisect_right([col for col, _ in here], item.col) - 1
            out.append(here[max(k, 0)][1])
        else:
            later = bisect_right(shown, item.line)
            out.append(by_line[shown[later]][0][1] if later < len(shown) else by_line[shown[-1]][-1][1])
    return out


def _capped(items: list[tuple[int | None, ReviewItem]]) -> list[tuple[int | None, ReviewItem]]:
    """At most MAX_REVIEW_ITEMS items: the rest summed up (by rule) in the last one."""
    if len(items) <= MAX_REVIEW_ITEMS:
        return items
    kept, rest = items[:MAX_REVIEW_ITEMS - 1], items[MAX_REVIEW_ITEMS - 1:]
    by_rule: dict[str, int] = {}
    for _, item in rest:
        by_rule[item.rule] = by_rule.get(item.rule, 0) + 1
    detail = "，".join(f"{rule} {n} 处" for rule, n in by_rule.items())
    return kept + [(None, ReviewItem("review.more", 0,
                                     f"另有 {len(rest)} 处待核对未逐条列出（{detail}），请对照原文通读核对", ""))]


def review_places(speech: Speech, body: list[str], where: list[tuple[int, str]], pieces: list[int],
                  sources: list[int]) -> list[tuple[int | None, ReviewItem]]:
    """(body line index, or None for the title line; item) of every review item of the page:
    the speech's own items where they point, then the unpaired brackets the punctuation rule
    did not already point at, then what else the editors' checks would warn about where no
    item points yet; at most MAX_REVIEW_ITEMS (body_lines gives body, where, pieces, sources)."""
    placed = list(zip(_places(speech.review, speech.blocks, where, sources), speech.review))
    punctuation = {place for place, it in placed if it.rule == "punctuation"}
    differ, quoted = risky(body, where, pieces)
    # (the checks' reading differs from the line only where it has markup)
    read = masked(body, where, sorted(k for k in differ + quoted
                                      if "&" in body[where[k][0]] or "<" in body[where[k][0]]))
    found = [(index, it) for index, it in unpaired(where, read) if index not in punctuation]
    pointed = {place for place, _ in placed} | {index for index, _ in found}
    found += [(index, it) for index, it in check_findings(body, where, differ, read)
              if index not in pointed]
    # (over the cap, the page's own findings first: they are what the checks will show)
    return placed + found if len(placed) + len(found) <= MAX_REVIEW_ITEMS else _capped(found + placed)
