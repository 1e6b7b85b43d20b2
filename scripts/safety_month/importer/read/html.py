"""Saved web pages (.html/.htm): main text as paragraphs, headings h1-h4 kept with levels.

trafilatura finds the main content (it drops navigation, sidebars of related documents,
footers, comments; it also drops the page's <h1> and <h2> headings, which with_lost_headings
puts back from the lxml page walk); when it finds nothing (short or odd pages) an lxml fallback takes
<article>/<main>/a content <div> and drops scripts, styles, navigation, header, footer,
asides, forms and elements whose class/id name them. The charset comes from the byte-order
mark, <meta charset>/<meta http-equiv>, or detection (see encoding.py); the page's
canonical / og:url address becomes source_url.

Parse work is bounded before lxml and trafilatura see the page: libxml2 compares each
attribute of an element with the ones before it (an element with 160,000 attributes never
finished), so a tag with more than MAX_ATTRIBUTES attributes loses them all (the element and
its content stay) and the read report says so; trafilatura is only used up to
TRAFILATURA_MAX_ELEMENTS elements.
"""

from __future__ import annotations

import logging
import re
from typing import Callable

import lxml.etree
import lxml.html

from safety_month.text.han import HAN_COMMON
from ..errors import SourceError
from ..model import RuleReport
from .encoding import decode_marked
from .normalize import Decoded, assemble, mark_spots, normalize_text

# trafilatura logs "discarding data" style warnings for odd pages; the importer reports
# its own one-line errors instead.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
# Bytes searched for a <meta> charset, as browsers do (HTML spec: first 1024 bytes; saved
# pages often have long <head>s, so look further).
META_SNIFF_BYTES = 8192

_HTML_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
_HTML_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
_HTML_DROP = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "nav",
    "footer", "aside", "form", "iframe", "frame", "frameset", "object", "embed", "svg",
    "math", "canvas", "button", "select", "input", "textarea", "option", "label", "video",
    "audio", "map", "dialog", "menu",
}
# class/id words of page chrome (matched as whole words in class and id values).
_NOISE_NAME = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|sidebar|side|aside|footer|foot|header|topbar|"
    r"breadcrumbs?|crumbs?|related|recommend|relate|hot|rank|comments?|share|sharing|"
    r"toolbar|tools|ads?|advert|banner|login|copyright|pager|pagination|pages|download|"
    r"tags|keywords|popup|modal|cookie)(?:$|[\s_\-])",
    re.IGNORECASE,
)
# Where saved pages keep the speech, most specific first.
_MAIN_XPATHS = (
    "//article",
    "//*[@role='main']",
    "//main",
    "//*[@id='content' or @id='article' or @id='main' or @id='text' or @id='zoom']",
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' article ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' article-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]",
)
_MIN_MAIN_CHARS = 20
# trafilatura's time grows faster than linearly with the number of elements (measured:
# 2,000 <p> 0.2 s, 10,000 1.2 s, 120,000 over 2 minutes). Saved speech pages have a few
# hundred to a few thousand elements; beyond this bound the linear lxml fallback is used.
TRAFILATURA_MAX_ELEMENTS = 10_000
_WS = re.compile(r"[ \t\n\r\f]+")
# Attributes one element may keep. Elements of saved pages carry a handful to a few dozen
# (class, id, style, data-*, aria-*). libxml2 checks a new attribute against the element's
# earlier ones, so its work on one element grows with the square of their number
# (scripts/devtools/bench_bounds.py: 16,000 took 0.3 s); at 256 an element costs well under a
# millisecond, so parse work stays linear in the size of the page.
MAX_ATTRIBUTES = 256
RULE_ATTRIBUTES = "read.html_attributes"
_TAG_START = re.compile(r"<[A-Za-z]")
# The rest of a tag up to its ">", quoted values whole (they may hold ">"); possessive, so a
# tag is scanned once (an unclosed quote ends the scan at the quote).
_TAG_REST = re.compile(r"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+""")
_VALUE = re.compile(r"""=\s*(?:"[^"]*"?|'[^']*'?|[^\s>"']*)""")
_NAME_RUN = re.compile(r"""[^\s/"'=>]+""")
_TAG_NAME = re.compile(r"[^\s/>]+")
# A tag with more than MAX_ATTRIBUTES attributes has at least twice as many characters.
_LONG_TAG = 2 * MAX_ATTRIBUTES
# A tag start followed by at least _LONG_TAG characters or quoted values before any ">": every
# tag with more than MAX_ATTRIBUTES attributes (each takes at least two: a name and a space,
# "=" or a quoted value). Found at regex speed; only these tags are measured one by one.
_LONG_TAG_START = re.compile(r"""<[A-Za-z](?:[^>"']|"[^"]*+"|'[^']*+'){%d}""" % _LONG_TAG)


