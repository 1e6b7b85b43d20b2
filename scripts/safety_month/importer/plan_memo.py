"""Plans of sources an earlier import already planned, by the source's bytes and name.

`make build` and `make serve` import the whole sources/ folder before every build; with 1,000
unchanged sources that was 9–10 s of CPU spent cleaning, structuring and rendering pages only
to find each one unchanged. A source's plan (plan_source: the pages' text, titles, parts,
review items, the rules' reports, the read facts) depends only on its bytes, its path (the
file-name review item, source_file), the importer's code and data, and the current year (the
year checks): `PlanMemo` keeps it under a key of the first three, in a table whose build stamp
(given by the command) covers code, data and year. Placing the pages (what is on disk, the
import record, the retired list) always runs: an edited or moved page is handled as before.

The table is any object with get(kind, key) -> bytes | None and put(kind, key, bytes)
(buildcache.store.Store, opened by `safety-month import`); errors of a source are never kept.

A source whose file status is the one the last import saw (seen.py) is not even read: its
plan's key and the plan without the pages' text come from one entry per output folder, read
once per run; a page's text is read from its plan only when placing needs it (the page is
written, moved, or its bytes on disk are not known by status), else placing compares the
page by the sha256 of its text. Those plans are still counted as used, so the table keeps them.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import zlib

from . import seen as seen_mod
from .errors import SourceError
from .model import RuleReport

KIND = "plan"
SEEN_KIND = "seen"   # one entry per output folder: seen.Seen's statuses


class Known:
    """What the import needs of a source's read stage when its plan is known (the sha256)."""

    def __init__(self, sha256: str):
        self.sha256 = sha256


class PageText:
    """A planned page's text, read from the stored plan when first asked for (str(…))."""

    def __init__(self, memo: "PlanMemo", key: str, index: int, sha256: str, replan):
        self.memo, self.key, self.index, self.sha256, self.replan = memo, key, index, sha256, replan
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            self._text = self.memo.page_text(self.key, self.index, self.sha256, self.replan)
        return self._text


def text_sha256(text) -> str:
    """sha256 of a planned page's text (a str, or a PageText that knows it)."""
    if isinstance(text, PageText):
        return text.sha256
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _light(value: dict) -> tuple:
    """A stored plan's value without the pages' text (each page's text sha256 instead)."""
    return (list(value["facts"]), [list(r) for r in value["rules"]],
            [[p[0], text_sha256(p[1]), p[2], p[3], p[4]] for p in value["pages"]])


