"""Render stage: Speech -> one Markdown page with YAML front matter (the importer contract).

All escaping of source text happens once, in body.py (the Markdown body, escape_inline for
every other piece of source text, and the lines review items point at);
- front matter is written (pages/writer.py: the text PyYAML's safe_dump would write, faster):
  the editor's fields first, the importer's own after a comment line (MACHINE_COMMENT), each
  value on one line and quoted only where YAML needs it (PyYAML decides), so a body line
  "---" or a title with ": " can never end or break it.

render_page returns the page with its title and review items (RenderedPage), so the importer
never parses again what it just wrote. generated_hash is the sha256 of the page with that
value blanked (the rule is pages/contract.py's); is_hand_edited() tells the importer whether
an editor changed the page since it was generated.

A page the site's build could not convert in a few seconds is never written: render refuses
(SourceError naming the file and the reason) a speech over MAX_BODY_CHARS characters or
MAX_BLOCKS paragraphs, or one whose text needs more escapes and placeholder marks than a
speech has (MAX_MARKUP_FLOOR + MAX_MARKUP_SHARE of its characters): Python-Markdown's work
on a paragraph grows with the square of those (the structure stage already cuts paragraphs
at 3,000 characters). The figures behind the bounds: scripts/devtools/bench_bounds.py.
"""

from __future__ import annotations

import re

from safety_month import campaign
from dataclasses import dataclass

from safety_month.pages import contract, writer
# The page contract's names, used here and by the importer's callers through this module.
from safety_month.pages.contract import AUDIENCES, generated_hash, is_hand_edited  # noqa: F401
from .body import (  # noqa: F401 (REDACT_*, MAX_REVIEW_ITEMS, escape_*, redact_span: the page's parts, named here too)
    MAX_REVIEW_ITEMS,
    REDACT_RE,
    REDACT_TITLE,
    _REDACT_START_RE,
    body_lines,
    escape_inline,
    escape_line,
    one_line as _one_line,
    redact_span,
    review_places,
)
from .errors import SourceError
from .model import CleanResult, RawDocument, ReviewItem, Speech


# Bounds of a page (module docstring). Measured on the seeds, the fixtures and 300 generated
# speeches: at most 5,603 characters, 195 blocks, 8 escapes and 25 placeholders per page.
# 200,000 characters is several times the longest speech in official use (a government work
# report: 20,000-40,000) and converts in about 0.1 s; 2,000 blocks in about 0.1 s (each
# paragraph with its anchor line costs Python-Markdown some 50 microseconds); 1,000 escapes
# and marks plus 5 % of the characters is 30 times what a real page holds, and at most
# about 0.6 s of inline work at 200,000 characters.
MAX_BODY_CHARS = 200_000
MAX_BLOCKS = 2_000
MAX_MARKUP_FLOOR = 1_000
MAX_MARKUP_SHARE = 0.05
UNTITLED = "讲话（标题缺失）"

_URL_RE = re.compile(r"https?://[^\s\"<>]+")
def _markup(line: str) -> int:
    """The inline items Python-Markdown handles one by one in a body line: each escape (a
    backslash or an entity: one "\\" or "&" each) and each placeholder (the build marks it;
    counted twice, as the span it becomes has two tags)."""
    n = line.count("\\") + line.count("&")
    if _REDACT_START_RE.search(line):
        n += 2 * sum(1 for _ in REDACT_RE.finditer(line))
    return n


