"""MkDocs hook: rename theme assets the build patched, so their names match their content.

Runs late (priority -50), after every hook that patches theme assets at default priority.
"""

from pathlib import Path

from mkdocs.plugins import event_priority

from safety_month.publish.fingerprint import remove_orphan_maps, rename_changed


@event_priority(-50)
def on_post_build(config, **kwargs):
    site = Path(config["site_dir"])
    rename_changed(site, [Path(d) for d in config["theme"].dirs])
    remove_orphan_maps(site)
