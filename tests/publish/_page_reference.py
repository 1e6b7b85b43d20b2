"""The straightforward implementations the one-pass page work replaced (safety_month.publish
trim, outside_refs, fingerprint as they were): the faster ones must give exactly their results
(tests/publish/test_page_pass_equivalence.py)."""

from __future__ import annotations

import re

from safety_month.publish.outside_refs import FETCHING_ATTRS, _css_refs, _js_refs

_KEEP = re.compile(
    r"""<(pre|textarea|script|style)\b(?:[^"'>]|"[^"]*"|'[^']*')*>.*?</\1\s*>"""
    r"""|<!--.*?-->"""
    r"""|<[A-Za-z!/?](?:[^"'>]|"[^"]*"|'[^']*')*>""",
    re.IGNORECASE | re.DOTALL,
)
_RUN = re.compile(r"[ \t\n\r\f]{2,}")


def collapse_whitespace(html: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _KEEP.finditer(html):
        out.append(_RUN.sub(lambda r: "\n" if "\n" in r.group() or "\r" in r.group() else " ", html[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_RUN.sub(lambda r: "\n" if "\n" in r.group() or "\r" in r.group() else " ", html[pos:]))
    return "".join(out)


TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTR = re.compile(r"([\w:-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)")
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")


def html_refs(text: str):
    """outside_refs._html_refs before tags without a "/" were skipped."""
    for tag in TAG.finditer(text):
        name = tag.group(1).lower()
        for attr in _ATTR.finditer(tag.group(2)):
            key = attr.group(1).lower()
            value = attr.group(2).strip("\"'")
            if key in FETCHING_ATTRS or (key == "href" and name == "link"):
                urls = [u.strip().split(" ")[0] for u in value.split(",")] if key == "srcset" else [value]
                for url in urls:
                    yield tag.start(), url, f"<{name} {key}>"
            elif key == "style":
                for m in _CSS_URL.finditer(value):
                    yield tag.start(), m.group(1), "inline style url()"
    for block in re.finditer(r"<style[^>]*>(.*?)</style>", text, re.S | re.I):
        for pos, url, kind in _css_refs(block.group(1)):
            yield block.start(1) + pos, url, kind
    for block in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", text, re.S | re.I):
        for pos, url, kind in _js_refs(block.group(1)):
            yield block.start(1) + pos, url, "inline " + kind


def rewrite_names(text: str, names: dict[str, str]) -> str:
    """fingerprint.rewrite_references' substitution of one file's text."""
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(old) for old in names) + r")(?!\.map)")
    return pattern.sub(lambda m: names[m.group(1)], text)
