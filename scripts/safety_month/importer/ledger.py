"""The importer's memory of the pages it made: ``.imported.yml`` next to the pages.

Without a memory a page an editor deleted looks exactly like a page never made, and the next
import (every ``make build`` runs one) would create it again; and an edited page would be
warned about on every build. The record holds, for each page the importer made (identity:
source sha256 and part; the source file as a second key), where the page was last seen and,
for a page the editor changed, the fresh page that was last reported as not applied, so the
same news is given once.

It is a hidden file in the speech folder: MkDocs never builds dot-files, it travels with the
pages it describes (and with --out), and it is committed with them, so a fresh clone knows
what was deleted. It is the machine's, rewritten whole (atomically, only when it changed);
the editor's list of retired speeches is sources/retired.yml (retired.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from safety_month.atomic import atomic_write

LEDGER_FILE = ".imported.yml"

HEADER = """\
# 导入程序的记录（程序自动维护，不要手工修改）：导入生成过的每个页面（按原稿和篇号）现在在哪里，
# 以及手工修改过的页面已经提示过哪一版导入结果。页面被删除后，导入程序据此知道它是被删除的
# （视为撤下，记入 sources/retired.yml），而不是从未生成过，不会再次生成它。
"""


# libyaml's safe loader and dumper when PyYAML has them (reading a record of 1,000 pages: 0.05 s
# instead of 0.36 s, on every import of a build), the pure-Python ones otherwise; same YAML.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class Entry:
    source_sha256: str
    source_file: str
    part: int | None
    page: str                   # relative to the speech folder
    reported: str | None = None  # sha256 of the fresh page last reported as not applied

    def key(self) -> tuple[str, int | None]:
        return (self.source_sha256, self.part)


class Ledger:
    def __init__(self, path: Path, entries: list[Entry], text: str | None = None, known=None):
        self.path = path
        self.known = known   # seen.Seen: told the entries of the text written (read faster next time)
        self.entries = {entry.key(): entry for entry in entries}
        # The file as read: save() writes only when the record's text differs from it.
        self._loaded = text
        # Whether an entry changed since it was read: dumping 1,000 entries to compare the text
        # (0.05 s) is skipped for an import that changed none (every `make build`).
        self._changed = False

    def find(self, sha256: str, source_file: str, part: int | None) -> Entry | None:
        entry = self.entries.get((sha256, part))
        if entry is not None:
            return entry
        return next((e for e in self.entries.values() if e.source_file == source_file and e.part == part), None)

    def put(self, sha256: str, source_file: str, part: int | None, page: str,
            reported: str | None = None) -> None:
        old = self.find(sha256, source_file, part)
        new = Entry(sha256, source_file, part, page, reported)
        if old == new and self.entries.get(new.key()) is old:
            return
        if old is not None:
            del self.entries[old.key()]
        self.entries[(sha256, part)] = new
        self._changed = True

    def drop(self, sha256: str | None, source_file: str | None, part: int | None) -> None:
        """Forget a page (retired: its source may come back only through retired.yml)."""
        for key, entry in list(self.entries.items()):
            if (entry.source_sha256 == sha256 or entry.source_file == source_file) and \
                    (part is None or entry.part == part):
                del self.entries[key]
                self._changed = True

    def moved(self, old: Entry, page: str) -> None:
        self.entries[old.key()] = replace(old, page=page)
        self._changed = True

    def _sorted(self) -> list[Entry]:
        return sorted(self.entries.values(), key=lambda e: (e.page, e.source_sha256, e.part or 0))

    def _dump(self) -> str:
        rows = [{"source_sha256": e.source_sha256, "source_file": e.source_file, "part": e.part,
                 "page": e.page, "reported": e.reported}
                for e in self._sorted()]
        body = yaml.dump(rows, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000) if rows else "[]\n"
        return HEADER + body

    def save(self) -> bool:
        """Write the record when it changed; True when written."""
        if not self._changed and self._loaded is not None:
            return False   # the very entries read from the file (which may still be written
                           # differently, e.g. by hand: it is rewritten once an entry changes)
        text = self._dump()
        if text == self._loaded:
            return False
        if not self.entries and not self.path.exists():
            return False
        atomic_write(self.path, text.encode("utf-8"))
        self._loaded, self._changed = text, False
        if self.known is not None:
            self.known.note_ledger(_sha256(text), _rows(self._sorted()))   # in the file's order
        return True


def _rows(entries: list[Entry]) -> list[tuple]:
    return [(e.source_sha256, e.source_file, e.part, e.page, e.reported) for e in entries]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def load(out_dir: Path, known=None) -> Ledger:
    """The record of ``out_dir`` (empty when there is none, or when it cannot be read: then it
    is rebuilt from the pages found; a lost record only means a deleted page may come back
    once, never that a page is overwritten). ``known``: seen.Seen, which may hold the entries
    of this very text (by its sha256) from the last import."""
    path = Path(out_dir) / LEDGER_FILE
    text = None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Ledger(path, [], text, known)
    sha256 = _sha256(text) if known is not None else ""
    rows = known.ledger_entries(sha256) if known is not None else None
    if rows is not None:
        entries = [Entry(*row) for row in rows]
    else:
        entries = _entries(text)
    if known is not None:
        known.note_ledger(sha256, _rows(entries))
    return Ledger(path, entries, text, known)


def _entries(text: str) -> list[Entry]:
    try:
        rows = yaml.load(text, Loader=_LOADER)
    except (yaml.YAMLError, RecursionError, ValueError):
        rows = None
    entries = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        sha, source, page = row.get("source_sha256"), row.get("source_file"), row.get("page")
        part, reported = row.get("part"), row.get("reported")
        if isinstance(sha, str) and isinstance(source, str) and isinstance(page, str) and \
                (part is None or (isinstance(part, int) and not isinstance(part, bool))):
            entries.append(Entry(sha, source, part, page, reported if isinstance(reported, str) else None))
    return entries
