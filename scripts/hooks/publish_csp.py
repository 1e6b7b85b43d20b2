"""MkDocs hook: derive the Content-Security-Policy from the built pages (see safety_month.publish.csp).

Runs last among HTML changes (priority -60). Writes site/_deploy/csp.nginx.conf (each deployment
installs it as /etc/nginx/snippets/anquan-csp.conf, deploy/README.md) and
a <meta http-equiv> copy into every page for hosts without custom headers; the offline
(file://) build gets no <meta> copy.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from safety_month.publish import csp


@event_priority(-60)
def on_post_build(config, **kwargs):
    try:
        csp.apply(Path(config["site_dir"]), meta=not any(name.split("/")[-1] == "offline" for name in config["plugins"]))
    except csp.CspError as exc:
        raise PluginError(str(exc)) from exc
