"""Patch theme assets in the built site, failing loudly when the theme's code changed.

Material ships minified JavaScript we cannot configure; a few behaviours must change
(outside URLs in the bundle, Chinese query segmentation in the search worker). Each patch
names the exact text it replaces; if that text is not found exactly as expected, the theme
was upgraded or changed and the build must stop so a person re-checks the patch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from safety_month.atomic import write_build_file


class PatchError(RuntimeError):
    """A patch no longer matches the theme's code."""


@dataclass(frozen=True)
class Patch:
    name: str          # why the patch exists, shown in errors
    glob: str          # file(s) in site/, e.g. "assets/javascripts/bundle.*.min.js"
    old: str           # exact text expected in the theme's code
    new: str           # replacement
    count: int = 1     # how many times `old` must occur in each matching file


def apply_patch_text(text: str, patch: Patch, where: str = "") -> str:
    found = text.count(patch.old)
    if found != patch.count:
        raise PatchError(
            f"{patch.name}: expected {patch.count} occurrence(s) of {patch.old[:60]!r} "
            f"in {where or patch.glob}, found {found}. The theme's code changed: "
            f"re-check this patch in scripts/safety_month before building."
        )
    return text.replace(patch.old, patch.new)


def apply_patches(site_dir: Path, patches: list[Patch]) -> list[str]:
    """Apply each patch to its files under site_dir; return 'file: patch' lines done."""
    done: list[str] = []
    for patch in patches:
        files = sorted(site_dir.glob(patch.glob))
        files = [f for f in files if not f.name.endswith(".map")]
        if not files:
            raise PatchError(f"{patch.name}: no file matches {patch.glob} in {site_dir}")
        for file in files:
            text = file.read_text(encoding="utf-8")
            if patch.new and patch.new in text and patch.old not in text:
                continue  # already patched (e.g. a rebuild that kept the file)
            write_build_file(file, apply_patch_text(text, patch, str(file)))
            done.append(f"{file.relative_to(site_dir)}: {patch.name}")
    return done
