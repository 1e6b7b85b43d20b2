"""What every cached page result depends on besides the page itself: one digest per build.

A result is reused only under the same build stamp, made of
- the project's code and data (scripts/safety_month/**, scripts/hooks/*.py) and its theme
  folders (overrides/): by content, not modification time, because a CI checkout gives every
  file a new time;
- the installed versions of the packages that render pages (DISTRIBUTIONS);
- the configuration: the configuration files' bytes (mkdocs.yml and what it INHERITs) and
  every plain value MkDocs resolved from them but `extra` (so SITE_URL, read from the
  environment by !ENV, counts).

Pure except for reading those files; `digest` is the one hashing rule of the cache.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

# sha256 over parts, each with its length (so ("ab", "c") differs from ("a", "bc")): the
# preview's page cache and this one hash the same way.
from safety_month.preview.pages import digest

# Bump when the shape of a cached value changes: old entries then never match.
FORMAT = "1"
# Packages whose code turns a page into HTML; a new version may render differently.
DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2",
                 "MarkupSafe", "PyYAML", "jieba", "pypinyin", "segno")
# Files of the code folders that take part (compiled caches and editors' backups do not).
CODE_SUFFIXES = (".py", ".yml", ".yaml", ".txt", ".js", ".json", ".md", ".html", ".css", ".svg")


def tree_digest(folders: list[Path], suffixes: tuple[str, ...] | None = None) -> str:
    parts: list[str | bytes] = []
    for folder in folders:
        if not folder.is_dir():
            parts.append(f"{folder}:missing")
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and \
                    (suffixes is None or path.suffix.lower() in suffixes):
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


def versions() -> str:
    # Python's own version too: cached values are marshal data (memo), whose format is
    # Python's to change. And the byte order: packed postings are arrays of native integers
    # (search.postings), so a cache copied to a machine of the other order must not match.
    found = [f"python=={sys.version_info[0]}.{sys.version_info[1]}", f"byteorder={sys.byteorder}"]
    for name in DISTRIBUTIONS:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}: none")
    return ";".join(found)


def plain(value):
    """value when JSON can hold it as it is (nested too), else None: objects such as plugins
    or the theme print their memory address and would make every build's stamp new."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):   # MkDocs' Config objects are mappings, not dicts
        return {str(k): plain(v) for k, v in value.items()}
    return None


# Settings no page's HTML is made from: `extra` (see config_values) and where the site is
# written (`mkdocs build -d` elsewhere gives the same pages).
NOT_IN_PAGES = ("extra", "site_dir")


def config_values(config) -> str:
    """The configuration as resolved, as canonical JSON (plain values only), without `extra`:
    hooks fill it with values of the whole site (the newest speeches for the home page), and
    the page template's key holds the part a speech page can read (pages.extra_digest)."""
    return json.dumps({str(k): plain(v) for k, v in dict(config).items() if k not in NOT_IN_PAGES},
                      sort_keys=True, ensure_ascii=False)


def build_stamp(code_folders: list[Path], theme_folders: list[Path], config_files: list[Path],
                config) -> str:
    return digest(FORMAT, versions(), tree_digest(code_folders, CODE_SUFFIXES), tree_digest(theme_folders),
                  *[p.read_bytes() if p.is_file() else b"" for p in config_files], config_values(config))