def limit_attributes(text: str) -> tuple[str, list[tuple[str, int]]]:
    """text with the attributes of every tag that has more than MAX_ATTRIBUTES of them
    removed ("<div a1=1 … a160000=1>" -> "<div>"), and (tag name, attributes) of each such
    tag. One scan: each tag is found, measured and passed over once. Attributes are counted
    by their names (values removed first), so the bound holds for every spelling: spaces,
    slashes, quotes or nothing between them."""
    out: list[str] = []
    stripped: list[tuple[str, int]] = []
    last = pos = 0
    while (start := _LONG_TAG_START.search(text, pos)) is not None:
        start = _TAG_START.match(text, start.start())
        end = _TAG_REST.match(text, start.end()).end()
        pos = end
        name = _TAG_NAME.match(text, start.start() + 1).group()
        inside = text[start.start() + 1 + len(name):end]
        names = len(_NAME_RUN.findall(_VALUE.sub(" ", inside)))
        if names <= MAX_ATTRIBUTES:
            continue
        closed = text.startswith(">", end)
        out.append(text[last:start.start()])
        out.append(f"<{name}>")
        last = end + 1 if closed else end
        stripped.append((name, names))
    if not stripped:
        return text, []
    out.append(text[last:])
    return "".join(out), stripped


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:META_SNIFF_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def _tag(el) -> str | None:
    return el.tag.lower() if isinstance(el.tag, str) else None


def _linearize(root, *, blocks: set[str], breaks: set[str],
               heading: Callable[[object], int | None],
               skip: Callable[[object], bool], pre: set[str]) -> list[tuple[str, int | None]]:
    """Walk an element tree into (text, heading level) blocks, honouring block elements and
    line breaks, collapsing source whitespace except inside ``pre`` elements."""
    out: list[tuple[str, int | None]] = []
    buf: list[str] = []
    level: list[int | None] = [None]

    def flush() -> None:
        text = "".join(buf)
        buf.clear()
        if text.strip():
            out.append((text, level[0]))

    def add(text: str | None, keep_ws: bool) -> None:
        if text:
            buf.append(text if keep_ws else _WS.sub(" ", text))

    def walk(el, keep_ws: bool) -> None:
        tag = _tag(el)
        if tag is not None and not skip(el):
            if tag in breaks:
                buf.append("\n")
            else:
                is_block = tag in blocks
                h = heading(el)
                inner_ws = keep_ws or tag in pre
                if is_block or h:
                    flush()
                previous = level[0]
                if h:
                    level[0] = h
                add(el.text, inner_ws)
                for child in el:
                    walk(child, inner_ws)
                if is_block or h:
                    flush()
                level[0] = previous
        add(el.tail, keep_ws)

    walk(root, False)
    flush()
    return out


def _page_title(tree) -> str | None:
    found = tree.xpath("//title")
    text = found[0].text_content() if found else ""
    return " ".join(text.split()) or None


