"""The script every page runs before its first paint, as one cached file instead of inline code.

Material writes into every page three small inline scripts (its local-storage helpers in
<head>, the remembered palette after the palette form) and its configuration as inline JSON
(<script id="__config">: features, the search worker's address, ten translated messages);
the site added a fourth inline script (大字模式 before the first paint). On a speech page that
was about 800 B gzip of the 4 KB outside the speech's text, plus a CSP hash per script. They
never change from page to page except for the relative base_url, which the script works out
from its own address. So the theme file overrides/assets/javascripts/early.js holds them,
with the configuration filled in by build(), and the build writes it as
assets/javascripts/early.<8 hex of its content>.min.js: a name the server may cache for a
year (deploy/nginx/anquan-http.conf), which changes whenever a byte of it does.

Pure functions; the hook site_early calls them and publishes the file.
"""

from __future__ import annotations

import hashlib
import json

SOURCE = "assets/javascripts/early.js"          # in overrides/ (a theme file)
PLACEHOLDER = "__SM_CONFIG__"
WORKERS = "assets/javascripts/workers"
# Material 9.8.1 base.html {% block config %}: the translations its bundle looks up.
TRANSLATION_KEYS = (
    "clipboard.copy", "clipboard.copied", "search.result.placeholder", "search.result.none",
    "search.result.one", "search.result.other", "search.result.more.one",
    "search.result.more.other", "search.result.term.missing", "select.version",
)


class EarlyError(ValueError):
    pass


def theme_config(features: list[str], translations: dict[str, str], worker: str,
                 extra: dict | None = None) -> dict:
    """Material's __config data (base.html {% block config %}) without "base", which the
    script adds; `worker` is the search worker's path from the site's root."""
    extra = extra or {}
    return {
        "features": list(features),
        "translations": {key: translations[key] for key in TRANSLATION_KEYS},
        "search": worker,
        "annotate": extra.get("annotate") or None,
        "tags": extra.get("tags") or None,
        "version": extra.get("version") or None,
    }


def build(source: str, config: dict) -> str:
    """The script: `source` with its placeholder replaced by `config` as JSON. "</" cannot
    occur in the result's JSON (an inline copy of the script would then still be safe)."""
    if source.count(PLACEHOLDER) != 1:
        raise EarlyError(f"overrides/{SOURCE} 中应恰好有一处 {PLACEHOLDER}（主题配置的位置）")
    data = json.dumps(config, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return source.replace(PLACEHOLDER, data.replace("</", "<\\/"))


def asset_name(text: str) -> str:
    """assets/javascripts/early.<first 8 hex of sha256>.min.js: the fingerprinted name the
    server's long cache rule (anquan-http.conf) matches."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"assets/javascripts/early.{digest}.min.js"


def worker_path(theme_names: list[str], renamed: dict[str, str]) -> str:
    """The search worker's path from the site's root as the published pages name it: the one
    workers/search.<hash>.min.js among `theme_names` (theme files, POSIX paths relative to the
    theme), renamed as the build's fingerprint plan `renamed` says ({old name: new name})."""
    found = sorted(n for n in theme_names if n.startswith(WORKERS + "/search.") and n.endswith(".min.js"))
    if len(found) != 1:
        raise EarlyError(f"主题中应恰好有一个搜索脚本 {WORKERS}/search.*.min.js，找到 {len(found)} 个")
    name = found[0].rsplit("/", 1)[1]
    return f"{WORKERS}/{renamed.get(name, name)}"
