"""MkDocs hook: strip outside URLs from theme assets, then fail the build on any outside reference.

Each page is scanned as it is rendered (on_post_page, after the template's whitespace is
trimmed), in memory; after the build only the other files (theme assets, 404.html, sitemap …)
are read from site/. Everything found is reported together in on_post_build.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from safety_month.buildcache import steps
from safety_month.theme.patching import PatchError, apply_patches
from safety_month.publish.outside_refs import find_outside_refs, in_tree_order, own_hosts_for, scan_tree
from safety_month.theme.patches import OFFLINE_PATCHES

_state: dict = {"refs": [], "done": set()}


def on_pre_build(config, **kwargs):
    _state.update(refs=[], done=set(), hosts=own_hosts_for(config.get("site_url")))


@event_priority(-40)  # after site_icons and publish_trim (0), before publish_fingerprint (-50)
def on_post_page(output, page, config, **kwargs):
    path = page.file.dest_uri
    suffix, hosts = Path(path).suffix, _state["hosts"]
    _state["refs"].extend(steps.outside_refs(   # from the page cache when unchanged
        output, suffix, hosts, path, lambda: find_outside_refs(output, suffix, hosts, path)))
    _state["done"].add(path)
    return output


def on_post_build(config, **kwargs):
    site = Path(config["site_dir"])
    try:
        apply_patches(site, OFFLINE_PATCHES)
    except PatchError as exc:
        raise PluginError(str(exc)) from exc
    hosts = own_hosts_for(config.get("site_url"))
    refs = in_tree_order(_state["refs"] + scan_tree(site, hosts, frozenset(_state["done"])))
    _state.update(refs=[], done=set())
    if refs:
        listed = "\n  ".join(str(r) for r in refs[:50])
        raise PluginError(
            f"{len(refs)} reference(s) to outside hosts in the built site "
            f"(readers on intranets and in mainland China cannot load them):\n  {listed}"
        )
