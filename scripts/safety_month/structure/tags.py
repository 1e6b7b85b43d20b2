"""Tags of a speech from the vocabulary in data/tags.yml (keyword counts)."""

from __future__ import annotations

from .text import table


def detect_tags(text: str) -> list[str]:
    out = []
    for entry in table("tags")["tags"]:
        hits = sum(text.count(w) for w in entry["words"])
        if hits >= entry.get("min_hits", 1) and entry["tag"] not in out:
            out.append(entry["tag"])
    return out
