"""Which page on disk was made from which source: a page belongs to its source, wherever it is.

An imported page names its source in its front matter (``source_file``, ``source_sha256``,
and ``part`` for one speech of a compilation). That is the page's identity: the importer
finds the page of a source by it anywhere under the speech folder, so an editor may move or
rename a page (for instance from undated/ into its year's folder after filling in ``year``,
as the editor guide says) and the next import updates it there, or leaves it alone when the
editor changed it, instead of creating it again at the old place.

Lookup order for a planned page (source sha256, source file, part):
1. a page naming the same source content (sha256) and part: the same source, perhaps renamed;
2. a page naming the same source file and part: the source file was replaced by a new
   version (its sha256 changed), the page is still that source's.
Among several pages with one identity (an editor copied a page), the one the caller prefers
(the importer's last known place of it, then its planned place) wins, else the first in
path order; the others are left alone.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Container
from pathlib import Path
from typing import Callable, NamedTuple

from safety_month.pages import reader

from . import seen

_PART_RE = re.compile(r"^part:[ \t]*[\"']?(\d{1,6})[\"']?[ \t]*$", re.MULTILINE)


class PageOwner(NamedTuple):
    source_file: str
    source_sha256: str | None
    part: int | None = None
    title: str | None = None


def owner_of(text: str) -> PageOwner | None:
    """The identity a page's front matter gives, or None for a page that names no source
    (written by hand). Only four top-level lines are read: this runs on every page."""
    block = reader.front_block(text)
    source_file = reader.scalar(block, "source_file") if block is not None else None
    if not source_file:
        return None
    part = _PART_RE.search(block)
    return PageOwner(source_file, reader.scalar(block, "source_sha256"),
                     int(part.group(1)) if part else None, reader.scalar(block, "title"))


def index_pages(out_dir: Path, known: seen.Seen | None = None,
                hand_edited: Callable[[str], bool] | None = None) -> dict[str, PageOwner]:
    """Page path (relative to out_dir, POSIX) -> the source named in its front matter, for the
    pages already under ``out_dir`` (hidden files and folders skipped, as MkDocs does).
    ``known``: what the last import saw of each page (seen.py): a page with the same file
    status is not read; a page read is noted there with its sha256 and ``hand_edited``."""
    index: dict[str, PageOwner] = {}
    if not out_dir.is_dir():
        return index
    for folder, dirs, files in os.walk(out_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relfolder = os.path.relpath(folder, out_dir).replace(os.sep, "/")
        for name in sorted(files):
            if name.startswith(".") or not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            rel = name if relfolder == "." else f"{relfolder}/{name}"
            owner = _owner_on_disk(path, rel, known, hand_edited) if known is not None else _owner_read(path)
            if owner is not None:
                index[rel] = owner
    return index


def _owner_read(path: str) -> PageOwner | None:
    try:
        return owner_of(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def _owner_on_disk(path: str, rel: str, known: seen.Seen, hand_edited) -> PageOwner | None:
    """owner_of the page, by its file status when the last import saw it so."""
    found = known.keep_page(rel, seen.status(path))
    if found is not None:
        return PageOwner(*found.owner) if found.owner is not None else None
    try:
        with open(path, "rb") as handle:
            # The status the bytes are read under: a later change gives the file another one.
            stat = seen.of(os.fstat(handle.fileno()))
            data = handle.read()
    except OSError:
        return None
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # As read_text does (universal newlines); the page contract reads the bytes as they are.
    owner = owner_of(raw.replace("\r\n", "\n").replace("\r", "\n"))
    if hand_edited is not None:
        known.note_page(rel, stat, seen.PageSeen(tuple(owner) if owner is not None else None,
                                                 hashlib.sha256(data).hexdigest(), hand_edited(raw)))
    return owner


class Finder:
    """Identity -> page path over an index (built once per run: two dictionaries)."""

    def __init__(self, existing: dict[str, PageOwner]):
        self.by_sha: dict[tuple[str, int | None], list[str]] = {}
        self.by_file: dict[tuple[str, int | None], list[str]] = {}
        for path, owner in existing.items():
            self.add(path, owner)

    def add(self, path: str, owner: PageOwner) -> None:
        """A page written during the run (a later input of the same content finds it)."""
        if owner.source_sha256:
            self.by_sha.setdefault((owner.source_sha256, owner.part), []).append(path)
        self.by_file.setdefault((owner.source_file, owner.part), []).append(path)

    def find(self, sha256: str, source_file: str, part: int | None,
             prefer: tuple[str | None, ...] = (), taken: Container[str] = frozenset()) -> str | None:
        """The page of (source, part), see the module docstring; paths in ``taken`` (pages
        another source of this run already owns) are not candidates."""
        for candidates in (self.by_sha.get((sha256, part), ()), self.by_file.get((source_file, part), ())):
            free = [path for path in candidates if path not in taken]
            if free:
                return next((path for path in prefer if path in free), free[0])
        return None


def same_year_folder(a: str, b: str) -> bool:
    """Whether two page paths (relative to the speech folder) are in the same year folder
    (their first component: "2021", "undated")."""
    return a.split("/", 1)[0] == b.split("/", 1)[0]
