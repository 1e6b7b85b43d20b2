"""A whole build with each page handled once as it is rendered (issue 20) writes exactly the
site of the build it replaced: the page steps of publish_outside_refs, publish_fingerprint and
publish_csp taken out (their post-build steps then read, scan and rewrite every page from
site/, as before) MkDocs parsing every front matter itself (no pages.known_fields) and scanning every source for
raw-HTML anchors (no theme.page_reading.scan_markup_only)."""

from __future__ import annotations

import filecmp
import subprocess
import sys

from tests.conftest import BUILD_UMASK, ROOT

# The build of before: the same mkdocs.yml, with the page steps unplugged after MkDocs loaded the
# hooks, and MkDocs' own get_data and raw-HTML scan left in place.
REFERENCE_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from safety_month.theme import page_reading

page_reading.read_once = lambda wrap: False
page_reading.scan_markup_only = lambda: False
config = load_config(sys.argv[1], site_dir=sys.argv[2], strict=True)
config.plugins.on_startup(command="build", dirty=False)
steps = config.plugins.events["post_page"]
unplugged = [m for m in steps if m.__module__.split("/")[-1].removesuffix(".py") in
             ("publish_outside_refs", "publish_fingerprint", "publish_csp")]
assert len(unplugged) == 3, steps
config.plugins.events["post_page"] = [m for m in steps if m not in unplugged]
build(config)
"""


def _differences(left, right, where="") -> list[str]:
    cmp = filecmp.dircmp(left, right)
    out = [f"{where}{name}: only in one" for name in cmp.left_only + cmp.right_only]
    out += [f"{where}{name}: differs" for name in filecmp.cmpfiles(left, right, cmp.common_files, shallow=False)[1]]
    for sub in cmp.common_dirs:
        out += _differences(left / sub, right / sub, f"{where}{sub}/")
    return out


def test_the_site_is_byte_identical_to_the_post_build_passes(built_site, tmp_path):
    reference = tmp_path / "site"
    result = subprocess.run([sys.executable, "-c", REFERENCE_BUILD, str(ROOT / "mkdocs.yml"), str(reference)],
                            cwd=ROOT, capture_output=True, text=True, umask=BUILD_UMASK,
                            env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert (reference / "index.html").is_file() and (built_site / "index.html").is_file()
    assert _differences(built_site, reference) == []
