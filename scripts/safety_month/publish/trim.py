"""Collapse runs of whitespace in rendered HTML without changing what a browser shows.

The theme's templates are indented Jinja; its output is about a third blank space. This module
replaces every run of ASCII whitespace in text between tags with one character (a newline when
the run held one, otherwise a space): for `white-space: normal` or `nowrap` text that renders
the same. Left byte for byte as they are: tags themselves (attribute values may hold spaces),
comments, and the raw-text or preformatted elements <pre>, <textarea>, <script>, <style>
(and everything inside them). The site's CSS uses no `white-space: pre*` outside <pre>.
"""

from __future__ import annotations

import re

# Order matters: raw elements first (they may contain "<"), then comments, then any tag with
# quoted attribute values (which may contain ">"). The whole match is group 1 (re.split keeps
# it), the raw element's name group 2.
_KEEP = re.compile(
    r"""(<(pre|textarea|script|style)\b(?:[^"'>]|"[^"]*"|'[^']*')*>.*?</\2\s*>"""
    r"""|<!--.*?-->"""
    r"""|<[A-Za-z!/?](?:[^"'>]++|"[^"]*+"|'[^']*+')*+>)""",   # possessive: one way to match
    re.IGNORECASE | re.DOTALL,
)
_RUN = re.compile(r"[ \t\n\r\f]{2,}")
# Without CR: a run holding a newline (the whole run: the first [..]* starts where it starts),
# then what is left of two or more blanks.
_RUN_WITH_NEWLINE = re.compile(r"[ \t\n\f]*\n[ \t\n\f]*")
_BLANKS = re.compile(r"[ \t\f]{2,}")
# Joins the text between tags for one substitution over the page; never in the text itself.
_SEP = "\x00"


def _collapse_text(text: str) -> str:
    if "\r" in text:
        return _RUN.sub(lambda m: "\n" if "\n" in m.group() or "\r" in m.group() else " ", text)
    # A lone "\n" becomes itself: the same as leaving runs of one alone.
    return _BLANKS.sub(" ", _RUN_WITH_NEWLINE.sub("\n", text))


def collapse_whitespace(html: str) -> str:
    """Return `html` with whitespace runs outside tags and raw elements shortened to one char."""
    parts = _KEEP.split(html)          # text, kept, raw name, text, kept, raw name, …, text
    texts = parts[0::3]
    if _SEP in html:
        texts = [_collapse_text(t) for t in texts]
    else:   # one substitution for the whole page instead of one per text between tags
        texts = _collapse_text(_SEP.join(texts)).split(_SEP)
    out = [texts[0]]
    for kept, text in zip(parts[1::3], texts[1:]):
        out.append(kept)
        out.append(text)
    return "".join(out)
