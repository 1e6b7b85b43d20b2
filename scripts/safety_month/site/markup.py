"""The Markdown extension that gives a speech page what the editor does not write by hand:
paragraph anchors (id="p-N") and redaction marks around placeholders.

A speech page holds its text only. At build time, for speech pages (the hook site_speech
switches it on per page through the extension's `speech` option, since an extension never
sees a page's front matter):

- every paragraph at the top of the page gets id="p-N", N counting the page's paragraphs
  (what safety_month.pages.paragraphs reads from the source: 五进 excerpts link there). An
  id already there (an old page's "{: #p-N }" line, an editor's own id) is kept;
- every placeholder (safety_month.pages.redaction: 〔*〕, XX, X同志, 201x, ……, __) becomes
  <span class="sm-redact" title="…">…</span>, exactly what the importer used to write. It is
  an inline pattern that runs before emphasis (priority 75: after code, escapes, links, raw
  HTML and entities; before * and _ emphasis at 60), so the * of 〔*〕 and the __ of a blank
  stay text. The placeholders are found on the text as the reader sees it: backslash escapes
  and entities already taken by earlier patterns are read as the characters they stand for,
  so "〔\\*〕", "1\\......" or "&lt;XX" are marked where the same text in a source would be.

Registered in mkdocs.yml as `safety_month.site.markup`.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension, util
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from safety_month.pages import redaction
from safety_month.pages.contract import REDACT_CLASS, REDACT_TITLE
from safety_month.text.guarded import first_chars

NAME = "safety_month.site.markup"
# After escapes (180), links (160), raw HTML (90) and entities (80); before emphasis (60).
REDACT_PRIORITY = 75
# After attr_list (8: ids an editor wrote are set by then); before toc and MkDocs' anchor list (5).
ANCHOR_PRIORITY = 6

# What Python-Markdown leaves in inline text for the work of earlier patterns: an escaped
# character (STX + its code point + ETX), or a stashed element or piece of raw HTML.
_STASH_RE = re.compile(f"{util.STX}(?:(\\d+)|klzzwxh:(\\d+)|wzxhzdk:(\\d+)){util.ETX}")
# The placeholder Python-Markdown puts in the text for an element a pattern made.
_PLACEHOLDER_RE = re.compile(f"{util.STX}klzzwxh:[0-9]+{util.ETX}")
_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z0-9]+);")
# Where a placeholder can start in inline text: one of its first characters, or a stash
# (an escaped character or an entity may be its first).
_START_RE = re.compile(f"{first_chars(redaction.REDACT_RE.pattern) or '.'}|{util.STX}", re.S)
# Stands for a stashed element in the reader's view: matched by no placeholder pattern.
_OPAQUE = "\x00"
# Stand for the opening and closing tag of a redaction span an older page wrote by hand: the
# text between them is marked already (marking it again would nest a second mark inside).
_MARK_OPEN, _MARK_CLOSE = "\x01", "\x04"
_MARK_OPEN_RE = re.compile(rf'<span\b[^>]*\bclass="[^"]*\b{REDACT_CLASS}\b[^"]*"[^>]*>')
_MARKED_RE = re.compile(f"{_MARK_OPEN}[^{_MARK_OPEN}{_MARK_CLOSE}]*{_MARK_CLOSE}")


class RedactProcessor(InlineProcessor):
    """Placeholders -> <span class="sm-redact">, found on the text the reader sees."""

    def __init__(self, md):
        super().__init__(_START_RE.pattern, md)
        self.compiled_re = _START_RE
        # The placeholders not yet marked, by start, relative to the text after the last one
        # marked: Python-Markdown replaces each mark by a placeholder and asks again about
        # the changed text, whose tail (after the mark) is unchanged. Working them out again
        # each time would cost the whole paragraph per placeholder.
        self._head = ""
        self._tail: str | None = None
        self._pending: dict[int, tuple[int, str]] = {}

    def _view(self, data: str) -> tuple[str, list[int]]:
        """The text as read (escapes and entities resolved, other stashes opaque), and for
        each of its characters plus the end, its offset in data."""
        chars, offsets, pos = [], [], 0
        for m in _STASH_RE.finditer(data):
            for k in range(pos, m.start()):
                chars.append(data[k])
                offsets.append(k)
            chars.append(self._stashed(m))
            offsets.append(m.start())
            pos = m.end()
        for k in range(pos, len(data)):
            chars.append(data[k])
            offsets.append(k)
        offsets.append(len(data))
        return "".join(chars), offsets

    def _stashed(self, m: re.Match, depth: int = 0) -> str:
        """The character a stash stands for: an escaped character, an entity (each stored as
        a string by the inline processor, an entity also in the HTML stash); else _OPAQUE."""
        if m.group(1) is not None:
            return chr(int(m.group(1)))
        if depth > 2:
            return _OPAQUE
        if m.group(2) is not None:
            inline = self.md.treeprocessors["inline"] if "inline" in self.md.treeprocessors else None
            node = getattr(inline, "stashed_nodes", {}).get(m.group(2))
            inner = _STASH_RE.fullmatch(node) if isinstance(node, str) else None
            return self._stashed(inner, depth + 1) if inner else _OPAQUE
        blocks = self.md.htmlStash.rawHtmlBlocks
        index = int(m.group(3))
        raw = blocks[index] if index < len(blocks) else ""
        if isinstance(raw, str) and _ENTITY_RE.fullmatch(raw):
            shown = html.unescape(raw)
            if len(shown) == 1:
                return shown
        if isinstance(raw, str) and _MARK_OPEN_RE.fullmatch(raw):
            return _MARK_OPEN
        if raw == "</span>":
            return _MARK_CLOSE
        return _OPAQUE

    def _spans(self, data: str) -> list[tuple[int, int, str]]:
        """(start, end) in data and shown text of each placeholder of data."""
        view, offsets = self._view(data) if util.STX in data else (data, None)
        # (text inside an old page's own marks: blanked, so it is neither marked again nor
        # read as glued to what is around it)
        if _MARK_OPEN in view:
            view = _MARKED_RE.sub(lambda m: _OPAQUE * len(m.group()), view)
        out = []
        for start, end in redaction.spans(view):
            shown = view[start:end]
            if _OPAQUE in shown or _MARK_OPEN in shown or _MARK_CLOSE in shown:
                continue
            out.append((offsets[start], offsets[end], shown) if offsets else (start, end, shown))
        return out

    def _placeholders(self, data: str) -> dict[int, tuple[int, str]]:
        """The placeholders of data not yet marked: distance of the start from the end of
        data -> (distance of the end from the end of data, shown text). Distances from the
        end stay true while the tail after the last mark is unchanged."""
        if not self._after_last_mark(data):
            self._head, self._tail = "", data
            self._pending = {len(data) - start: (len(data) - end, shown)
                             for start, end, shown in self._spans(data)}
        return self._pending

    def _after_last_mark(self, data: str) -> bool:
        """True when data is the text of the last call with that mark replaced by
        Python-Markdown's placeholder (the same head and tail around one placeholder)."""
        if self._tail is None:
            return False
        middle = len(data) - len(self._head) - len(self._tail)
        return (middle > 0 and data.startswith(self._head) and data.endswith(self._tail)
                and _PLACEHOLDER_RE.fullmatch(data, len(self._head), len(self._head) + middle) is not None)

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 (Python-Markdown's name)
        pending = self._placeholders(data)
        distance = len(data) - m.start()
        found = pending.get(distance) if distance <= len(self._tail) else None
        if found is None:
            return None, None, None
        end, shown = len(data) - found[0], found[1]
        el = etree.Element("span")
        el.set("class", REDACT_CLASS)
        el.set("title", REDACT_TITLE)
        el.text = util.AtomicString(shown)
        # what follows the mark (its placeholders stay as they are) and what precedes it
        self._head, self._tail = data[:m.start()], data[end:]
        return el, m.start(), end


class AnchorProcessor(Treeprocessor):
    """id="p-N" on the N-th paragraph at the top of the page (an id already there stays).

    A <p> holding only a stashed block (fenced code, a raw HTML block) is not a paragraph:
    Python-Markdown puts the block in its place afterwards, and only a bare <p> around it."""

    def run(self, root: etree.Element) -> None:
        n = 0
        for el in root:
            if el.tag == "p" and not _stashed_block(el):
                n += 1
                if "id" not in el.attrib:
                    el.set("id", f"p-{n}")


def _stashed_block(el: etree.Element) -> bool:
    return len(el) == 0 and bool(el.text) and util.HTML_PLACEHOLDER_RE.fullmatch(el.text.strip()) is not None


class SpeechMarkup(Extension):
    def __init__(self, **kwargs):
        self.config = {"speech": [False, "Mark placeholders and number paragraphs (speech pages)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        if not self.getConfig("speech"):
            return
        md.inlinePatterns.register(RedactProcessor(md), "sm_redact", REDACT_PRIORITY)
        md.treeprocessors.register(AnchorProcessor(md), "sm_anchors", ANCHOR_PRIORITY)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's entry point)
    return SpeechMarkup(**kwargs)


def page_configs(mdx_configs: dict | None, speech: bool) -> dict:
    """A copy of the site's extension configs for rendering one page outside a build (the
    check command, tests): the extension on for a speech page."""
    out = dict(mdx_configs or {})
    out[NAME] = {**out.get(NAME, {}), "speech": bool(speech)}
    return out


def set_speech(mdx_configs: dict, speech: bool) -> None:
    """Switch the extension on or off for the page about to be rendered (MkDocs renders
    each page with a new Markdown instance made from config.mdx_configs)."""
    mdx_configs.setdefault(NAME, {})["speech"] = bool(speech)