def _source_url(tree) -> str | None:
    for xpath in ("//link[@rel and @href]", "//meta[@content]"):
        for el in tree.xpath(xpath):
            rel = (el.get("rel") or "").lower().split()
            prop = (el.get("property") or el.get("name") or "").lower()
            if "canonical" in rel or prop == "og:url":
                url = (el.get("href") or el.get("content") or "").strip()
                if re.match(r"https?://[^\s<>\"']+$", url):
                    return url
    return None


def _trafilatura_blocks(html: str) -> list[tuple[str, int | None]]:
    import trafilatura

    try:
        xml = trafilatura.extract(html, output_format="xml", include_comments=False,
                                  include_tables=True, include_images=False,
                                  include_links=False, with_metadata=False, deduplicate=False)
    except Exception:  # noqa: BLE001 - third-party parser on hostile input: use the fallback
        return []
    if not xml:
        return []
    try:
        doc = lxml.etree.fromstring(xml.encode("utf-8"))
    except lxml.etree.XMLSyntaxError:
        return []

    def heading(el) -> int | None:
        if _tag(el) != "head":
            return None
        match = re.fullmatch(r"h([1-6])", el.get("rend") or "")
        level = int(match.group(1)) if match else 2
        return level if level <= 4 else None

    return _linearize(doc, blocks={"doc", "main", "head", "p", "list", "item", "table", "row",
                                   "cell", "quote", "code", "comments"},
                      breaks={"lb"}, heading=heading, skip=lambda el: _tag(el) == "comments",
                      pre={"code"})


def _noisy(el) -> bool:
    tag = _tag(el)
    if tag in _HTML_DROP:
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    if tag == "header" or (names and _NOISE_NAME.search(names)):
        # Never drop a block that holds the speech's own headings.
        return not el.xpath(".//h1|.//h2")
    return False


def _fallback_blocks(tree) -> list[tuple[str, int | None]]:
    root = None
    for xpath in _MAIN_XPATHS:
        for candidate in tree.xpath(xpath):
            if len(" ".join(candidate.text_content().split())) >= _MIN_MAIN_CHARS:
                root = candidate
                break
        if root is not None:
            break
    if root is None:
        bodies = tree.xpath("//body")
        root = bodies[0] if bodies else tree
    return _linearize(root, blocks=_HTML_BLOCKS, breaks={"br"},
                      heading=lambda el: _HTML_HEADINGS.get(_tag(el) or ""),
                      skip=lambda el: el is not root and _noisy(el), pre={"pre", "textarea"})


def _page_blocks(tree) -> list[tuple[str, int | None]]:
    """The whole <body> linearized with heading levels, chrome elements left out: where the
    page's <h1> is looked for (a CMS puts it above the content <div> the fallback takes)."""
    bodies = tree.xpath("//body")
    root = bodies[0] if bodies else tree
    return _linearize(root, blocks=_HTML_BLOCKS, breaks={"br"},
                      heading=lambda el: _HTML_HEADINGS.get(_tag(el) or ""),
                      skip=lambda el: el is not root and _noisy(el), pre={"pre", "textarea"})


