"""MkDocs hook: rename theme assets the build patched, so their names match their content.

Runs late (priority -50), after every hook that patches theme assets at default priority.
"""

from pathlib import Path

from mkdocs.plugins import event_priority

from safety_month.fingerprint import rename_changed


@event_priority(-50)
def on_post_build(config, **kwargs):
    rename_changed(Path(config["site_dir"]), [Path(d) for d in config["theme"].dirs])