class PlanMemo:
    def __init__(self, table):
        self.table = table
        # The bytes get() read, with the status they were read under, for put() (no third read).
        self._read: tuple[str, bytes, tuple | None] | None = None
        self.seen: seen_mod.Seen | None = None
        self._seen_key: str | None = None
        self._plans: set[str] | None = None   # keys of the plans in the table (a light plan needs its own)

    def begin(self, out_dir) -> seen_mod.Seen:
        """Read what the last import into out_dir saw (seen.py); once per run."""
        stamp = str(getattr(self.table, "stamp", "")).encode("utf-8")
        folder = os.fsencode(os.path.realpath(out_dir))
        self._seen_key = hashlib.sha256(len(stamp).to_bytes(8, "little") + stamp + folder).hexdigest()
        keys = getattr(self.table, "keys", None)
        self._plans = keys(KIND) if keys is not None else set()
        old = None
        found = self.table.get(SEEN_KIND, self._seen_key)
        if found is not None:
            try:
                old = marshal.loads(zlib.decompress(found))
            except (zlib.error, ValueError, EOFError, TypeError):
                old = None
        self.seen = seen_mod.Seen(old)
        return self.seen

    def finish(self) -> None:
        """Store this run's statuses when they differ from the last run's."""
        if self.seen is None or self._seen_key is None:
            return
        state = self.seen.state(os.path.lexists)
        if self.seen.changed(state):
            self.table.put(SEEN_KIND, self._seen_key, zlib.compress(marshal.dumps(state), 1))
        self.seen = None

    def page_text(self, key: str, index: int, sha256: str, replan) -> str:
        """The text of page ``index`` of the plan stored under ``key``; when that plan cannot be
        read, the source planned again (``replan``); SourceError when the page is not the same."""
        found = self.table.get(KIND, key)
        text = None
        try:
            text = json.loads(zlib.decompress(found))["pages"][index][1] if found is not None else None
        except (zlib.error, ValueError, KeyError, TypeError, IndexError):
            text = None
        if text is None or text_sha256(text) != sha256:
            source, plan = replan()
            text = next((str(p.text) for p in plan.pages if text_sha256(p.text) == sha256), None)
            if text is None:
                raise SourceError(source, "原稿在导入过程中被改动，页面未写入；请重新导入（source changed during the import）")
        return text

    def _known(self, source: str, source_file: str, replan):
        """The light plan of a source whose status the last import saw, as get() answers."""
        if self.seen is None:
            return None
        found = self.seen.source(source, source_file, seen_mod.status(source))
        if found is None or found[0] not in self._plans:
            return None
        key, (facts, rules, pages) = found
        keep = getattr(self.table, "keep", None)
        if keep is not None:
            keep(KIND, key)
        rows = [[p[0], PageText(self, key, i, p[1], replan), p[2], p[3], p[4]] for i, p in enumerate(pages)]
        return tuple(facts), [RuleReport(*r) for r in rules], rows

    def _key(self, source: str, source_file: str, data: bytes) -> str:
        # The table's stamp (code, data, year) is part of the key: the table only drops
        # entries of another stamp when an import commits, so the first import after a code
        # change would otherwise still read the plans the old code made.
        stamp = str(getattr(self.table, "stamp", "")).encode("utf-8")
        h = hashlib.sha256()
        for part in (stamp, os.fsencode(source), source_file.encode("utf-8", "surrogatepass"), data):
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
        return h.hexdigest()

    @staticmethod
    def _bytes(source: str, limit: int) -> tuple[bytes | None, tuple | None]:
        """(the bytes, the file's status before they were read), (None, None) when unreadable."""
        try:
            with open(source, "rb") as handle:
                stat = seen_mod.of(os.fstat(handle.fileno()))
                data = handle.read(limit + 1)
        except OSError:
            return None, None   # the read stage reports it
        return (data, stat) if len(data) <= limit else (None, None)

    def get(self, source: str, source_file: str, limit: int, replan=None):
        """((encoding, kind, sha256, source_url), the rules' reports, the pages as rows of
        PagePlan's fields) from an earlier import, or None. replan() -> (source, Plan): the
        source planned afresh, for a page text that cannot be read from the table."""
        known = self._known(source, source_file, replan) if replan is not None else None
        if known is not None:
            return known
        data, stat = self._bytes(source, limit)
        self._read = (source, data, stat) if data is not None else None
        key = self._key(source, source_file, data) if data is not None else None
        found = self.table.get(KIND, key) if key is not None else None
        if found is None:
            return None
        try:
            value = json.loads(zlib.decompress(found))
            answer = tuple(value["facts"]), [RuleReport(*r) for r in value["rules"]], [list(p) for p in value["pages"]]
            light = _light(value)
        except (zlib.error, ValueError, KeyError, TypeError, IndexError, UnicodeEncodeError):
            return None
        if self.seen is not None:
            self.seen.note_source(source, source_file, stat, key, light)
        return answer

    def put(self, source: str, source_file: str, limit: int, raw, plan) -> None:
        read, self._read = self._read, None
        data, stat = read[1:] if read is not None and read[0] == source else self._bytes(source, limit)
        if data is None or hashlib.sha256(data).hexdigest() != raw.sha256:
            return   # changed while it was read: the next import plans it again
        value = {"facts": [raw.encoding, raw.kind, raw.sha256, raw.source_url],
                 "rules": [[r.rule, r.count, list(r.examples)] for r in plan.cleaned.reports],
                 "pages": [[p.relpath, p.text, p.title, p.part, p.review] for p in plan.pages]}
        packed = zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"), 1)
        key = self._key(source, source_file, data)
        before = getattr(self.table, "written", None)
        self.table.put(KIND, key, packed)
        if self.seen is not None and (before is None or self.table.written > before):   # stored
            self._plans.add(key)
            self.seen.note_source(source, source_file, stat, key, _light(json.loads(json.dumps(value))))
