"""Files written atomically, with the permissions any other file of the process gets.

Every writer of the project that replaces a file goes through here: the importer's pages
(store.py), and every step of the build that rewrites a file of site/ (the search index and
its file:// copy, the CSP policy and the pages it edits, renamed assets and the references
to them, patched theme assets, the offline zip).

Why one place: `tempfile.mkstemp` creates its file with mode 0600, and a rename keeps that
mode. A site/ file written that way is unreadable to a web server whose workers are not
root (nginx's www-data): the deployed search index answered 403 and search never started.
Here the temporary file gets, before the rename, the mode the replaced file had, or for a
new file the mode a plain open() would give it (0o666 minus the process umask), so an
atomic write is indistinguishable from an ordinary one except that a reader never sees a
part of it.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO, Iterator

_UMASK_LOCK = threading.Lock()


def process_umask() -> int:
    """The umask, read without changing it where the system tells it (Linux /proc), since
    os.umask() can only be read by setting it, which would briefly affect files another
    thread creates."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:  # pragma: no cover - systems without /proc/self/status
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode open(path, "w") gives a new file: 0o666 minus the umask."""
    return 0o666 & ~process_umask()


def fsync_dir(directory: Path) -> None:
    """Make renames inside ``directory`` durable (best effort where unsupported)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def replacing(path: Path, *, durable: bool = True, sync_dir: bool = True) -> Iterator[BinaryIO]:
    """A binary file to write that replaces ``path`` when the block ends without error
    (and is removed when it fails): a temporary file in the same folder, given path's
    mode (or a new file's), fsync'd when ``durable``, then os.replace; the folder is
    fsync'd too when ``durable`` and ``sync_dir`` (callers writing many files in one folder
    may pass sync_dir=False and call fsync_dir once).

    Build outputs pass durable=False: a build is re-run rather than recovered, and an
    fsync per page would cost seconds at a thousand pages; the rename still means a server
    reading the file sees the old or the new one, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = new_file_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if durable and sync_dir:
        fsync_dir(path.parent)


# tempfile.mkstemp(prefix=".<name>.", suffix=".tmp"): eight characters of its random alphabet.
_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def stale_temporaries(folder: Path, before: float) -> list[Path]:
    """The temporary files `replacing` left under ``folder`` (any depth) when its process was
    killed between creating and renaming one (kill -9, power loss), older than ``before``
    (a time.time() value). Only names of the form `replacing` makes (".<name>.<random>.tmp"),
    so nothing an editor made is ever matched; the age keeps the files of a writer that is
    running now out of it."""
    found = []
    for path in Path(folder).rglob(".*.tmp"):
        if not _TEMP_NAME.fullmatch(path.name):
            continue
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < before:
                found.append(path)
        except OSError:
            continue
    return sorted(found)


def remove_stale_temporaries(folder: Path, before: float) -> int:
    """Delete stale_temporaries(folder, before); return how many went."""
    count = 0
    for path in stale_temporaries(folder, before):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            count += 1
    return count


def atomic_write(path: Path, data: bytes, *, durable: bool = True, sync_dir: bool = True) -> None:
    """Write ``data`` to ``path`` so readers see the old or the new file, never a part
    (see `replacing`)."""
    with replacing(path, durable=durable, sync_dir=sync_dir) as handle:
        handle.write(data)


def write_build_file(path: Path, data: bytes | str) -> None:
    """A file of the built site replaced atomically (not fsync'd: see `replacing`); text is
    written as UTF-8, keeping lone surrogates a page read with surrogateescape carried."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    atomic_write(path, data, durable=False)
