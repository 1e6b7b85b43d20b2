"""MkDocs hook of the offline edition only (added by safety_month.publish.offline_package, not mkdocs.yml):
copy npm's iframe-worker shim into the build so search works from file:// without unpkg.com.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError

from safety_month.publish import offline_package


def on_post_build(config, **kwargs):
    try:
        offline_package.copy_shim(Path(config["config_file_path"]).parent, Path(config["site_dir"]))
    except offline_package.OfflineBuildError as exc:
        raise PluginError(str(exc)) from exc
