"""Plain-text sources (.txt): decode conservatively, normalize newlines and controls."""

from __future__ import annotations

from .encoding import decode_marked
from .normalize import Decoded, mark_spots, normalize_text


def read_txt(data: bytes, path: str) -> Decoded:
    text, encoding, marker, spots = decode_marked(data, path)
    text, removed = normalize_text(text)
    text, review = mark_spots(text, marker, encoding)
    return Decoded(text=text, encoding=encoding, heading_levels={}, source_url=None,
                   removed_controls=removed, undecodable=spots, review=review)
