"""A speech entry: what the site knows about one imported speech page, in one shape.

The library and 历届主题 pages, the home page's cards, the 五进 excerpts and the search
index's facts all describe a speech page; they take it from this one frozen dataclass (or,
for search, from the fields it marks searchable), so a new front-matter fact is added here
once and every room sees it. `parse_speech` reads a page's text through the pages' one
reader; `SpeechEntry.from_meta` turns its fields into an entry, with errors that name the
file.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, fields
from functools import lru_cache

from . import reader

# Field metadata: readers search for this fact, which the page template shows but Material
# never indexes because it is not in the Markdown body (陆秋明, 代区长, 金坛区 …).
_SEARCHABLE = {"searchable": True}


def _searchable(label: str) -> dict:
    """Field metadata of a searchable fact; `label` names it in search results (讲话人：陆秋明),
    as the speech page's facts box does (overrides/speech.html)."""
    return {**_SEARCHABLE, "label": label}


class EntryError(ValueError):
    """A speech page whose front matter cannot be read; str() names the file and place."""


@dataclass(frozen=True)
class SpeechEntry:
    """The front-matter facts the site shows about one imported speech page."""

    src_uri: str                  # e.g. speeches/2023/2023-a1e049a0.md
    title: str
    body: str = ""                # Markdown after the front matter
    speaker: str | None = field(default=None, metadata=_searchable("讲话人"))
    role: str | None = field(default=None, metadata=_searchable("职务"))
    org: str | None = field(default=None, metadata=_searchable("地区或单位"))
    level: str | None = None
    occasion: str | None = field(default=None, metadata=_searchable("场合"))
    year: int | None = None       # searchable as "2023年" (about_text)
    date: str | None = None       # YYYY-MM-DD
    edition: int | None = None
    theme: str | None = field(default=None, metadata=_searchable("主题"))
    excerpt: bool = False         # the source gave only part of the speech (节选)
    part: int | None = None
    audiences: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    review_count: int = 0
    meta: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def byline(self) -> str:
        """'陆秋明（金坛区代区长）' style speaker line; '' when nothing is known."""
        who = self.speaker or ""
        office = f"{self.org or ''}{self.role or ''}"
        if who and office:
            return f"{who}（{office}）"
        return who or office

    @classmethod
    def from_meta(cls, src_uri: str, meta: dict, body: str = "") -> SpeechEntry:
        """The entry of a speech page's front-matter fields; EntryError names docs/<src_uri>."""
        where = f"docs/{src_uri}"
        title = _opt_str(meta, "title", where)
        if not title:
            raise EntryError(f"{where}: 讲话页面缺少 title（标题）")
        review = meta.get("review") or []
        review_count = _opt_int(meta, "review_count", where)
        return cls(
            src_uri=src_uri,
            title=title,
            body=body,
            speaker=_opt_str(meta, "speaker", where),
            role=_opt_str(meta, "role", where),
            org=_opt_str(meta, "org", where),
            level=_opt_str(meta, "level", where),
            occasion=_opt_str(meta, "occasion", where),
            year=_opt_int(meta, "year", where),
            date=_opt_str(meta, "date", where),
            edition=_opt_int(meta, "edition", where),
            theme=_opt_str(meta, "theme", where),
            excerpt=meta.get("excerpt") is True,
            part=_opt_int(meta, "part", where),
            audiences=_str_list(meta, "audiences", where),
            tags=_str_list(meta, "tags", where),
            review_count=review_count if review_count is not None else (len(review) if isinstance(review, list) else 0),
            meta=meta,
        )


# The facts search adds to a page's index entry, in this order (then the year).
SEARCHABLE_FIELDS = tuple(f.name for f in fields(SpeechEntry) if f.metadata.get("searchable"))
FACT_LABELS = {f.name: f.metadata["label"] for f in fields(SpeechEntry) if f.metadata.get("searchable")}


def about_text(meta: dict) -> str:
    """The searchable facts of a page's front matter, as one line ('' when there are none).

    Takes the raw fields, not an entry: search sees every page of the site, and a value of
    an unexpected type is left out here rather than failing the build (the editors' checks
    report it with its line)."""
    parts = [str(meta[k]).strip() for k in SEARCHABLE_FIELDS
             if isinstance(meta.get(k), (str, int)) and str(meta[k]).strip()]
    # Readers type a year as "2023年", the way the page shows it.
    if isinstance(meta.get("year"), int):
        parts.append(f"{meta['year']}年")
    return " ".join(parts)


def about_facts(meta: dict) -> list[str]:
    """The searchable facts of a page's front matter as a reader sees them named
    ("讲话人：陆秋明", "年份：2023年"), for a search result to show the fact that matched."""
    facts = [f"{FACT_LABELS[k]}：{str(meta[k]).strip()}" for k in SEARCHABLE_FIELDS
             if isinstance(meta.get(k), (str, int)) and str(meta[k]).strip()]
    if isinstance(meta.get("year"), int):
        facts.append(f"年份：{meta['year']}年")
    return facts


def parse_speech(text: str, src_uri: str) -> SpeechEntry | None:
    """The SpeechEntry of a page whose front matter says ``kind: speech``; None otherwise.

    Errors name the file as docs/<src_uri>. Cached on (text, src_uri): the library and 五进
    hooks both read every speech, and `mkdocs serve` re-reads them on every save.
    """
    return _parse_speech_cached(text, src_uri)


@lru_cache(maxsize=8192)
def _parse_speech_cached(text: str, src_uri: str) -> SpeechEntry | None:
    meta, body = _meta_and_body(text, f"docs/{src_uri}")
    if meta.get("kind") != "speech":
        return None
    return SpeechEntry.from_meta(src_uri, meta, body)


def _meta_and_body(text: str, src: str) -> tuple[dict, str]:
    """(fields, Markdown body) of a page, read by the pages' one reader.

    A page without front matter gives ({}, text), as an empty block does. A block MkDocs
    could not read raises EntryError naming the file and line (MkDocs itself would
    silently render the block as text).
    """
    fm = reader.parse(text, positions=False)
    lines = reader.normalize_newlines(text).split("\n")
    if fm.present and not fm.data and fm.errors and fm.errors[0].code != "fm.empty":
        error = fm.errors[0]
        raise EntryError(f"{src}: 第{error.line}行: 前置元数据（front matter）有误：{error.message_zh}")
    return fm.data, "\n".join(lines[fm.close_line:]) if fm.close_line else "\n".join(lines)


def _opt_str(meta: dict, key: str, src: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, (_dt.date, int)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise EntryError(f"{src}: 前置元数据 {key} 应为文字，实际为 {type(value).__name__}")
    return value.strip() or None


def _opt_int(meta: dict, key: str, src: str) -> int | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        raise EntryError(f"{src}: 前置元数据 {key} 应为整数，实际为 {value!r}")
    return value


def _str_list(meta: dict, key: str, src: str) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise EntryError(f"{src}: 前置元数据 {key} 应为文字列表")
    return tuple(str(v).strip() for v in value if str(v).strip())
