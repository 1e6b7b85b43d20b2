"""Compiled Jinja templates kept in memory across `mkdocs serve` rebuilds.

MkDocs makes a new Jinja environment for every rebuild, so the theme's ~40 templates are
parsed and compiled again on each save: most of a preview rebuild's time on this site.
Jinja's bytecode cache keys each template by name and checks a hash of its source, so an
edited template is compiled again and nothing stale is served. Used only by the preview
configuration (mkdocs.preview.yml), never by the published build.
"""

from __future__ import annotations

import jinja2

from safety_month.theme import internals


class MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)   # ignored by Jinja when the source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._store.clear()

    def __len__(self) -> int:
        return len(self._store)


CACHE = MemoryBytecodeCache()


def attach(env: jinja2.Environment) -> jinja2.Environment:
    internals.patch(internals.TEMPLATE_CACHE, env, "bytecode_cache", CACHE)
    return env
