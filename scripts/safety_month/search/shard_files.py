"""The search shards' folder (site/search/shards/) kept in step by its writer (search.shards).

A warm build makes the same shards as the last build: removing the folder and writing its
~1,100 files back cost ~0.2 s. The writer instead writes only the files whose bytes differ
from those in place (a file name carries a hash of its content, but a build killed half-way
may have left a file cut short under its right name), and removes every file it did not
make once it made them all. The prune of an unemptied site folder (buildcache.site_dir)
leaves this folder to the writer; a build that makes no shards (Material's engine for a
small index) removes it (`clear`), and a failed build removes it whole (site_dir.end).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def put(path: Path, data: bytes) -> bool:
    """Write data at path unless path holds exactly data; whether it was written. (Written in
    place, as before: a file cut short by a killed build differs, and is written again.)"""
    try:
        if os.stat(path).st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.write_bytes(data)
    return True


def keep_only(folder: Path, names) -> list[str]:
    """Remove every entry of folder not in names (files of an earlier build, temporary files
    of a killed one); the names removed."""
    wanted, removed = set(names), []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name) if folder.is_dir() else []:
        if entry.name in wanted:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
        removed.append(entry.name)
    return removed


def clear(folder: Path) -> list[str]:
    """Remove the folder (a build that makes no shards); no log line (an empty list, what
    search.build's finish_shards gives back)."""
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)
    elif folder.exists() or folder.is_symlink():
        folder.unlink()
    return []