def _check_bounds(speech: Speech, raw: RawDocument, body: list[str],
                  where: list[tuple[int, str]]) -> None:
    """Refuse (SourceError) a page the build could not convert in seconds (module docstring)."""
    part = f"第 {speech.part} 篇" if speech.part is not None else None
    chars = sum(len(text) for _, text in where)
    if chars > MAX_BODY_CHARS:
        raise SourceError(raw.path, f"正文有 {chars} 字，超过一页的上限 {MAX_BODY_CHARS} 字，不像一篇讲话"
                                    "（可能是多篇合在一起、整站网页或数据）；未导入，请拆分后再导入"
                                    "（page too long）", part)
    if len(where) > MAX_BLOCKS:
        raise SourceError(raw.path, f"正文分成 {len(where)} 段，超过一页的上限 {MAX_BLOCKS} 段，不像一篇讲话"
                                    "（可能是名单、表格或目录）；未导入，请整理后再导入（too many paragraphs）", part)
    allowed = MAX_MARKUP_FLOOR + MAX_MARKUP_SHARE * chars
    # (every escape and placeholder of the body is in a text line: counted over the body at once)
    if _markup("\n".join(body)) > allowed:
        counts = [(_markup(body[index]), index, text) for index, text in where]
        total = sum(c for c, _, _ in counts)
        worst, _, text = max(counts, key=lambda c: (c[0], -c[1]))
        number = next(k for k, (c, _, t) in enumerate(counts, 1) if c == worst and t == text)
        raise SourceError(raw.path, f"正文中需要转义的符号（* < & _ 等）和占位符共 {total} 处，"
                                    f"超过上限 {int(allowed)} 处（{MAX_MARKUP_FLOOR} 处加正文字数的 "
                                    f"{MAX_MARKUP_SHARE:.0%}），不像讲话正文（可能是网页代码、表格或乱码）；"
                                    f"最多的是第 {number} 段（{worst} 处，开头“{_shown(text[:20])}”）；"
                                    "未导入（too much markup）", part)


def _shown(text: str) -> str:
    """Text for a one-line message: control characters and line breaks made visible."""
    return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text


# ---------------------------------------------------------------- front matter


_Q = writer.Text


def _q(text: str) -> _Q:
    return _Q(_one_line(text))


def _dump(data: dict) -> str:
    text = writer.dump(data)
    return text if text is not None else writer.reference_dump(data)


# Front matter: the fields an editor reads and changes first, then, under MACHINE_COMMENT, the
# importer's own (what it based its judgements on, where the text came from, the 待核对 list
# and the hash). YAML does not care about the order; an editor does.
MACHINE_FIRST = "kind"
MACHINE_COMMENT = "# 以下由导入程序填写：页面类型、判断依据、来源和待核对事项（核对完一项就删去一项）\n"


def _front(speech: Speech, raw: RawDocument, cleaned: CleanResult, source_file: str,
           review: list[tuple[int, ReviewItem]]) -> dict:
    fm: dict = {"title": _q(_one_line(speech.title) or UNTITLED)}
    for key in ("speaker", "role", "org", "level", "occasion"):
        value = getattr(speech, key)
        if value:
            fm[key] = _q(value)
    if speech.year:
        fm["year"] = int(speech.year)
    if speech.date:
        fm["date"] = _q(speech.date)
    fm["tags"] = [_q(t) for t in speech.tags]
    audiences = [a for a in AUDIENCES if a in speech.audiences]
    fm["audiences"] = [_q(a) for a in audiences]
    if speech.excerpt:
        fm["excerpt"] = True
    if speech.part is not None:
        fm["part"] = int(speech.part)
    url = _one_line(cleaned.source_url or raw.source_url or "")
    if _URL_RE.fullmatch(url):
        fm["source_url"] = _q(url)
    # the importer's own fields (MACHINE_FIRST onwards)
    fm[MACHINE_FIRST] = _q("speech")
    if speech.year:
        fm["year_reason"] = _q(speech.year_reason or "")
    camp = campaign.by_year(speech.year) if speech.year else None
    if camp:
        fm["edition"] = camp.edition
        if camp.theme:
            fm["theme"] = _q(camp.theme)
    fm["audience_reasons"] = {a: _q(speech.audiences[a]) for a in audiences}
    # (the name as it is, control characters too: YAML escapes them; the importer has made a
    # name that was not valid UTF-8 into text and says how in a review item)
    fm["source_file"] = _Q(source_file)
    fm["source_sha256"] = _q(raw.sha256)
    fm["import_changes"] = {r.rule: int(r.count) for r in sorted(cleaned.reports, key=lambda r: r.rule) if r.count}
    fm["review"] = _review_entries(review)
    fm["review_count"] = len(review)
    return fm


