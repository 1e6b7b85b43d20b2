"""One listing of the built site folder, shared by the post-build steps.

The post-build steps (outside references, fingerprinted names and their source maps, the
Content-Security-Policy) each listed site/ again: with 1,000 speeches that is ~2,300
folders, ~40 ms a walk and about ten walks a warm build (13,706 folders opened, strace -c).
Now the folder is listed once, after buildcache.site_dir's prune (hooks/build_site_dir.py
opens the listing there and closes it after the last post-build step, or when the build
fails), and every step reads that listing.

A step may add, remove or rename files (fingerprinting renames the patched bundle, CSP
writes _deploy/): the listing stays true without being told. When a folder is read, its
status-change time is kept (st_ctime: it changes with every entry added, removed or renamed
in the folder, and no program can set it back); each later read stats every folder (no
folder is opened) and reads again only those whose status changed. A folder whose time is
less than SETTLED_NS old when it was read is read again every time: the kernel stamps from
a clock that ticks every few milliseconds, so a change in the same tick as the read would
leave the same time (what git calls racily clean).

The search shards' folder (OWN_FOLDERS) is left out: its files are written, kept and
removed by the shard writer (search.shards), in another process while these steps run, and
are named by their own content, so no step may read or rewrite them.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

# Relative POSIX paths of folders no post-build step reads (see above).
OWN_FOLDERS = frozenset({"search/shards"})
# A folder's status-change time this much older than the clock is trusted (see above).
SETTLED_NS = 2_000_000_000

class _Folder:
    """What a read of one folder found, and its status then."""

    __slots__ = ("ino", "ctime", "mtime", "settled", "path", "folders", "others")

    def __init__(self, st: os.stat_result, settled: bool, path: str, folders: tuple[str, ...],
                 others: tuple[str, ...]):
        self.ino, self.ctime, self.mtime, self.settled = st.st_ino, st.st_ctime_ns, st.st_mtime_ns, settled
        self.path, self.folders, self.others = path, folders, others   # folders: relative to the root


class Listing:
    """Every entry but folders (files, symlinks) below root, in the order of
    sorted(root.rglob("*")), kept true by re-reading only the folders that changed."""

    def __init__(self, root: Path, clock: Callable[[], int] = time.time_ns):
        self.root = Path(root)
        self._clock = clock
        self._folders: dict[str, _Folder] = {}
        self._rels: tuple[str, ...] | None = None
        self._paths: dict[Path, tuple[Path, ...]] = {}   # root as a caller names it -> its paths
        self.reads = 0   # folders opened so far (for tests and profiles)

    def relative(self) -> tuple[str, ...]:
        """The files' POSIX paths relative to root."""
        if self._refresh() or self._rels is None:
            rels = [f"{rel}/{name}" if rel else name for rel, folder in self._folders.items() for name in folder.others]
            rels.sort(key=lambda rel: rel.split("/"))   # how Path objects sort: part by part
            self._rels, self._paths = tuple(rels), {}
        return self._rels

    def files(self, root: Path | None = None) -> tuple[Path, ...]:
        """The files as paths below root (self.root unless named otherwise)."""
        rels, root = self.relative(), Path(root if root is not None else self.root)
        if root not in self._paths:
            self._paths[root] = tuple(root / rel for rel in rels)
        return self._paths[root]

    def _refresh(self) -> bool:
        """Bring every folder's entries up to date; whether any folder's entries changed.
        One stat a folder; a folder is opened only when its status moved or is not settled."""
        now = self._clock()   # before any stat: a folder changed after it is never settled
        old_folders, folders, changed, stack = self._folders, {}, False, [""]
        while stack:
            rel = stack.pop()
            old = old_folders.get(rel)
            path = old.path if old is not None else (os.path.join(self.root, rel) if rel else str(self.root))
            try:
                st = os.stat(path, follow_symlinks=False)
            except OSError:
                continue   # gone: its entries go with it (changed, below)
            if old is not None and old.settled and old.ctime == st.st_ctime_ns and old.ino == st.st_ino \
                    and old.mtime == st.st_mtime_ns:
                folder = old
            else:
                folder = self._read(rel, path, st, now)
                if folder is None:
                    continue
                changed = changed or old is None or old.folders != folder.folders or old.others != folder.others
            folders[rel] = folder
            stack.extend(folder.folders)
        changed = changed or len(folders) != len(old_folders)
        self._folders = folders
        return changed

    def _read(self, rel: str, path: str, st: os.stat_result, now: int) -> _Folder | None:
        """The folder at path read now (None when it is no folder any more, or unreadable)."""
        try:
            entries = list(os.scandir(path))
        except OSError:
            return None
        self.reads += 1
        subfolders, others = [], []
        for entry in entries:
            name = f"{rel}/{entry.name}" if rel else entry.name
            if name in OWN_FOLDERS:
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_folder:
                subfolders.append(name)
            else:
                others.append(entry.name)
        return _Folder(st, now - st.st_ctime_ns > SETTLED_NS, path, tuple(sorted(subfolders)), tuple(sorted(others)))


# The listing of the build running in this process, by its folder (open_listing .. close).
_open: dict[str, Listing] = {}


def open_listing(site_dir) -> Listing:
    """Share one listing of site_dir until `close` (the build's post-build steps)."""
    _open.clear()
    listing = _open[os.path.abspath(site_dir)] = Listing(Path(site_dir))
    return listing


def close() -> None:
    _open.clear()


def files(site_dir) -> tuple[Path, ...]:
    """Every file below site_dir (as sorted(site_dir.rglob("*")) lists them, folders and
    OWN_FOLDERS left out): from the shared listing while one is open, else listed now."""
    listing = _open.get(os.path.abspath(site_dir))
    return (listing or Listing(Path(site_dir))).files(Path(site_dir))


def relative(site_dir) -> tuple[str, ...]:
    """files(site_dir) as POSIX paths relative to it."""
    listing = _open.get(os.path.abspath(site_dir))
    return (listing or Listing(Path(site_dir))).relative()
