"""The accessibility patches to Material's bundle (theme_patches.A11Y_PATCHES)."""

from pathlib import Path

from safety_month.theme.patching import apply_patch_text
from safety_month.theme.patches import A11Y_PATCHES


def _bundle_text(glob: str) -> str:
    import material

    files = [f for f in (Path(material.__file__).parent / "templates").glob(glob) if not f.name.endswith(".map")]
    assert len(files) == 1, files
    return files[0].read_text(encoding="utf-8")


def test_each_patch_matches_the_installed_theme_once():
    for patch in A11Y_PATCHES:
        assert _bundle_text(patch.glob).count(patch.old) == 1, patch.name


def test_search_result_tags_are_no_longer_nav_landmarks():
    (patch,) = [p for p in A11Y_PATCHES if "md-tags" in p.old]
    patched = apply_patch_text(_bundle_text(patch.glob), patch)
    assert 'x("nav",{class:"md-tags"}' not in patched
    assert 'x("div",{class:"md-tags"}' in patched