def _front_text(fm: dict) -> str:
    """The front matter's text: the editor's fields, MACHINE_COMMENT, the importer's fields,
    and the blank hash line (contract.stamp fills it in)."""
    keys = list(fm)
    cut = keys.index(MACHINE_FIRST)
    return (_dump({k: fm[k] for k in keys[:cut]}) + MACHINE_COMMENT
            + _dump({k: fm[k] for k in keys[cut:]}) + contract.BLANK + "\n")


def _review_entries(review: list[tuple[int, ReviewItem]]) -> list[dict]:
    return [{"line": line, "rule": _q(item.rule), "message": _q(item.message)} for line, item in review]


@dataclass(frozen=True)
class RenderedPage:
    """A rendered page and what its front matter says that the importer reports, so that
    nothing parses again the page just written."""

    text: str             # the whole .md file (LF newlines, trailing newline, deterministic)
    title: str            # the front matter's title
    review: list[dict]    # [{line, rule, message}] as in the front matter's review list


def render_speech(speech: Speech, raw: RawDocument, cleaned: CleanResult, source_file: str) -> str:
    """The whole .md file for one speech (render_page's text)."""
    return render_page(speech, raw, cleaned, source_file).text


def render_page(speech: Speech, raw: RawDocument, cleaned: CleanResult, source_file: str) -> RenderedPage:
    """The page of one speech with its title and review items.
    Raises SourceError for a page over the bounds (module docstring)."""
    pieces: list[int] = []
    sources: list[int] = []
    body, where = body_lines(speech.blocks, pieces, sources)
    _check_bounds(speech, raw, body, where)
    # Where each item points (a body line index, None: the title line).
    placed = review_places(speech, body, where, pieces, sources)
    items = [it for _, it in placed]
    placeholder = [(0, it) for it in items]
    fm = _front(speech, raw, cleaned, source_file, placeholder)
    # The front matter is written in three parts (dump() writes each key on its own lines):
    # the keys before "review", "review", the keys after it; only the middle one is written
    # again once the review lines are known. Any part writer.dump cannot write: the whole
    # front matter through _front_text, twice, as before.
    keys = list(fm)
    cut, machine = keys.index("review"), keys.index(MACHINE_FIRST)
    editor = writer.dump({k: fm[k] for k in keys[:machine]})
    before = writer.dump({k: fm[k] for k in keys[machine:cut]})
    tail = writer.dump({k: fm[k] for k in keys[cut + 1:]})
    middle = writer.dump({"review": fm["review"]})
    split = None not in (editor, before, tail, middle)
    head = editor + MACHINE_COMMENT + before if split else ""
    tail = tail + contract.BLANK + "\n" if split else ""
    fm_text = head + middle + tail if split else _front_text(fm)
    n_fm = fm_text.count("\n")
    body_first = n_fm + 4          # "---", fm lines, "---", blank, then the body
    title_line = 2
    resolved = [(title_line if place is None else body_first + place, it) for place, it in placed]
    if items:                      # only the review lines change; without items, nothing does
        fm["review"] = _review_entries(resolved)
        middle = writer.dump({"review": fm["review"]}) if split else None
        fm_text = head + middle + tail if middle is not None else _front_text(fm)
    if fm_text.count("\n") != n_fm:   # pragma: no cover - numbers never change line count
        raise AssertionError("front matter line count changed while numbering review lines")
    page = "---\n" + fm_text + "---\n\n" + "\n".join(body) + "\n"
    return RenderedPage(contract.stamp(page), str(fm["title"]),
                        [{"line": entry["line"], "rule": str(entry["rule"]), "message": str(entry["message"])}
                         for entry in fm["review"]])


def page_relpath(speech: Speech, raw: RawDocument) -> str:
    """Path under docs/speeches/: "<year|undated>/<year|undated>-<sha8>[-<part>].md"."""
    folder = str(speech.year) if speech.year else "undated"
    slug = f"{folder}-{raw.sha256[:8]}"
    if speech.part is not None:
        slug += f"-{speech.part}"
    return f"{folder}/{slug}.md"
