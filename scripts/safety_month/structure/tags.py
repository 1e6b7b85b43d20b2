"""Tags of a speech from the vocabulary in data/tags.yml (keyword counts)."""

from __future__ import annotations

from .text import table


def detect_tags(text: str) -> list[str]:
    out = []
    for entry in table("tags")["tags"]:
        if entry["tag"] in out:
            continue
        need, hits = entry.get("min_hits", 1), 0
        for word in entry["words"]:
            if hits >= need:
                break                      # enough: the exact count does not matter
            hits += text.count(word)
        if hits >= need:
            out.append(entry["tag"])
    return out
