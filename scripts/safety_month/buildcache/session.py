"""One `mkdocs build`'s use of the page cache: opened after every on_config hook ran (the
stamp covers the configuration they completed), closed after the last post-build step."""

from __future__ import annotations

from pathlib import Path

from safety_month import workers
from safety_month.preview.pages import config_files, custom_theme_dirs
from safety_month.search.segment import cache_dir

from . import memo, pages, stamps
from .store import Store

# Set to "off" to build without the cache (to compare, or to rule it out).
ENV_SWITCH = workers.PAGE_CACHE


def enabled(command: str | None) -> bool:
    """`mkdocs build` only: the live preview keeps its own caches (safety_month.preview)."""
    return command == "build" and cache_on()


def cache_on() -> bool:
    return workers.setting(ENV_SWITCH).lower() not in ("off", "0", "no")


def code_folders() -> list[Path]:
    package = Path(__file__).resolve().parents[1]     # scripts/safety_month
    return [package, package.parent / "hooks"]


def begin(config) -> str | None:
    """Open the cache of config's project; a line for the log when it cannot be used."""
    stamp = stamps.build_stamp(code_folders(), custom_theme_dirs(config.theme.dirs), config_files(config), config)
    store = Store(cache_dir(config.config_file_path), stamp)
    memo.start(store, stamp)
    pages.start_build()
    return f"page cache not used: {store.problem}" if store.problem else None


def end(*, commit: bool) -> str | None:
    counts = memo.stop(commit=commit)
    pages.start_build()
    if counts is None:
        return None
    hits, misses, written = counts
    return f"page cache: {hits} results reused, {misses} computed, {written} stored"


IMPORT_FILE = "imports.sqlite"


def import_table(root: Path | None) -> Store | None:
    """The table of `safety-month import`'s plans (importer.plan_memo) in root/.cache/, under
    a stamp of the code, the packages and the current year (the importer's year checks); None
    without a project root or with the cache switched off."""
    import datetime

    if root is None or not cache_on():
        return None
    stamp = stamps.digest(stamps.FORMAT, stamps.versions(), stamps.tree_digest(code_folders()[:1], stamps.CODE_SUFFIXES),
                          str(datetime.date.today().year))
    table = Store(Path(root) / ".cache", stamp, IMPORT_FILE)
    return table if table.active else None
