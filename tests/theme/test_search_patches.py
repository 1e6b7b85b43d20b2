"""theme_patches.SEARCH_PATCHES against the installed Material search worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from safety_month.theme.patching import PatchError, apply_patch_text
from safety_month.theme.patches import SEARCH_PATCHES, SEGMENT_NEW, SEGMENT_OLD


def installed_workers(glob: str) -> list[Path]:
    import material

    assets = Path(material.__file__).parent / "templates"
    return [f for f in assets.glob(glob) if not f.name.endswith(".map")]


def test_search_patches_match_the_installed_worker_exactly_once():
    for patch in SEARCH_PATCHES:
        files = installed_workers(patch.glob)
        assert files, f"{patch.glob}: no search worker in the installed theme"
        for f in files:
            text = f.read_text(encoding="utf-8")
            patched = apply_patch_text(text, patch, str(f))
            assert patched.count(patch.new) == 1 and patch.old not in patched


def test_patch_fails_loudly_when_the_worker_code_differs():
    text = installed_workers(SEARCH_PATCHES[0].glob)[0].read_text(encoding="utf-8")
    renamed = text.replace("function fe(t,e)", "function ge(t,e)")  # a re-minified worker
    with pytest.raises(PatchError, match="theme's code changed"):
        apply_patch_text(renamed, SEARCH_PATCHES[0], "search.min.js")


def test_all_search_patches_apply_together():
    text = installed_workers(SEARCH_PATCHES[0].glob)[0].read_text(encoding="utf-8")
    for patch in SEARCH_PATCHES:
        text = apply_patch_text(text, patch)
    assert SEGMENT_NEW in text and "SMSearch.open(t.data)" in text
    # every answer of either engine goes through the snippets, which get the index's config
    assert "data:SMSnippet.results(yield de.search(e),e)" in text
    assert "case 0:return SMSnippet.configure(t.data.config)," in text
    assert text.count("var SMSnippet = (function") == 1
    assert '.join(" ")' in text and SEGMENT_OLD not in text


def test_replacement_is_the_same_function_signature():
    assert SEGMENT_NEW.startswith("function fe(t,e){") and SEGMENT_NEW.endswith("return r}")
    assert SEGMENT_NEW.count("{") == SEGMENT_NEW.count("}")
    assert SEGMENT_NEW.count("(") == SEGMENT_NEW.count(")")
