"""Shared helpers for the editor-check tests: load a fixture page and list its issues."""

from __future__ import annotations

from pathlib import Path

from safety_month import checks

FIXTURES = Path(__file__).parent / "fixtures" / "checks"


def issues_of(name: str, src_uri: str | None = None, code: str | None = None):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    _page, found = checks.check_text(name, text, src_uri)
    return [i for i in found if code is None or i.code == code]


def where(issues) -> list[tuple[int, int]]:
    return [(i.line, i.col) for i in issues]
