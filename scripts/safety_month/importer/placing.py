"""Where a planned page goes, and whether it is written: the page of a source, wherever it is.

For each page a source yields (pipeline.plan_source), in this order:

1. the source (or this speech of it) is in sources/retired.yml: nothing is written ("retired");
2. a page of this source and part exists anywhere under the speech folder (identity.py):
   - the editor changed it: left alone ("refused" the first time the import sees this fresh
     page, reported then; "kept" afterwards, quietly; --force still replaces it after a backup);
   - unchanged since generated: updated where it is, whatever folder or name the editor gave
     it; except a page still at the importer's own last place whose year folder the fresh
     import changes (better year evidence): the importer moves its own page into the new
     year's folder (an editor's placement is never undone: a page the editor moved is not at
     the recorded place);
   (a page at the place the record (ledger.py) gives for it is that page too, even when the
   editor changed its source fields);
3. no such page, but the record says the importer made it: the editor deleted it,
   so the speech is retired (an entry appended to sources/retired.yml, which says how to
   bring it back) and nothing is written ("removed");
4. otherwise the page is created at its planned place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import ledger as ledger_mod, retired as retired_mod, seen as seen_mod, store
from .errors import display_name, shown
from .identity import Finder, PageOwner, same_year_folder
from .plan_memo import text_sha256

RETIRED = "retired"     # in sources/retired.yml: not written
REMOVED = "removed"     # deleted by the editor: retired now, not written
KEPT = "kept"           # edited by the editor and already reported: left alone, quietly
STATUSES = (RETIRED, REMOVED, KEPT)


class Collision(Exception):
    """A page path that belongs to another source (the message is the editor's line)."""


@dataclass
class Placed:
    path: str
    status: str
    title: str
    backup: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Places:
    """What the placing of one import run needs and keeps (built once per run)."""

    out_dir: Path
    existing: dict[str, PageOwner]
    ledger: ledger_mod.Ledger
    retired: list[retired_mod.Retired]
    retired_path: Path
    retired_shown: str
    hand_edited: Callable[[str], bool]
    force: bool = False
    claimed: dict[str, tuple[str, str]] = field(default_factory=dict)
    # What the last import saw of each page (seen.py): a page whose file status is unchanged
    # is compared with the fresh page by sha256, not read again. None: every page is read.
    seen: seen_mod.Seen | None = None

    def __post_init__(self) -> None:
        self.finder = Finder(self.existing)


def _rel(path: Path | None, out_dir: Path) -> str | None:
    if path is None:
        return None
    try:
        return path.relative_to(out_dir).as_posix()
    except ValueError:
        return str(path)


class _ClaimedByOthers:
    """The page paths another source (other content) claimed in this run, as a container:
    a lookup in the run's claims, not a set rebuilt for every page (that was quadratic: 0.2 s
    of each import of 1,000 unchanged sources)."""

    def __init__(self, claimed: dict[str, tuple[str, str]], sha256: str):
        self.claimed, self.sha256 = claimed, sha256

    def __contains__(self, path: object) -> bool:
        found = self.claimed.get(path)   # type: ignore[call-overload]
        return found is not None and found[1] != self.sha256


def _claim(places: Places, path: str, source: str, sha256: str) -> bool:
    """Claim a page path for this source in this run; False when an identical source already
    wrote it (a duplicate), Collision when a different one did."""
    if path in places.claimed:
        other, other_sha = places.claimed[path]
        if other_sha != sha256:
            raise Collision(f"{display_name(source)}: 页面 {path} 本次已由 {display_name(other)} 生成（内容不同，"
                            "文件名哈希前缀相同）；未写入，请告知维护者（page path collision）")
        return False
    places.claimed[path] = (source, sha256)
    return True


def _retire_deleted(places: Places, source_file: str, sha256: str, part: int | None,
                    title: str, page: str) -> Placed:
    text = retired_mod.entry_text(source_file, sha256, part, title, page, "页面被删除（导入时发现）")
    retired_mod.append(places.retired_path, text)
    places.retired.append(retired_mod.Retired(source_file, sha256, part))
    places.ledger.drop(sha256, source_file, part)
    return Placed(page, REMOVED, title, notes=[
        f"页面 {page} 已被删除，视为撤下：不再生成，已记入 {places.retired_shown}（要恢复，删去其中这一条后重新导入）"])


def place(places: Places, relpath: str, text, title: str, part: int | None, *,
          source: str, source_file: str, sha256: str) -> Placed:
    """Write (or not) one planned page; see the module docstring. ``text``: a str, or an object
    whose str() is the text (plan_memo.PageText, read only when needed). Raises Collision,
    OSError and SourceError (the text could not be had)."""
    finder, ledger = places.finder, places.ledger
    if retired_mod.covered(places.retired, sha256, source_file, part):
        found = finder.find(sha256, source_file, part)
        notes = [f"原稿已撤下（{places.retired_shown}），但页面 {found} 仍在：请删除这个页面，"
                 "或删去撤下清单中的那一条"] if found else []
        return Placed(found or relpath, RETIRED, title, notes=notes)
    entry = ledger.find(sha256, source_file, part)
    taken = _ClaimedByOthers(places.claimed, sha256)
    found = finder.find(sha256, source_file, part, prefer=(entry.page if entry else None, relpath), taken=taken)
    if found is None and entry is not None and entry.page not in taken and (places.out_dir / entry.page).is_file():
        found = entry.page      # the page at its recorded place, its source fields edited: still that page
    if found is None:
        if entry is not None:
            return _retire_deleted(places, source_file, sha256, part, title, entry.page)
        owner = places.existing.get(relpath)
        if owner and owner.source_sha256 and owner.source_sha256 != sha256:
            raise Collision(f"{display_name(source)}: 页面 {relpath} 已属于另一来源 {shown(owner.source_file)}（内容不同，"
                            "文件名哈希前缀相同）；未覆盖，请告知维护者（page path collision）")
        found = relpath
    if not _claim(places, found, source, sha256):
        return Placed(found, "skipped", title, notes=[f"{found} 已由 {display_name(places.claimed[found][0])} 生成（内容相同），跳过"])
    if entry is not None and entry.page == found and found != relpath and not same_year_folder(found, relpath):
        moved = _move_own(places, found, relpath, text, title)
        if moved is not None:
            ledger.put(sha256, source_file, part, moved.path)
            return moved
    return _write(places, found, text, title, entry, (sha256, source_file, part))


def _move_own(places: Places, old: str, new: str, text, title: str) -> Placed | None:
    """The importer's own, unedited page moved to the year folder the fresh import gives it;
    None (write in place) when it was edited or the new place is taken."""
    old_path, new_path = places.out_dir / old, places.out_dir / new
    try:
        current = old_path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if places.hand_edited(current) or os.path.lexists(new_path) or new in places.claimed:
        return None
    places.claimed[new] = places.claimed.pop(old)
    new_path.parent.mkdir(parents=True, exist_ok=True)
    store.atomic_write(new_path, str(text).encode("utf-8"), sync_dir=False)
    old_path.unlink()
    places.finder.add(new, places.existing[old]._replace(title=title))
    return Placed(new, store.UPDATED, title, notes=[f"页面从 {old} 移到 {new}（导入得出的年份变了；页面未经手工修改）"])


def _known_write(places: Places, rel: str, text) -> store.WriteResult | None:
    """write_page's answer for a page whose bytes the last import saw under the same file
    status (seen.py): unchanged or the editor's (and no --force), without reading it; None:
    ask write_page."""
    if places.seen is None:
        return None
    path = places.out_dir / rel
    known = places.seen.page(rel, seen_mod.status(path))
    if known is None:
        return None
    if known.sha256 == text_sha256(text):
        return store.WriteResult(path, store.UNCHANGED)
    if known.edited and not places.force:
        return store.WriteResult(path, store.REFUSED, store.backup_path(path))
    return None


def _write(places: Places, path: str, text, title: str, entry, key: tuple) -> Placed:
    sha256, source_file, part = key
    result = _known_write(places, path, text) or \
        store.write_page(places.out_dir / path, str(text), sync_dir=False,
                         hand_edited=places.hand_edited, force=places.force)
    status, reported = result.status, None
    if status == store.REFUSED:
        # The editor's page: reported once for each fresh page it does not take.
        reported = text_sha256(text)
        if entry is not None and entry.reported == reported:
            status = KEPT
        owner = places.existing.get(path)
        title = owner.title if owner is not None and owner.title else title
    places.ledger.put(sha256, source_file, part, path, reported)
    if status == store.CREATED:
        places.finder.add(path, PageOwner(source_file, sha256, part, title))
    return Placed(path, status, title, _rel(result.backup, places.out_dir))
