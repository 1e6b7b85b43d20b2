"""`mkdocs build` over the last build's site folder instead of emptying it first.

MkDocs empties site/ before every build (mkdocs.utils.clean_directory) and then creates
every folder and file again: with 1,000 speeches that is ~1,200 folders removed and made
again, about a second of system time in a build that otherwise reuses everything. With the
page cache on, the folder is left in place (`keep`, in place of clean_directory), each file
is written over as the build writes it, and after the build every file the build did not
write is removed (`prune`): the folder then holds exactly what emptying it first would have
left, without a stale page of a removed speech.

MkDocs' own writes of a file whose bytes are already there (most pages of a warm build) are
not made: truncating and writing ~1,000 pages again cost as much as emptying the folder. The
file's status-change time is brought forward instead (os.utime with its own times: the
modification time a deploy tool such as rsync compares stays as it was).

Which files the build wrote is told by the file system, not by a list of writers (MkDocs,
Material's plugins and the hooks write in many ways): a file written, replaced or renamed
into place since the snapshot has another inode or another status-change time (st_ctime,
which no program can set back, unlike the modification time shutil.copy2 copies). Entries
whose name starts with "." at the top of the folder are left alone, as clean_directory
leaves them.

A folder whose writer keeps it in step itself (`keep(left_to=...)`: the search shards, whose
writer writes only the files that changed and removes those it no longer makes) is left out
of the snapshot and the prune: removing its files only for the writer to write them back cost
~0.2 s of a warm build. A failed build removes such a folder whole (`end(failed=True)`),
as it removes every other file it did not write.
"""

from __future__ import annotations

import os
import shutil

# path -> (inode, status-change time in ns) of every file under the folder before the build
Snapshot = dict[str, tuple[int, int]]


def _files(folder: str, left_to: tuple[str, ...] = ()):
    """(path, stat) of every file under folder (symlinks as themselves), top-level dot
    entries and the folders left_to (POSIX paths relative to folder) left out."""
    root = os.path.normpath(os.path.abspath(folder))
    left = {os.path.join(root, *rel.split("/")) for rel in left_to}
    stack = [(root, True)]
    while stack:
        here, top = stack.pop()
        try:
            entries = list(os.scandir(here))
        except OSError:
            continue
        for entry in entries:
            if top and entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.path not in left:
                    stack.append((entry.path, False))
            else:
                try:
                    yield entry.path, entry.stat(follow_symlinks=False)
                except OSError:
                    continue


def snapshot(folder: str, left_to: tuple[str, ...] = ()) -> Snapshot:
    """Every file under folder as it is now (empty when the folder does not exist), but those
    in the folders left_to."""
    return {path: (st.st_ino, st.st_ctime_ns) for path, st in _files(folder, left_to)}


def stale(folder: str, before: Snapshot) -> list[str]:
    """The files of `before` that are still there untouched: nobody wrote them since."""
    found = []
    for path, (inode, ctime) in before.items():
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if (st.st_ino, st.st_ctime_ns) == (inode, ctime):
            found.append(path)
    return sorted(found)


def prune(folder: str, before: Snapshot) -> list[str]:
    """Remove the files the build did not write, and the folders that leaves empty (up to,
    not including, folder itself); the files removed."""
    removed = stale(folder, before)
    root = os.path.abspath(folder)
    parents = set()
    for path in removed:
        try:
            os.unlink(path)
        except FileNotFoundError:
            continue
        parents.add(os.path.dirname(os.path.abspath(path)))
    # Deepest first, so that a folder emptied by removing its empty subfolders goes too.
    for parent in sorted(parents, key=lambda p: p.count(os.sep), reverse=True):
        while parent != root and parent.startswith(root + os.sep):
            try:
                os.rmdir(parent)
            except OSError:   # not empty (or already gone): its parents are not empty either
                break
            parent = os.path.dirname(parent)
    return removed


# The folder this build writes over, and its snapshot (`keep`); empty between builds.
_state: dict = {}


def keep(folder: str, left_to: tuple[str, ...] = ()) -> None:
    """For the coming build: mkdocs.utils.clean_directory(folder) takes a snapshot instead of
    emptying it (any other folder is emptied as before); `finish` then prunes. left_to: the
    folders (POSIX, relative to folder) whose writer keeps them in step, left to it."""
    import mkdocs.utils as mkdocs_utils

    from safety_month.theme import internals

    _state.update(folder=os.path.abspath(folder), before=None, left_to=tuple(left_to))
    if internals.patched(mkdocs_utils, "clean_directory", internals.BUILD_SITE):
        return
    original_clean, original_write = mkdocs_utils.clean_directory, mkdocs_utils.write_file

    def clean_directory(directory: str) -> None:
        if _state.get("folder") == os.path.abspath(directory):
            _state["before"] = snapshot(directory, _state.get("left_to", ()))
        else:
            original_clean(directory)

    def write_file(content: bytes, output_path: str) -> None:
        before = _state.get("before")
        if not (before and os.path.normpath(output_path) in before and same_bytes(output_path, content)):
            original_write(content, output_path)

    internals.patch(internals.BUILD_SITE, mkdocs_utils, "clean_directory", clean_directory, once=True)
    # Not marked (once): the preview's own write_file (preview.pages) wraps this one when a
    # process serves after building (tests), and recognises its own by that mark.
    internals.patch(internals.BUILD_SITE, mkdocs_utils, "write_file", write_file)


def same_bytes(path: str, content: bytes) -> bool:
    """Whether path holds content already; if so, its status-change time is brought forward
    as a write would (its modification time is kept), so that `prune` sees it written."""
    try:
        st = os.stat(path)
        if st.st_size != len(content):
            return False
        with open(path, "rb") as f:
            if f.read() != content:
                return False
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        return True
    except OSError:
        return False


def finish() -> list[str]:
    """After MkDocs wrote every file (or the build failed): remove what the build did not
    write; the files removed."""
    folder, before, left_to = _state.pop("folder", None), _state.pop("before", None), _state.pop("left_to", ())
    if folder is not None:
        _left.update(folder=folder, left_to=left_to)
    return prune(folder, before) if folder is not None and before is not None else []


# The folder of the build and the folders in it left to their writers, from `finish` to `end`.
_left: dict = {}


def end(failed: bool = False) -> list[str]:
    """After the last post-build step, or when the build failed: `finish` if it has not run;
    a failed build also removes the folders left to their writers (the writer may have stopped
    half-way, or not run at all: emptying the folder first would not have kept them either)."""
    removed = finish()
    folder, left_to = _left.pop("folder", None), _left.pop("left_to", ())
    if failed and folder is not None:
        for rel in left_to:
            path = os.path.join(folder, *rel.split("/"))
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            elif os.path.lexists(path):
                os.unlink(path)
    return removed
