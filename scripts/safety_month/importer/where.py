"""Where a source is: its real path (symbolic links resolved), and the name its pages give it.

os.path.realpath costs a system call per component of a path; an import of 1,000 sources in
one folder resolved that folder twice for each of them. Here a folder is resolved once per
run (import_paths forgets them when a run starts: a folder may be moved or linked between
runs), and only a source that is itself a link is resolved whole.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import name_text

_real_folders: dict[tuple[str, str], str] = {}
# Each path's answer too: a source's path is resolved three times per run (dropping duplicate
# inputs, the name its pages give it, whether it is in sources/), the project root 2,000 times.
_real_paths: dict[tuple[str, str], str] = {}


def real_folders_forget() -> None:
    _real_folders.clear()
    _real_paths.clear()


def realpath(path: str) -> str:
    """os.path.realpath(path), its folder resolved once per run and the path itself once."""
    key = ("", path) if os.path.isabs(path) else (os.getcwd(), path)   # no system call for an absolute path
    found = _real_paths.get(key)
    if found is None:
        found = _real_paths[key] = _realpath(path)
    return found


def _realpath(path: str) -> str:
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    key = ("", folder) if os.path.isabs(folder) else (os.getcwd(), folder)
    real = _real_folders.get(key)
    if real is None:
        real = _real_folders[key] = os.path.realpath(folder or os.curdir)
    return os.path.join(real, name)


def source_file_for(path: str, root: Path | None) -> str:
    """How pages name their source: relative to the project root when inside it (normally
    sources/<name>), otherwise sources/<file name>; as faithful text (errors.name_text: a
    name that is not UTF-8 is read as GB18030 when certain, else its bytes are written as
    \\xNN), control characters kept (YAML escapes them)."""
    if root is not None:
        try:
            return name_text(Path(realpath(path)).relative_to(realpath(str(root))).as_posix())[0]
        except ValueError:
            pass
    return name_text(f"sources/{Path(path).name}")[0]


def inside(path: str, folder: Path) -> bool:
    try:
        Path(realpath(path)).relative_to(realpath(str(folder)))
    except ValueError:
        return False
    return True

