"""Checks and transforms of Material's search index (search/search_index.json)."""

from __future__ import annotations

import json
from pathlib import Path

# jieba's word boundary as written by Material's search plugin.
SEPARATOR = "\u200b"


class SearchIndexError(RuntimeError):
    pass


def require_segmenter() -> None:
    """Material silently skips Chinese segmentation when jieba is missing: refuse that."""
    try:
        import jieba  # noqa: F401
    except ImportError as exc:  # pragma: no cover - exercised by a subprocess test
        raise SearchIndexError(
            "jieba is not importable, so Chinese search would silently match almost nothing. "
            "Run `make venv` (or pip install -r requirements.lock)."
        ) from exc


def load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SearchIndexError(f"{path}: search index missing (is the search plugin on?)") from exc


def segmented_share(index: dict) -> float:
    """Share of index entries with Chinese text that carry jieba separators."""
    docs = [d for d in index.get("docs", []) if any("\u4e00" <= c <= "\u9fff" for c in d.get("text", ""))]
    if not docs:
        return 1.0
    return sum(SEPARATOR in d["text"] for d in docs) / len(docs)


def require_segmented(path: Path) -> None:
    index = load(path)
    share = segmented_share(index)
    if share < 0.5:
        raise SearchIndexError(
            f"{path}: only {share:.0%} of Chinese entries are segmented; "
            "jieba segmentation is not active in the search plugin."
        )
