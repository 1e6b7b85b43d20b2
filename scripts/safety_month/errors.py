"""Errors the importer reports to the editor instead of crashing.

A SourceError always names the file, says in Chinese what is wrong (with the technical
reason in parentheses where it helps) and, when known, where in the file; ``str()`` is a
single line suitable for a terminal: ``path: reason`` or ``path: place: reason``.
"""

from __future__ import annotations

import os


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class SourceError(Exception):
    """An input file that cannot be imported; nothing is written for it."""

    def __init__(self, path: str | os.PathLike, reason: str, place: str | None = None):
        self.path = os.fspath(path)
        self.reason = _one_line(reason)
        self.place = _one_line(place) if place else None
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.place:
            return f"{self.path}: {self.place}: {self.reason}"
        return f"{self.path}: {self.reason}"
