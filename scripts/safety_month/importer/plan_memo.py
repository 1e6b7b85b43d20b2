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
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib

from .model import RuleReport

KIND = "plan"


class Known:
    """What the import needs of a source's read stage when its plan is known (the sha256)."""

    def __init__(self, sha256: str):
        self.sha256 = sha256


class PlanMemo:
    def __init__(self, table):
        self.table = table
        self._read: tuple[str, bytes] | None = None   # the bytes get() read, for put() (no third read)

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
    def _bytes(source: str, limit: int) -> bytes | None:
        try:
            with open(source, "rb") as handle:
                data = handle.read(limit + 1)
        except OSError:
            return None   # the read stage reports it
        return data if len(data) <= limit else None

    def get(self, source: str, source_file: str, limit: int):
        """((encoding, kind, sha256, source_url), the rules' reports, the pages as rows of
        PagePlan's fields) from an earlier import, or None."""
        data = self._bytes(source, limit)
        self._read = (source, data) if data is not None else None
        found = self.table.get(KIND, self._key(source, source_file, data)) if data is not None else None
        if found is None:
            return None
        try:
            value = json.loads(zlib.decompress(found))
            return tuple(value["facts"]), [RuleReport(*r) for r in value["rules"]], [list(p) for p in value["pages"]]
        except (zlib.error, ValueError, KeyError, TypeError):
            return None

    def put(self, source: str, source_file: str, limit: int, raw, plan) -> None:
        read, self._read = self._read, None
        data = read[1] if read is not None and read[0] == source else self._bytes(source, limit)
        if data is None or hashlib.sha256(data).hexdigest() != raw.sha256:
            return   # changed while it was read: the next import plans it again
        value = {"facts": [raw.encoding, raw.kind, raw.sha256, raw.source_url],
                 "rules": [[r.rule, r.count, list(r.examples)] for r in plan.cleaned.reports],
                 "pages": [[p.relpath, p.text, p.title, p.part, p.review] for p in plan.pages]}
        packed = zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"), 1)
        self.table.put(KIND, self._key(source, source_file, data), packed)
