"""Plain-text sources (.txt): decode conservatively, normalize newlines and controls."""

from __future__ import annotations

from .encoding import decode_bytes
from .normalize import Decoded, normalize_text


def read_txt(data: bytes, path: str) -> Decoded:
    text, encoding = decode_bytes(data, path)
    text, removed = normalize_text(text)
    return Decoded(text=text, encoding=encoding, heading_levels={}, source_url=None,
                   removed_controls=removed)
