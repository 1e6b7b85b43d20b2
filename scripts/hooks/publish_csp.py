"""MkDocs hook: derive the Content-Security-Policy from the built pages (see safety_month.publish.csp).

Runs last among HTML changes (priority -60). Each page gets its own <meta http-equiv> policy
as it is rendered (on_post_page, in memory), for hosts without custom headers (the offline,
file:// build gets none); after the build the other HTML files (404.html) are read, and the
site-wide policy is written to site/_deploy/csp.nginx.conf (each deployment installs it as
/etc/nginx/snippets/anquan-csp.conf, deploy/README.md).
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from safety_month.buildcache import steps
from safety_month.publish import csp

_state: dict = {"done": {}}


def _meta(config) -> bool:
    return not any(name.split("/")[-1] == "offline" for name in config["plugins"])


def on_pre_build(config, **kwargs):
    _state["done"] = {}


@event_priority(-60)  # last: after publish_fingerprint (-50) put the final asset names in scripts
def on_post_page(output, page, config, **kwargs):
    path = page.file.dest_uri
    try:
        meta = _meta(config)
        output, _state["done"][path] = steps.csp_page(  # from the page cache when unchanged
            output, path, meta, lambda: csp.page_with_policy(output, path, meta=meta))
    except csp.CspError as exc:
        raise PluginError(f"{path}: {exc}") from exc
    return output


@event_priority(-60)
def on_post_build(config, **kwargs):
    done, _state["done"] = _state["done"], {}
    try:
        csp.apply(Path(config["site_dir"]), meta=_meta(config), done=done)
    except csp.CspError as exc:
        raise PluginError(str(exc)) from exc
