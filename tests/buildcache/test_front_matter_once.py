"""Each page's front matter is parsed at most once per build (issue 20), and not at all by a
build that finds the page unchanged in the page cache: the editors' checks parse it (or read
their parse back from the cache, checks.cached), and the library, the 五进 pages and MkDocs
take the fields from pages.known_fields. Counted in a real `mkdocs build` of a copy of the
project, at every door a block can be read through: the package's YAML reader and its fast
path for generated pages, and PyYAML's load (MkDocs' own reading of a page)."""

from __future__ import annotations

import json
import subprocess

from safety_month.buildcache import session
from tests.buildcache.test_build_equivalence import _project
from tests.conftest import BIN, BUILD_UMASK

COUNTING_BUILD = r"""
import collections, json, sys
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from safety_month.pages import generated_shape, reader

config, site, out = sys.argv[1:4]
pages = collections.Counter()          # block -> pages the build reads that have it
names = {}
for file in get_files(load_config(config)).documentation_pages():
    block = reader.front_block(reader.normalize_newlines(file.content_bytes.decode("utf-8-sig")))
    if block:
        pages[block] += 1
        names[block] = file.src_uri
parsed = collections.Counter()


def counting(func):
    def wrapper(text, *args, **kwargs):
        if isinstance(text, str) and text in pages:
            parsed[text] += 1
        return func(text, *args, **kwargs)
    return wrapper


reader.load_block = counting(reader.load_block)        # the checks' parse (and any with positions)
generated_shape.load = counting(generated_shape.load)  # the fast path of a parse without positions
yaml.load = counting(yaml.load)                        # MkDocs' get_data, and anyone else's
yaml.safe_load = counting(yaml.safe_load)

from mkdocs.__main__ import cli

try:
    cli(["build", "--strict", "-q", "-f", config, "-d", site], standalone_mode=False)
finally:
    Path(out).write_text(json.dumps({"pages": sum(pages.values()),
                                     "over": [[b[:60], n, pages[b]] for b, n in parsed.items() if n > pages[b]],
                                     "parsed": sum(parsed.values()),
                                     "unparsed": sorted(names[b] for b in pages if b not in parsed)}, ensure_ascii=False))
"""


def _counted_build(config, site, out):
    result = subprocess.run([str(BIN / "python"), "-c", COUNTING_BUILD, str(config), str(site), str(out)],
                            cwd=config.parent, capture_output=True, text=True, umask=BUILD_UMASK,
                            env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1", session.ENV_SWITCH: "on"})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def test_front_matter_is_parsed_once_cold_and_not_at_all_warm(tmp_path):
    config = _project(tmp_path / "project")
    cold = _counted_build(config, tmp_path / "cold", tmp_path / "cold.json")
    assert cold["pages"] >= 10 and cold["over"] == [], cold
    assert cold["parsed"] == cold["pages"], cold        # each once: the checks' parse
    warm = _counted_build(config, tmp_path / "warm", tmp_path / "warm.json")
    assert warm["parsed"] == 0, warm
