"""scripts/hooks/site_early.py: the theme's early script is published only under its content
name, with Material's translated messages and the search worker as the pages will name it
(renamed by the fingerprint plan in a build, the theme's own name in the preview), and
templates learn its name; a missing source stops the build."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import material
import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from safety_month.site import early
from tests.hooks import _site
from tests.hooks._fakes import Config, load_hook
from tests.paths import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
THEME_WORKER = next(p.relative_to(MATERIAL).as_posix() for p in (MATERIAL / early.WORKERS).glob("search.*.min.js"))
BUILD_HOOKS = {f"scripts/hooks/{name}.py": None for name in ("search", "publish_fingerprint", "site_early")}


def _run(tmp_path, hooks, with_source=True):
    hook = load_hook("site_early")
    config = _site.config(tmp_path, hooks=hooks,
                          theme=Config(dirs=[str(ROOT / "overrides"), str(MATERIAL)], features=["navigation.tabs"], language="zh"))
    theme = [File(early.SOURCE, str(ROOT / "overrides"), config["site_dir"], True)] if with_source else []
    files = Files(theme + [File(THEME_WORKER, str(MATERIAL), config["site_dir"], True)])
    files = hook.on_files(files, config)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(ROOT / "overrides"), str(MATERIAL)]))
    assert hook.on_env(env, config, files) is env
    name = env.globals["sm_early_js"]
    script = files.get_file_from_path(name).content_string
    return files, name, script, json.loads(re.search(r"var config = (\{.*?\});\n", script).group(1))


def test_a_build_publishes_the_script_under_its_content_name_with_the_renamed_worker(tmp_path):
    files, name, script, config = _run(tmp_path, BUILD_HOOKS)
    assert files.get_file_from_path(early.SOURCE) is None       # not published as early.js
    assert name == early.asset_name(script)
    assert config["features"] == ["navigation.tabs"]
    assert config["translations"]["clipboard.copied"] == "已复制"
    assert config["search"].startswith(early.WORKERS + "/search.") and config["search"] != THEME_WORKER


def test_the_preview_keeps_the_theme_worker_name(tmp_path):
    _, _, _, config = _run(tmp_path, {"scripts/hooks/site_early.py": None})
    assert config["search"] == THEME_WORKER


def test_a_missing_source_stops_the_build(tmp_path):
    with pytest.raises(PluginError, match="early.js is missing"):
        _run(tmp_path, BUILD_HOOKS, with_source=False)
