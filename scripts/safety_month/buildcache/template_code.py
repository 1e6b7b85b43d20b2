"""Jinja's compiled templates kept in the page cache (a jinja2.BytecodeCache).

Every `mkdocs build` compiled the theme's ~40 templates again (lexing, parsing, generating
Python and compiling it): ~0.3 s of CPU in a build that otherwise takes every page from the
cache (cProfile of a warm 1,000-speech build). Jinja can keep the compiled code; here it is
kept in the page cache, so under the build stamp (code, theme, packages and configuration:
everything that shapes the environment the code was compiled for). Jinja itself files it by
template name and file name and checks it against a digest of the template's source and its
own version, compiling again when either differs.
"""

from __future__ import annotations

from jinja2.bccache import Bucket, BytecodeCache

from . import memo


class TemplateCode(BytecodeCache):
    """Compiled templates in the build's page cache (nothing without one)."""

    def load_bytecode(self, bucket: Bucket) -> None:
        raw = memo.get_blob("template-code", (bucket.key, bucket.checksum))
        if raw is not None:
            bucket.bytecode_from_string(raw)   # left empty (compiled again) on a version mismatch

    def dump_bytecode(self, bucket: Bucket) -> None:
        memo.put_blob("template-code", (bucket.key, bucket.checksum), bucket.bytecode_to_string())
