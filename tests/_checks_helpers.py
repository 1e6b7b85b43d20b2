"""Shared helpers for the editor-check tests: load a fixture page and list its issues."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from safety_month import checks

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
ROOT = Path(__file__).resolve().parent.parent


def issues_of(name: str, src_uri: str | None = None, code: str | None = None):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    _page, found = checks.check_text(name, text, src_uri)
    return [i for i in found if code is None or i.code == code]


def where(issues) -> list[tuple[int, int]]:
    return [(i.line, i.col) for i in issues]


@lru_cache(maxsize=1)
def noisy_lines() -> tuple[str, ...]:
    """Lines of the raw seeds, the raw evaluation sources and the check fixtures (site
    chrome, page markers, paywall tails, placeholders and half-width marks among them)."""
    lines: set[str] = set()
    for folder in (ROOT / "sources", FIXTURES.parent / "eval", FIXTURES):
        for path in folder.rglob("*"):
            if path.is_file():
                lines.update(path.read_bytes().decode("utf-8", "replace").splitlines())
    return tuple(sorted(lines))


def same_matches(fast: re.Pattern, slow: re.Pattern, lines=None, whole: bool = False) -> int:
    """Assert that two compiled forms of a pattern match the same spans in every line
    (fullmatch when whole, else finditer); return how many matches there were."""
    hits = 0
    for line in noisy_lines() if lines is None else lines:
        if whole:
            a, b = fast.fullmatch(line), slow.fullmatch(line)
            assert (a and a.span()) == (b and b.span()), line
            hits += a is not None
        else:
            spans = [m.span() for m in fast.finditer(line)]
            assert spans == [m.span() for m in slow.finditer(line)], line
            hits += len(spans)
    return hits
