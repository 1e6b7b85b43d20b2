"""A Markdown page as the checks see it: lines, front matter, and which lines are prose.

Checks never look inside code (fenced blocks, inline code) or the front matter block, except
the front-matter checks themselves. Masking keeps every character's column, so an issue found
in a masked line points at the right place in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from safety_month.pages import reader
from safety_month.pages.reader import FrontMatter

_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_INLINE_CODE_RE = re.compile(r"(`+)(?:.+?)\1")
_NOT_NEWLINE_RE = re.compile(r"[^\n]")
# Markup whose characters are not prose: tags, link targets, attribute lists, autolinks, entities,
# backslash escapes.
# Public: the importer masks the lines it writes with these same patterns, so it reads a page
# exactly as the checks will.
MARKUP_RES = [
    re.compile(r"<[A-Za-z/!][^<>\n]*>"),                       # HTML tags (text between stays)
    re.compile(r"\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)"),  # ](target "title")
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S.*$"),                  # [ref]: target
    re.compile(r"\{:?\s*[#.][^{}\n]*\}"),                        # attr_list {: #p-3 } / {#id .c}
    re.compile(r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);"),          # entities
    re.compile(r"\\[\\`*_{}\[\]()#+\-.!|=^~>]"),                    # backslash escapes \* \_ \#
]
_ATTR_LINE_RE = re.compile(r"^\s*\{:?\s*[#.][^{}]*\}\s*$")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s")
_BLOCK_START_RE = re.compile(r"^\s{0,3}(?:[-*+]\s|\d+[.)]\s|>|\||#{1,6}\s|!!!|\?\?\?)")


def blank(s: str) -> str:
    return " " * len(s)


def blank_comments(text: str) -> str:
    """text with every HTML comment <!-- … --> blanked (newlines kept, so lines and columns
    stay): what re.sub(r"<!--.*?-->", …, flags=re.S) gives, in one pass. That pattern tried
    every unclosed "<!--" to the end of the text (256 KB of "<!--": half a minute); here a
    comment that is never closed ends the search, since no later one can close either."""
    out, pos = [], 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            break
        end = text.find("-->", start + 4)
        if end < 0:
            break
        end += 3
        out += [text[pos:start], _NOT_NEWLINE_RE.sub(" ", text[start:end])]
        pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def mask(line: str, patterns) -> str:
    for rx in patterns:
        line = rx.sub(lambda m: blank(m.group(0)), line)
    return line


@dataclass
class Page:
    path: str                 # shown in messages (docs/… relative to the project when known)
    text: str                 # normalized: no BOM, "\n" newlines
    src_uri: str | None = None   # path inside docs_dir, "/"-separated (for link checks)
    fm: FrontMatter = field(default_factory=FrontMatter)
    # Results of pure functions of this page kept with it (checks.links.targets): the live
    # preview checks the same cached Page objects again on every save.
    derived: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def code_lines(self) -> frozenset[int]:
        """1-based lines inside fenced code blocks, fences included."""
        out, fence = set(), None
        for no, line in enumerate(self.lines, 1):
            if no < self.fm.body_start:
                continue
            m = _FENCE_RE.match(line)
            if fence is None:
                if m:
                    fence = m.group(1)
                    out.add(no)
            else:
                out.add(no)
                if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip()[len(m.group(1)):].strip():
                    fence = None
        return frozenset(out)

    @cached_property
    def body_lines(self) -> list[tuple[int, str]]:
        """(line number, text) of body lines outside code, inline code and HTML comments blanked."""
        body = "\n".join(self.lines[self.fm.body_start - 1:])
        body = blank_comments(body)
        out = []
        for offset, line in enumerate(body.split("\n")):
            no = self.fm.body_start + offset
            if no in self.code_lines:
                continue
            out.append((no, _INLINE_CODE_RE.sub(lambda m: blank(m.group(0)), line)))
        return out

    @cached_property
    def prose_lines(self) -> list[tuple[int, str]]:
        """Body lines with markup (tags, link targets, attribute lists, entities) blanked."""
        return [(no, mask(line, MARKUP_RES)) for no, line in self.body_lines]

    @cached_property
    def paragraphs(self) -> list[list[tuple[int, str]]]:
        """Prose lines grouped into blocks: blank lines, headings, list items and attr lines split."""
        groups: list[list[tuple[int, str]]] = []
        current: list[tuple[int, str]] = []
        raw = dict(self.body_lines)
        for no, line in self.prose_lines:
            original = raw[no]
            if not line.strip() or _ATTR_LINE_RE.match(original):
                if current:
                    groups.append(current)
                current = []
                continue
            if _HEADING_RE.match(original) or _BLOCK_START_RE.match(original):
                if current:
                    groups.append(current)
                current = []
                if _HEADING_RE.match(original):
                    groups.append([(no, line)])
                    continue
            current.append((no, line))
        if current:
            groups.append(current)
        return groups


def parse_page(path: str, text: str, src_uri: str | None = None) -> Page:
    text = reader.normalize_newlines(text)
    return Page(path=path, text=text, src_uri=src_uri, fm=reader.parse(text))


def decode(data: bytes) -> tuple[str | None, tuple[int, int] | None]:
    """UTF-8 text of a file, or (None, (line, col)) of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        head = exc.object[:exc.start]   # exc.object: the bytes after a BOM, as the decoder saw them
        line = head.count(b"\n") + 1
        col = len(head[head.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        return None, (line, col)
