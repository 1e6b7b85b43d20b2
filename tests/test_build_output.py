"""What an editor reads when `make build` fails (issue 17, item 5): the build of the real
project (search plugin and jieba included) over a docs tree with broken pages of every kind.

All issues come out of one run (front matter, file encoding, text and links together: before,
a front-matter error stopped the build before the links were checked, so link errors showed
only on a second run), then one summary line last; no English library noise (jieba's
dictionary loading lines, MkDocs' "Aborted with a BuildError!", its list of pages outside
the nav, its own English warning about the link the checks already report in Chinese).
"""

from __future__ import annotations

import pytest

from tests import _broken_pages as broken
from tests.checks.test_checks_agree import copy_project
from tests.conftest import run_mkdocs_build

CASES = {c.name: c for c in broken.CASES}
# One of each kind, including a link (found only after the pages are converted).
KINDS = ["fullwidth-colon", "wujin-article-audience", "gbk", "halfwidth", "link-missing"]
NOISE = ["Building prefix dict", "Loading model", "Prefix dict has been built", "Aborted with",
         "not included in the \"nav\"", "Doc file", "Traceback"]


@pytest.fixture(scope="module")
def failed_build(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("broken-build"))
    for name in KINDS:
        broken.write(project / "docs", CASES[name])
    # As `make build` runs it (the Makefile exports this: setuptools' pkg_resources warning).
    env = {"PYTHONWARNINGS": "ignore::DeprecationWarning"}
    return run_mkdocs_build(project / "mkdocs.yml", project / "site", env), project


def test_every_issue_in_one_run_then_one_summary_line(failed_build):
    result, project = failed_build
    assert result.returncode == 1, result.stderr[-3000:]
    for name in KINDS:
        case = CASES[name]
        assert f"{case.display}:{case.line}:" in result.stderr and f" {case.code} " in result.stderr, name
    # The summary is the last line printed (MkDocs prints an Abort's message on stdout, after the log).
    last = [line for line in result.stdout.splitlines() if line.strip()][-1]
    assert last == f"构建失败：共 {len(KINDS)} 个问题，涉及 {len(KINDS)} 个文件。编辑指南：docs/guide/checks.md", last
    # Errors before anything else but MkDocs' two start lines.
    first_error = result.stderr.index("编辑检查发现问题，构建已停止")
    assert len(result.stderr[:first_error].splitlines()) <= 3, result.stderr[:first_error]
    assert not (project / "site" / "index.html").exists()


def test_no_english_library_noise(failed_build):
    result, _ = failed_build
    text = result.stdout + result.stderr
    for noise in NOISE:
        assert noise not in text, f"{noise!r} in:\n{text[-3000:]}"
