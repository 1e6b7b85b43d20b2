"""scripts/hooks/theme_a11y.py: Material's bundle gets the accessibility patches; a bundle
whose code changed stops the build naming the patch. Default priority, so it runs before
publish_fingerprint (-50) renames the bundle."""

import re

import pytest
from mkdocs.exceptions import PluginError

from safety_month.theme.patches import A11Y_PATCHES
from tests.hooks._fakes import Config, load_hook, priority, theme_site


def test_each_patch_is_applied_to_the_built_bundle(tmp_path):
    hook = load_hook("theme_a11y")
    texts = theme_site(tmp_path, A11Y_PATCHES)
    hook.on_post_build(Config(site_dir=str(tmp_path)))
    for rel in texts:
        text = (tmp_path / rel).read_text(encoding="utf-8")
        for patch in A11Y_PATCHES:
            if patch.glob.replace("*", "0123abcd") == rel:
                assert patch.new in text and (patch.old in patch.new or patch.old not in text)


def test_a_changed_theme_is_a_plugin_error_naming_the_patch(tmp_path):
    hook = load_hook("theme_a11y")
    with pytest.raises(PluginError, match=re.escape(f"{A11Y_PATCHES[0].name}: no file matches")):
        hook.on_post_build(Config(site_dir=str(tmp_path)))   # no bundle at all


def test_it_runs_before_the_fingerprinting_renames_the_bundle():
    assert priority(load_hook("theme_a11y").on_post_build) is None
    assert priority(load_hook("publish_fingerprint").on_post_build) == -50
