"""The one way into scripts/safety_month/data/: data tables that editors and linguists tune.

Every module reads its table through here, so the folder is named once and a table's
parse error always names the file.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml


# libyaml's safe loader when PyYAML has it: the importer's cleaning and structure rules read
# twenty tables when the first new source is cleaned (0.25 s with the pure-Python loader);
# the same data (tests/test_tables.py compares the two on every table).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TableError(ValueError):
    """A data table that cannot be read or parsed (the message names the file)."""


def path(name: str) -> Path:
    """The file data/<name> (a Path: the package is installed from a folder, never zipped)."""
    return Path(str(resources.files("safety_month").joinpath("data", name)))


def text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


def load(name: str):
    """The parsed YAML table data/<name>."""
    try:
        return yaml.load(text(name), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise TableError(f"scripts/safety_month/data/{name}: {exc}") from exc
