"""safety_month.tables is the one way into scripts/safety_month/data/: tables parse, a broken or
missing one names its file, and no other module opens the data folder by itself."""

import re

import pytest

from safety_month import tables
from tests import paths

PACKAGE = paths.ROOT / "scripts" / "safety_month"
# Converted to tables by the importer's own restructuring (issue 15, importer/clean and
# importer/structure); listed by path so that no other module can join them unnoticed.
NOT_YET = {"importer/clean/base.py", "importer/structure/text.py"}
_OWN_LOADER = re.compile(r"\bimport resources\b|resources\.files\(|joinpath\([\"']data\b|/ [\"']data[\"']")


def test_a_table_parses_and_its_text_is_the_file():
    assert tables.load("campaigns.yml")["current_year"] >= 2025
    assert tables.text("campaigns.yml") == (PACKAGE / "data" / "campaigns.yml").read_text(encoding="utf-8")
    assert tables.path("campaigns.yml") == PACKAGE / "data" / "campaigns.yml"


def test_a_missing_or_broken_table_names_its_file(monkeypatch):
    with pytest.raises(tables.TableError, match="^scripts/safety_month/data/nope.yml: "):
        tables.load("nope.yml")
    monkeypatch.setattr(tables, "text", lambda name: "a: [\n")
    with pytest.raises(tables.TableError, match=r"(?s)^scripts/safety_month/data/outreach.yml: .*line 2"):
        tables.load("outreach.yml")


def test_no_module_reads_the_data_folder_itself():
    own = []
    for file in sorted(PACKAGE.rglob("*.py")):
        rel = file.relative_to(PACKAGE).as_posix()
        if rel == "tables.py" or rel in NOT_YET:
            continue
        own += [f"{rel}:{n}: {line.strip()}" for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
                if _OWN_LOADER.search(line)]
    assert own == []


def test_every_table_is_the_same_data_with_libyamls_loader_as_with_pyyamls():
    """tables.load reads with libyaml's safe loader when PyYAML has it (faster); the data must
    be exactly what the pure-Python safe loader gives, for every table of the data folder."""
    import yaml

    names = sorted(p.name for p in (PACKAGE / "data").iterdir() if p.suffix in (".yml", ".yaml"))
    assert len(names) >= 10
    for name in names:
        assert tables.load(name) == yaml.load(tables.text(name), Loader=yaml.SafeLoader), name
