"""Keep fingerprinted file names true after the build patches theme assets.

Material names its bundles after their content (assets/javascripts/bundle.a5f9d56c.min.js),
and servers may cache such files for a year as immutable. The build patches some of them
(theme.patches, search worker fixes) but the name still carries the hash of the theme's
original content: change a patch without upgrading the theme and returning readers keep the
old file for a year. So every fingerprinted asset whose content no longer equals the theme's
original gets a new name from its own content, and every reference to the old name in the
built text files is rewritten.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from safety_month.atomic import write_build_file

# name.<8 hex>.min.js / .min.css, the theme's fingerprint pattern.
FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{8})\.min\.(?P<ext>js|css)$")
REWRITE_SUFFIXES = {".html", ".js", ".css", ".json", ".xml", ".webmanifest"}
# The theme's source map describes its original file, not the patched one (debuggers and
# Lighthouse then report mappings out of bounds), so a renamed file drops its map comment.
SOURCE_MAP_COMMENT = re.compile(r"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^\n]*?\*/)\s*$")


class FingerprintError(RuntimeError):
    pass


@dataclass(frozen=True)
class Renamed:
    old: str   # path relative to site_dir, POSIX
    new: str


def content_name(name: str, data: bytes) -> str:
    m = FINGERPRINTED.match(name)
    if not m:
        raise FingerprintError(f"{name} is not a fingerprinted asset name")
    digest = hashlib.sha256(data).hexdigest()[:8]
    return f"{m['stem']}.{digest}.min.{m['ext']}"


def changed_assets(site_dir: Path, theme_dirs: list[Path]) -> list[Path]:
    """Fingerprinted assets in site_dir whose bytes differ from the theme's original."""
    found = []
    for path in sorted((site_dir / "assets").rglob("*.min.*")):
        if not FINGERPRINTED.match(path.name):
            continue
        rel = path.relative_to(site_dir)
        original = next((d / rel for d in theme_dirs if (d / rel).is_file()), None)
        if original is None:
            continue  # not the theme's: the project's own files carry no theme hash
        if original.read_bytes() != path.read_bytes():
            found.append(path)
    return found


def rename_changed(site_dir: Path, theme_dirs: list[Path]) -> list[Renamed]:
    """Rename patched assets after their content and rewrite references to them."""
    renames: list[Renamed] = []
    for path in changed_assets(site_dir, theme_dirs):
        text = path.read_text(encoding="utf-8")
        text = SOURCE_MAP_COMMENT.sub("", text)
        data = text.encode("utf-8")
        new_path = path.with_name(content_name(path.name, data))
        if new_path == path:
            continue
        write_build_file(new_path, data)
        path.unlink()
        renames.append(Renamed(path.relative_to(site_dir).as_posix(), new_path.relative_to(site_dir).as_posix()))
    if renames:
        rewrite_references(site_dir, renames)
    return renames


def rewrite_references(site_dir: Path, renames: list[Renamed]) -> int:
    """Replace old file names by new ones in every built text file; return files changed.

    Names are replaced as whole file names (the hash makes them unique), which covers
    relative references from any depth ("../../assets/javascripts/bundle.x.min.js").
    """
    pairs = [(Path(r.old).name, Path(r.new).name) for r in renames]
    # One pass per file for all names (compiled once); files naming none are not scanned.
    names = dict(pairs)
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(old) for old, _ in pairs) + r")(?!\.map)")
    changed = 0
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in REWRITE_SUFFIXES or path.name.endswith(".map"):
            continue
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        if not any(old in text for old in names):
            continue
        new = pattern.sub(lambda m: names[m.group(1)], text)
        if new != text:
            write_build_file(path, new)
            changed += 1
    return changed


_MAP_REFERENCE = re.compile(r"sourceMappingURL=([^\s*]+\.map)")


def remove_orphan_maps(site_dir: Path) -> list[str]:
    """Delete source maps no built file points to any more (renamed assets drop their map
    comment; a map describes the theme's unpatched code and carries its outside URLs)."""
    referenced: set[str] = set()
    for path in site_dir.rglob("*"):
        if path.is_file() and path.suffix.lower() in (".js", ".css"):
            for name in _MAP_REFERENCE.findall(path.read_text(encoding="utf-8", errors="replace")):
                referenced.add((path.parent / name).resolve().as_posix())
    removed = []
    for path in sorted(site_dir.rglob("*.map")):
        if path.is_file() and path.resolve().as_posix() not in referenced:
            path.unlink()
            removed.append(path.relative_to(site_dir).as_posix())
    return removed
