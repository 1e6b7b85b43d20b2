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

import fnmatch
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from safety_month.atomic import write_build_file
from safety_month.publish import site_files
from safety_month.theme.patches import A11Y_PATCHES, OFFLINE_PATCHES, SEARCH_PATCHES
from safety_month.theme.patching import Patch, PatchError, apply_patch_text

# name.<8 hex>.min.js / .min.css, the theme's fingerprint pattern.
FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{8})\.min\.(?P<ext>js|css)$")
REWRITE_SUFFIXES = {".html", ".js", ".css", ".json", ".xml", ".webmanifest"}
# The theme's source map describes its original file, not the patched one (debuggers and
# Lighthouse then report mappings out of bounds), so a renamed file drops its map comment.
SOURCE_MAP_COMMENT = re.compile(r"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^\n]*?\*/)\s*$")


# The hooks that patch theme assets after the build, by file name, with their patches.
PATCHING_HOOKS = {"publish_outside_refs": OFFLINE_PATCHES, "theme_a11y": A11Y_PATCHES, "search": SEARCH_PATCHES}


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
    for path in site_files.files(site_dir):   # the build's one listing of site/
        if not FINGERPRINTED.match(path.name) or path.parts[len(site_dir.parts)] != "assets":
            continue
        rel = path.relative_to(site_dir)
        original = next((d / rel for d in theme_dirs if (d / rel).is_file()), None)
        if original is None:
            continue  # not the theme's: the project's own files carry no theme hash
        if original.read_bytes() != path.read_bytes():
            found.append(path)
    return found


def planned_renames(theme_dirs: list[Path], patches: list[Patch]) -> dict[str, str]:
    """{old file name: new file name} that rename_changed will give the theme's fingerprinted
    assets once `patches` are applied to them, worked out from the theme's own files before
    any page is written: the pages then get the final names as they are rendered
    (rewrite_text), instead of every written page being read and rewritten after the build.
    Patches that do not match are left out here (the hook applying them fails the build)."""
    plan: dict[str, str] = {}
    seen: set[str] = set()
    for root in theme_dirs:
        assets = root / "assets"
        for path in sorted(assets.rglob("*.min.*")) if assets.is_dir() else []:
            rel = path.relative_to(root).as_posix()
            if rel in seen or not FINGERPRINTED.match(path.name):
                continue
            seen.add(rel)   # the first theme dir holding a file is the one MkDocs copies
            original = path.read_text(encoding="utf-8", errors="surrogateescape")
            text = _patched(original, rel, patches)
            if text != original:
                data = SOURCE_MAP_COMMENT.sub("", text).encode("utf-8", errors="surrogateescape")
                if content_name(path.name, data) != path.name:
                    plan[path.name] = content_name(path.name, data)
    return plan


def planned_for_hooks(theme_dirs: list[Path], running: set[str]) -> dict[str, str]:
    """planned_renames for a build running the hooks `running` (file stems): the patches of
    the patching hooks among them."""
    patches = [p for hook, listed in PATCHING_HOOKS.items() if hook in running for p in listed]
    return planned_renames(theme_dirs, patches)


def _patched(text: str, rel: str, patches: list[Patch]) -> str:
    for patch in patches:
        if fnmatch.fnmatchcase(rel, patch.glob) and not (patch.new and patch.new in text and patch.old not in text):
            try:
                text = apply_patch_text(text, patch, rel)
            except PatchError:
                continue
    return text


def rewrite_text(text: str, names: dict[str, str]) -> str:
    """`text` with every whole file name in `names` replaced (rewrite_references' rule): an
    occurrence right after a word character, "." or "-", or followed by ".map", is another
    name. New names never hold an old one (they differ in the hash), so one name after the
    other gives what one pass for all would."""
    for old, new in names.items():
        if old in text:
            text = _replace_whole(text, old, new)
    return text


_NAME_CHAR = re.compile(r"[\w.-]")


def _replace_whole(text: str, old: str, new: str) -> str:
    out, pos, start = [], 0, text.find(old)
    while start != -1:
        end = start + len(old)
        if not (start and _NAME_CHAR.match(text, start - 1)) and not text.startswith(".map", end):
            out.append(text[pos:start])
            out.append(new)
            pos = end
            start = text.find(old, end)
        else:
            start = text.find(old, start + 1)
    out.append(text[pos:])
    return "".join(out)


def correction(plan: dict[str, str], renames: list[Renamed]) -> dict[str, str]:
    """{name a page rewritten with `plan` holds: the name it must hold} after the actual
    `renames`; empty when the plan was right (the usual case)."""
    actual = {Path(r.old).name: Path(r.new).name for r in renames}
    fixes = {plan.get(old, old): actual.get(old, old) for old in set(plan) | set(actual)}
    return {held: wanted for held, wanted in fixes.items() if held != wanted}


def rename_changed(site_dir: Path, theme_dirs: list[Path], done: frozenset[str] = frozenset()) -> list[Renamed]:
    """Rename patched assets after their content and rewrite references to them, except in
    the files `done` (POSIX paths relative to site_dir, rewritten as they were rendered)."""
    renames = rename_assets(site_dir, theme_dirs)
    if renames:
        rewrite_references(site_dir, renames, done)
    return renames


def rename_assets(site_dir: Path, theme_dirs: list[Path]) -> list[Renamed]:
    """Rename patched assets after their content (references are left to rewrite_references)."""
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
    return renames


def rewrite_references(site_dir: Path, renames: list[Renamed], done: frozenset[str] = frozenset()) -> int:
    """Replace old file names by new ones in every built text file; return files changed.

    Names are replaced as whole file names (the hash makes them unique), which covers
    relative references from any depth ("../../assets/javascripts/bundle.x.min.js").
    """
    names = {Path(r.old).name: Path(r.new).name for r in renames}
    changed = 0
    for path in site_files.files(site_dir):
        if path.suffix.lower() not in REWRITE_SUFFIXES or path.name.endswith(".map") or not path.is_file():
            continue
        if path.relative_to(site_dir).as_posix() in done:
            continue
        data = path.read_bytes()
        if not any(old.encode("utf-8") in data for old in names):
            continue   # most files name none: not decoded (the search index is tens of MB)
        text = data.decode("utf-8", errors="surrogateescape")
        new = rewrite_text(text, names)
        if new != text:
            write_build_file(path, new)
            changed += 1
    return changed


_MAP_REFERENCE = re.compile(r"sourceMappingURL=([^\s*]+\.map)")


def remove_orphan_maps(site_dir: Path) -> list[str]:
    """Delete source maps no built file points to any more (renamed assets drop their map
    comment; a map describes the theme's unpatched code and carries its outside URLs)."""
    referenced: set[str] = set()
    for path in site_files.files(site_dir):
        if path.suffix.lower() in (".js", ".css") and path.is_file():
            for name in _MAP_REFERENCE.findall(path.read_text(encoding="utf-8", errors="replace")):
                referenced.add((path.parent / name).resolve().as_posix())
    removed = []
    for path in site_files.files(site_dir):
        if path.name.endswith(".map") and path.is_file() and path.resolve().as_posix() not in referenced:
            path.unlink()
            removed.append(path.relative_to(site_dir).as_posix())
    return removed
