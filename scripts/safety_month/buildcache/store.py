"""The page cache's table on disk: (kind, key) -> bytes, in one SQLite file.

Why SQLite (the standard library's): a build reads a few thousand small values and writes as
many; one file with its own locking and atomic commits is faster than as many small files and
cannot be left half-written by a killed build. Reads go to the file as pages ask; writes go
into one transaction opened by the first of them (so they do not pile up in memory: about
40 KB per page) and committed when the build succeeded (`commit`); a failed or killed build
rolls it back, leaving the table as it was.

Entries nobody used for KEEP_BUILDS builds are deleted at each commit: a project that
alternates between two states (the bench, an editor trying a change and undoing it) keeps
both. A build that read exactly the entries the last recorded build used and stored none (a
build with nothing changed) leaves the file as it is: marking ~10,000 entries as used again
took a tenth of such a build, and it would keep the same entries as the last one did (so
builds are counted here only when they differ from the last). So are entries made under another build stamp (other code, theme or configuration:
stamps.build_stamp), which no build of the current code can use: about 55 KB per speech page
would pile up with every change of the code otherwise. A broken or locked file never stops a build: the
cache then answers nothing (`Store.problem` says why) and the build renders every page.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

FILE_NAME = "pages.sqlite"
# Builds an unused entry survives (see the module's docstring).
KEEP_BUILDS = 3
# Two builds of one project at once (a test suite, an editor's build beside CI's): the file is
# in WAL mode, so reading never waits; only one build writes. The other waits this long for
# the writing lock and then just does not store its results (it still reads).
LOCK_TIMEOUT = 0.2

# The table's layout; a file of another layout is emptied (it only ever held cached copies).
SCHEMA_VERSION = 4
# auto_vacuum: pages freed by the pruning go back to the file system (incremental_vacuum at
# commit) instead of the file keeping the size of its largest day.
_SCHEMA = """
PRAGMA auto_vacuum = INCREMENTAL;
DROP TABLE IF EXISTS entries;
DROP TABLE IF EXISTS builds;
CREATE TABLE entries (kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, used INTEGER NOT NULL,
                      stamp TEXT NOT NULL, PRIMARY KEY (kind, key));
CREATE TABLE builds (id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, used INTEGER NOT NULL);
PRAGMA user_version = 4;
VACUUM;
"""


class Store:
    def __init__(self, folder: Path, stamp: str = "", name: str = FILE_NAME):
        self.path = Path(folder) / name
        self.stamp = stamp   # the build stamp this build's entries are made under
        self.problem: str | None = None
        self._writing = False
        self.read_only = False   # another build holds the writing lock
        self.written = 0
        self._used: set[tuple[str, str]] = set()
        self.hits = self.misses = 0
        self._db: sqlite3.Connection | None = None
        # The last recorded build: its id and how many entries it used; entries read that it
        # did not use (see the module's docstring: a build like the last one is not recorded).
        self._last, self._last_used, self._new_reads = 0, -1, 0
        try:
            self._db = self._open()
            last = self._db.execute("SELECT id, used FROM builds ORDER BY id DESC LIMIT 1").fetchone()
            if last is not None:
                self._last, self._last_used = last
        except (sqlite3.Error, OSError) as exc:
            self._fail(f"{self.path}: {exc}")

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except sqlite3.DatabaseError:
            # Not a database (a truncated or foreign file): it only ever held cached copies.
            self.path.unlink(missing_ok=True)
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT, isolation_level=None)
        if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            db.executescript(_SCHEMA)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def _fail(self, why: str) -> None:
        self.problem = why
        self._close_db()

    def _close_db(self) -> None:
        """Close the file; an open writing transaction is rolled back."""
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None

    @property
    def active(self) -> bool:
        return self._db is not None

    def get(self, kind: str, key: str) -> bytes | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value, used FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        except sqlite3.Error as exc:
            self._fail(f"{self.path}: {exc}")
            return None
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        if (kind, key) not in self._used:
            self._used.add((kind, key))
            self._new_reads += row[1] != self._last
        return bytes(row[0])

    def keep(self, kind: str, key: str) -> None:
        """Count an entry as used by this build without reading it (the import's plans whose
        pages it compared by hash: they must stay for the page that one day needs its text)."""
        if self._db is not None:
            self._used.add((kind, key))

    def keys(self, kind: str) -> set[str]:
        """The keys of one kind's entries (one query instead of one per entry)."""
        if self._db is None:
            return set()
        try:
            return {row[0] for row in self._db.execute("SELECT key FROM entries WHERE kind = ?", (kind,))}
        except sqlite3.Error as exc:
            self._fail(f"{self.path}: {exc}")
            return set()

    def _begin(self) -> bool:
        """Hold the writing lock (once per build); False when another build holds it."""
        if not self._writing and not self.read_only:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                self._writing = True
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                self.read_only = True
        return self._writing

    def put(self, kind: str, key: str, value: bytes) -> None:
        if self._db is None:
            return
        try:
            if self._begin():
                self._db.execute("INSERT OR REPLACE INTO entries (kind, key, value, used, stamp) "
                                 "VALUES (?, ?, ?, 0, ?)", (kind, key, value, self.stamp))
                self._used.add((kind, key))
                self.written += 1
        except sqlite3.Error as exc:
            self._fail(f"{self.path}: {exc}")

    def commit(self) -> int:
        """Keep this build's new entries, mark every entry it read or wrote as used by it, and
        drop the ones unused for KEEP_BUILDS builds; returns how many entries were written."""
        if self._db is None:
            return 0
        try:
            db = self._db
            if self.written == 0 and self._new_reads == 0 and len(self._used) == self._last_used:
                return 0   # the very entries the last build used: nothing to record
            if not self._begin():
                return 0
            build = db.execute("INSERT INTO builds (at, used) VALUES (?, ?)", (time.time(), len(self._used))).lastrowid
            db.executemany("UPDATE entries SET used = ? WHERE kind = ? AND key = ?",
                           [(build, k, key) for k, key in self._used])
            db.execute("DELETE FROM entries WHERE used <= ? OR stamp != ?", (build - KEEP_BUILDS, self.stamp))
            db.execute("DELETE FROM builds WHERE id <= ?", (build - KEEP_BUILDS,))
            db.execute("COMMIT")
            self._writing = False
            db.executescript("PRAGMA incremental_vacuum;")   # execute() frees one page per step
        except sqlite3.Error as exc:
            self._fail(f"{self.path}: {exc}")
            return 0
        finally:
            self._used.clear()
        return self.written

    def close(self) -> None:
        """Forget this build's new entries (a failed build: rolled back) and close the file."""
        self._used.clear()
        self._close_db()

    def size_bytes(self) -> int:
        try:
            return os.path.getsize(self.path)
        except OSError:
            return 0


def reader(path: Path | None):
    """has(kind, key) -> bool over the table as the last build committed it, through a
    connection of its own opened read only (prerender's child: a forked process must not use
    the build's connection); None when the file cannot be read that way."""
    if path is None:
        return None
    try:
        db = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, timeout=LOCK_TIMEOUT)
    except (sqlite3.Error, ValueError):
        return None

    def has(kind: str, key: str) -> bool:
        try:
            return db.execute("SELECT 1 FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone() is not None
        except sqlite3.Error:
            return False
    return has