def _with_title(main: list[tuple[str, int | None]],
                page: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """The fallback's main text with the page's <h1> put before it when the content element
    left it out (see with_lost_headings)."""
    if not main or any(level == 1 for _, level in main):
        return main
    return with_lost_headings(main, page)


# How the page's <title> joins the headline to the site's name ("标题_某某网", "标题 - 某某网").
_TITLE_SEPARATORS = re.compile(r"\s*(?:[_|｜–—]+|\s-\s|-{2,}|(?<=[" + HAN_COMMON + r"”》）])-(?=[" + HAN_COMMON + r"]))\s*")


def with_page_title(blocks: list[tuple[str, int | None]], page: list[tuple[str, int | None]],
                    title: str | None) -> list[tuple[str, int | None]]:
    """A page without an <h1> (a company site prints its headline in a styled <div>): the
    headline part of <title> becomes the title when the page shows that same line above
    the main text; a <title> the page does not show may be the site's own, and is left."""
    if not blocks or title is None or any(level == 1 for _, level in blocks):
        return blocks
    head = _TITLE_SEPARATORS.split(title.strip())[0].strip()
    key = _key(head)
    if len(key) < 4:
        return blocks
    first = _key(blocks[0][0])
    keys = [_key(t) for t, _ in page]
    if key in keys and (first not in keys or keys.index(key) < keys.index(first)):
        return [(head, 1)] + [b for b in blocks if _key(b[0]) != key]
    return blocks


# How far before the first block of the main text the page's <h1> may stand (source, date,
# views lines and a speaker line come between).
H1_WINDOW = 6


def _key(text: str) -> str:
    return "".join(text.split())


def with_lost_headings(main: list[tuple[str, int | None]],
                       page: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """trafilatura's main text with the headings it dropped put back (issue 16): the page's
    <h1> title just before the main text, and <h2>-<h4> section headings ("一、…") between
    its first and last block. ``page`` is the whole page linearized with heading levels.
    When the main text cannot be found in the page's blocks, it is returned as it is."""
    keys = {_key(t) for t, _ in main}
    page_keys = [_key(t) for t, _ in page]
    first, last = _key(main[0][0]), _key(main[-1][0])
    try:
        start = page_keys.index(first)
        end = len(page_keys) - 1 - page_keys[::-1].index(last)
    except ValueError:
        return main
    if end < start:
        return main
    out: list[tuple[str, int | None]] = []
    for i in range(max(0, start - H1_WINDOW), start):
        if page[i][1] == 1 and page_keys[i] not in keys:
            out = [page[i]]
    merged = [block for i, block in enumerate(page[start:end + 1], start)
              if page_keys[i] in keys or (block[1] is not None and page_keys[i])]
    # Keep trafilatura's own blocks that the page walk does not have as one block.
    seen = {page_keys[i] for i in range(start, end + 1)}
    if any(k not in seen for k in keys):
        return out + main if out else main
    return out + merged


def read_html(data: bytes, path: str) -> Decoded:
    text, encoding, marker, spots = decode_marked(data, path, declared=_declared_charset(data))
    text, removed = normalize_text(text)
    if not text.strip():
        raise SourceError(path, "网页内容为空（empty page）")
    text, stripped = limit_attributes(text)
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        tree = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise SourceError(path, f"网页无法解析（HTML parse error: {exc}）") from exc
    source_url = _source_url(tree)
    try:
        blocks = []
        if sum(1 for _ in tree.iter()) <= TRAFILATURA_MAX_ELEMENTS:
            blocks = _trafilatura_blocks(text)
        fallback = _fallback_blocks(tree)
        page = _page_blocks(tree)
        blocks = with_lost_headings(blocks, page) if blocks else _with_title(fallback, page)
        blocks = with_page_title(blocks, page, _page_title(tree))
    except RecursionError as exc:  # absurdly deep nesting (the parser caps it, but be sure)
        raise SourceError(path, "网页结构嵌套过深，无法提取正文（nesting too deep）") from exc
    body, levels, removed_inner = assemble(blocks)
    if not body.strip():
        raise SourceError(path, "网页中找不到正文（no main text found）")
    body, review = mark_spots(body, marker, encoding)
    return Decoded(text=body, encoding=encoding, heading_levels=levels, source_url=source_url,
                   removed_controls=removed + removed_inner, undecodable=spots, review=review,
                   reports=_attributes_report(stripped))


def _attributes_report(stripped: list[tuple[str, int]]) -> tuple[RuleReport, ...]:
    if not stripped:
        return ()
    report = RuleReport(RULE_ATTRIBUTES)
    for name, count in stripped:
        report.add(f"<{name}> 有约 {count} 个属性（超过 {MAX_ATTRIBUTES} 个），属性已删除，元素内容保留")
    return (report,)
