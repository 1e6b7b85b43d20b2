"""MkDocs hook: rename theme assets the build patched, so their names match their content.

The new names are worked out before any page is written (on_env, from the theme's files and
the patches of the hooks this build runs), so each page gets them as it is rendered
(on_post_page) instead of being read and rewritten after the build. After the build (priority
-50, after every hook that patches theme assets at default priority) the assets are renamed
and the other files (assets, 404.html …) rewritten; should the names differ from the plan
(a hook patching theme assets that PATCHING_HOOKS does not list), the build stops.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from safety_month.publish import fingerprint

# The hooks that patch theme assets after the build, by file name, with their patches.
PATCHING_HOOKS = fingerprint.PATCHING_HOOKS
_state: dict = {"plan": {}, "done": set()}


def _theme_dirs(config) -> list[Path]:
    return [Path(d) for d in config["theme"].dirs]


@event_priority(-50)
def on_env(env, config, files, **kwargs):
    running = {Path(str(name)).stem for name in (config.get("hooks") or {})}
    _state.update(plan=fingerprint.planned_for_hooks(_theme_dirs(config), running), done=set())
    return env


@event_priority(-50)  # after publish_outside_refs (-40), before publish_csp (-60) hashes scripts
def on_post_page(output, page, config, **kwargs):
    _state["done"].add(page.file.dest_uri)
    return fingerprint.rewrite_text(output, _state["plan"])


@event_priority(-50)
def on_post_build(config, **kwargs):
    site = Path(config["site_dir"])
    done = frozenset(_state["done"])
    renames = fingerprint.rename_changed(site, _theme_dirs(config), done)
    wrong = fingerprint.correction(_state["plan"], renames)
    _state.update(plan={}, done=set())
    if wrong and done:
        raise PluginError(
            "publish_fingerprint: the pages were written with asset names that differ from the "
            f"patched assets' ({wrong}): a hook patches theme assets without being listed in "
            "scripts/hooks/publish_fingerprint.py PATCHING_HOOKS")
    fingerprint.remove_orphan_maps(site)
