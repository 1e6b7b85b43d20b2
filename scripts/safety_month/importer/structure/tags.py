"""Tags of a speech from the vocabulary in data/tags.yml (keyword counts)."""

from __future__ import annotations

from .text import table


def count_upto(text: str, word: str, limit: int) -> int:
    """min(text.count(word), limit), stopping at the limit-th occurrence (the same
    non-overlapping occurrences str.count counts) instead of scanning the whole text."""
    if not word:                    # "" occurs at every position: no scan to save
        return min(text.count(word), limit)
    found, pos = 0, text.find(word)
    while pos >= 0 and found < limit:
        found += 1
        pos = text.find(word, pos + len(word))
    return found


def detect_tags(text: str) -> list[str]:
    out = []
    for entry in table("tags")["tags"]:
        if entry["tag"] in out:
            continue
        need, hits = entry.get("min_hits", 1), 0
        for word in entry["words"]:
            if hits >= need:
                break                      # enough: the exact count does not matter
            hits += count_upto(text, word, need - hits)
        if hits >= need:
            out.append(entry["tag"])
    return out
