"""safety_month.site.early: the theme's configuration filled into the early script, its
fingerprinted name, and the search worker's published path."""

from __future__ import annotations

import json
import re
from pathlib import Path

import material
import pytest

from safety_month.site import early
from tests.paths import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
SOURCE = (ROOT / "overrides" / early.SOURCE).read_text(encoding="utf-8")
TRANSLATIONS = {key: f"译{i}" for i, key in enumerate(early.TRANSLATION_KEYS)}
WORKER = "assets/javascripts/workers/search.a7633da7.min.js"
# deploy/nginx/anquan-http.conf: the names served with a year-long immutable cache.
IMMUTABLE = re.compile(r"/assets/(?:javascripts|stylesheets)/(?:workers/)?[^/]+\.[0-9a-f]{8}\.min\.(?:js|css)$")


def _config_of(script: str) -> dict:
    return json.loads(re.search(r"var config = (\{.*?\});\n", script).group(1))


def test_the_translation_keys_are_those_the_theme_base_template_passes():
    block = (MATERIAL / "base.html").read_text(encoding="utf-8").split("{% block config %}")[1].split("{% endblock %}")[0]
    assert tuple(re.findall(r'"([\w.]+)": lang\.t\(', block)) == early.TRANSLATION_KEYS
    # and the other keys of the theme's __config (base is added by the script itself)
    keys = set(re.findall(r'^\s*"(\w+)":', block, re.M)) - {"base"}
    assert keys == set(early.theme_config([], TRANSLATIONS, WORKER)) | {"translations"}


def test_the_configuration_replaces_the_placeholder_once_as_json():
    data = early.theme_config(["navigation.tabs"], TRANSLATIONS, WORKER, {"tags": {"a": "b"}})
    script = early.build(SOURCE, data)
    assert early.PLACEHOLDER not in script
    assert _config_of(script) == data == {
        "features": ["navigation.tabs"], "translations": TRANSLATIONS, "search": WORKER,
        "annotate": None, "tags": {"a": "b"}, "version": None}


def test_a_closing_tag_in_the_data_cannot_end_a_script_element():
    script = early.build("var config = __SM_CONFIG__;\n", early.theme_config([], dict(TRANSLATIONS, **{"clipboard.copy": "</script><b>"}), WORKER))
    assert "</script>" not in script and _config_of(script)["translations"]["clipboard.copy"] == "</script><b>"


@pytest.mark.parametrize("source", ["var a = 1;", "var a = __SM_CONFIG__, b = __SM_CONFIG__;"])
def test_a_source_without_exactly_one_placeholder_is_refused(source):
    with pytest.raises(early.EarlyError, match="恰好有一处 __SM_CONFIG__"):
        early.build(source, {})


def test_the_name_carries_the_content_hash_the_server_caches_for_a_year():
    one, other = early.asset_name("a"), early.asset_name("b")
    assert one != other and early.asset_name("a") == one
    assert IMMUTABLE.search("/" + one) and one.startswith("assets/javascripts/early.")


def test_the_worker_path_follows_the_fingerprint_plan():
    names = ["assets/javascripts/workers/search.a7633da7.min.js", "assets/javascripts/workers/search.a7633da7.min.js.map"]
    assert early.worker_path(names, {}) == WORKER
    assert early.worker_path(names, {"search.a7633da7.min.js": "search.0123abcd.min.js"}) == \
        "assets/javascripts/workers/search.0123abcd.min.js"


@pytest.mark.parametrize("names", [[], ["assets/javascripts/workers/search.1.min.js", "assets/javascripts/workers/search.2.min.js"]])
def test_no_single_worker_is_an_error(names):
    with pytest.raises(early.EarlyError, match="恰好有一个搜索脚本"):
        early.worker_path(names, {})
