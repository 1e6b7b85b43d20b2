"""The note a reader sees under a speech: where the text comes from and what the editors did
to it, in plain Chinese (data/provenance.yml). Rule ids, hashes, file paths and review items
are for editors: they stay in the editorial box, which only the preview shows.

    reader_note(meta) -> ReaderNote

Pure: only the page's front matter is read, and any value an editor may have typed there
(a wrong type, a negative count) is tolerated, never raised on: a note with less in it is
better than a page that does not build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from safety_month import tables

# How a source file's suffix is named for readers.
_KINDS = {".docx": "Word 文档", ".doc": "Word 文档", ".html": "网页", ".htm": "网页",
          ".txt": "文本文件", ".pdf": "PDF 文档"}


@dataclass(frozen=True)
class ReaderNote:
    source: str                    # one sentence: where the text comes from
    url: str | None = None         # the source address, shown as text (never a link)
    done: list[str] = field(default_factory=list)   # what the editors did, one sentence each


@lru_cache(maxsize=1)
def _table() -> dict[str, dict]:
    return {str(k): v for k, v in (tables.load("provenance.yml") or {}).items() if isinstance(v, dict)}


def _row(rule: str) -> dict | None:
    table = _table()
    return table.get(rule) or table.get(rule.split(".", 1)[0])


def _count(value: object) -> int:
    try:
        n = int(value)          # (YAML may give a string when an editor typed one)
    except (TypeError, ValueError):
        return 0
    return max(n, 0)


def done_sentences(changes: object) -> list[str]:
    """What the editors did, from a page's import_changes (rule id -> count), in table order
    of first appearance; rules not in the table are left out."""
    if not isinstance(changes, dict):
        return []
    totals: dict[str, int] = {}
    counted: dict[str, bool] = {}
    for rule, value in changes.items():
        row = _row(str(rule))
        n = _count(value)
        if row is None or not n or not row.get("text"):
            continue
        text = str(row["text"])
        totals[text] = totals.get(text, 0) + n
        counted[text] = counted.get(text, False) or bool(row.get("count"))
    return [f"{text}（{n} 处）" if counted[text] else text for text, n in totals.items()]


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def source_sentence(meta: dict) -> tuple[str, str | None]:
    """Where the text comes from, and the address to show as text (None without one)."""
    url = meta.get("source_url")
    url = url.strip() if isinstance(url, str) and url.strip() else None
    host = _host(url) if url else ""
    if host:
        return f"本文整理自网页（{host}）。", url
    source = meta.get("source") if isinstance(meta.get("source"), str) else None
    if source and source.strip():
        return f"本文来源：{source.strip()}。", url
    path = meta.get("source_file")
    if isinstance(path, str) and path.strip():
        name = PurePosixPath(path.strip().replace("\\", "/"))
        kind = _KINDS.get(name.suffix.lower(), "文件")
        return f"本文整理自编辑部收集的{kind}“{name.name}”。", url
    return "本文由编辑部整理。", url


def reader_note(meta: dict) -> ReaderNote:
    source, url = source_sentence(meta)
    return ReaderNote(source, url, done_sentences(meta.get("import_changes")))
