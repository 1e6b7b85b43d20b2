import pytest

from safety_month.theme.patching import Patch, PatchError, apply_patch_text, apply_patches
from safety_month.theme.patches import OFFLINE_PATCHES

P = Patch(name="demo", glob="a/*.js", old='"https://unpkg.com/x"', new='"data:,"')


def test_patch_replaces_exact_text():
    assert apply_patch_text('load("https://unpkg.com/x")', P) == 'load("data:,")'


def test_patch_fails_loudly_when_theme_code_changed():
    with pytest.raises(PatchError, match="theme's code changed"):
        apply_patch_text('load("https://unpkg.com/y")', P)


def test_apply_patches_on_tree_is_idempotent(tmp_path):
    (tmp_path / "a").mkdir()
    f = tmp_path / "a" / "b.js"
    f.write_text('load("https://unpkg.com/x")', encoding="utf-8")
    assert apply_patches(tmp_path, [P]) == ["a/b.js: demo"]
    assert apply_patches(tmp_path, [P]) == []  # already patched: left alone
    assert f.read_text(encoding="utf-8") == 'load("data:,")'


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(PatchError, match="no file matches"):
        apply_patches(tmp_path, [P])


def test_offline_patches_match_the_installed_theme():
    """Each offline patch finds its text in the installed Material bundle exactly once."""
    from pathlib import Path

    import material

    assets = Path(material.__file__).parent / "templates"
    for patch in OFFLINE_PATCHES:
        files = [f for f in assets.glob(patch.glob) if not f.name.endswith(".map")]
        assert files, patch.glob
        for f in files:
            apply_patch_text(f.read_text(encoding="utf-8"), patch, str(f))
