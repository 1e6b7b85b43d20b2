"""MkDocs hook: accessibility fixes to Material's built JavaScript (safety_month.theme.patches.A11Y_PATCHES).

Default priority: runs before publish_fingerprint (-50) renames the patched bundle.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError

from safety_month.theme.patching import PatchError, apply_patches
from safety_month.theme.patches import A11Y_PATCHES


def on_post_build(config, **kwargs):
    try:
        apply_patches(Path(config["site_dir"]), A11Y_PATCHES)
    except PatchError as exc:
        raise PluginError(str(exc)) from exc
