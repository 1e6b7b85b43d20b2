"""Folders the tests read from, named once (tests live one folder below tests/ by room)."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
SOURCES = ROOT / "sources"
