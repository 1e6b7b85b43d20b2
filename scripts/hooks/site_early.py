"""MkDocs hook: the theme's inline scripts and __config come from one cached file
(safety_month.site.early).

overrides/assets/javascripts/early.js, with the theme's configuration filled in, is published
as assets/javascripts/early.<hash>.min.js (not under its own name); templates name it
{{ sm_early_js }} (overrides/partials/javascripts/base.html, in <head>).
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from safety_month.publish import fingerprint
from safety_month.site import early

_state: dict = {}
# Material's translated messages, looked up as its base.html does (partials/language.html).
_TRANSLATE = ('{% import "partials/language.html" as lang with context %}'
              + "\x1f".join('{{ lang.t("%s") }}' % key for key in early.TRANSLATION_KEYS))


def on_files(files, config, **kwargs):
    source = files.get_file_from_path(early.SOURCE)
    if source is None:
        raise PluginError(f"site_early: overrides/{early.SOURCE} is missing")
    files.remove(source)   # published only as early.<hash>.min.js (on_env)
    _state["source"] = Path(source.abs_src_path).read_text(encoding="utf-8")
    _state["workers"] = [f.src_uri for f in files if f.src_uri.startswith(early.WORKERS + "/")]
    return files


def on_env(env, config, files, **kwargs):
    running = {Path(str(name)).stem for name in (config.get("hooks") or {})}
    # The names the published pages give renamed theme assets (none in the preview, which
    # does not run publish_fingerprint).
    renamed = (fingerprint.planned_for_hooks([Path(d) for d in config["theme"].dirs], running)
               if "publish_fingerprint" in running else {})
    messages = env.from_string(_TRANSLATE).render(config=config).split("\x1f")
    try:
        data = early.theme_config(config["theme"]["features"] or [], dict(zip(early.TRANSLATION_KEYS, messages)),
                                  early.worker_path(_state["workers"], renamed), config["extra"])
        text = early.build(_state["source"], data)
    except early.EarlyError as exc:
        raise PluginError(str(exc)) from exc
    env.globals["sm_early_js"] = name = early.asset_name(text)
    files.append(File.generated(config, name, content=text))
    return env
