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
# quoted attribute values (which may contain ">").
_KEEP = re.compile(
    r"""<(pre|textarea|script|style)\b(?:[^"'>]|"[^"]*"|'[^']*')*>.*?</\1\s*>"""
    r"""|<!--.*?-->"""
    r"""|<[A-Za-z!/?](?:[^"'>]|"[^"]*"|'[^']*')*>""",
    re.IGNORECASE | re.DOTALL,
)
_RUN = re.compile(r"[ \t\n\r\f]{2,}")


def _collapse_text(text: str) -> str:
    return _RUN.sub(lambda m: "\n" if "\n" in m.group() or "\r" in m.group() else " ", text)


def collapse_whitespace(html: str) -> str:
    """Return `html` with whitespace runs outside tags and raw elements shortened to one char."""
    out: list[str] = []
    pos = 0
    for m in _KEEP.finditer(html):
        out.append(_collapse_text(html[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_collapse_text(html[pos:]))
    return "".join(out)
