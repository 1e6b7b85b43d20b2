"""Writing generated pages: atomically, only when the text changed, never over an edit.

``write_page`` compares the new page with the file on disk:

- no file                      -> written            (status "created")
- same bytes                   -> left untouched     ("unchanged": mtime kept)
- generated, not edited since  -> regenerated        ("updated")
- edited by hand               -> left alone         ("refused"; placing.py reports it once), unless force=True:
                                  then the editor's file is copied to a backup first
                                  ("forced")

Whether a page was edited by hand is decided by the caller's ``hand_edited(text)`` (pages/contract.py
owns the generated_hash rule); a file that is not valid UTF-8 counts as edited.

Backups sit next to the page as hidden files, ``.<name>.bak`` then ``.<name>.2.bak`` …:
MkDocs never builds dot-files (its default exclude_docs is ".*"), and .gitignore already
ignores ``*.bak``, so a backup can neither reach the site nor be committed by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

# Shared with the build's writers of site/ (one place decides the mode of a replaced file).
from safety_month.atomic import atomic_write, fsync_dir, remove_stale_temporaries  # noqa: F401 - part of this module's interface

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
REFUSED = "refused"
FORCED = "forced"
STATUSES = (CREATED, UPDATED, UNCHANGED, REFUSED, FORCED)


@dataclass(frozen=True)
class WriteResult:
    path: Path
    status: str
    # FORCED: where the editor's version was saved; REFUSED: where --force would save it.
    backup: Path | None = None


def backup_path(path: Path) -> Path:
    """First free backup name for ``path``: .<name>.bak, .<name>.2.bak, .<name>.3.bak …"""
    path = Path(path)
    candidate = path.with_name(f".{path.name}.bak")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f".{path.name}.{number}.bak")
        number += 1
    return candidate


def write_page(path: Path, text: str, *, hand_edited: Callable[[str], bool],
               force: bool = False, sync_dir: bool = True) -> WriteResult:
    """Write one generated page following the rules in the module docstring."""
    path = Path(path)
    data = text.encode("utf-8")
    try:
        existing = path.read_bytes()
    except FileNotFoundError:
        atomic_write(path, data, sync_dir=sync_dir)
        return WriteResult(path, CREATED)
    if existing == data:
        return WriteResult(path, UNCHANGED)
    try:
        edited = hand_edited(existing.decode("utf-8"))
    except UnicodeDecodeError:
        edited = True
    if not edited:
        atomic_write(path, data, sync_dir=sync_dir)
        return WriteResult(path, UPDATED)
    backup = backup_path(path)
    if not force:
        return WriteResult(path, REFUSED, backup)
    atomic_write(backup, existing, sync_dir=sync_dir)
    atomic_write(path, data, sync_dir=sync_dir)
    return WriteResult(path, FORCED, backup)
