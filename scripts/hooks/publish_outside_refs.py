"""MkDocs hook: strip outside URLs from theme assets, then fail the build on any outside reference."""

from mkdocs.exceptions import PluginError

from safety_month.theme.patching import PatchError, apply_patches
from safety_month.publish.outside_refs import own_hosts_for, scan_tree
from safety_month.theme.patches import OFFLINE_PATCHES


def on_post_build(config, **kwargs):
    from pathlib import Path

    site = Path(config["site_dir"])
    try:
        apply_patches(site, OFFLINE_PATCHES)
    except PatchError as exc:
        raise PluginError(str(exc)) from exc
    refs = scan_tree(site, own_hosts_for(config.get("site_url")))
    if refs:
        listed = "\n  ".join(str(r) for r in refs[:50])
        raise PluginError(
            f"{len(refs)} reference(s) to outside hosts in the built site "
            f"(readers on intranets and in mainland China cannot load them):\n  {listed}"
        )
