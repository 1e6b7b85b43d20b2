"""`safety-month check`, the strict build and the live preview give the same verdict on every
broken page of tests/_broken_pages.py (70-odd: YAML syntax, wrong types, unknown keys and 五进
names, bad years and dates, duplicated keys, alias bombs, 5,000-deep nesting, GBK and UTF-16
files, stray bytes, NUL and other control characters, BOM, CRLF, CR, unreadable files, looping
and dangling symlinks, a named pipe, empty files, unclosed front matter, text and link issues):
each names the file and the same line, and no output holds a traceback.

Everything runs in one copy of the project (its real mkdocs.yml and mkdocs.preview.yml):
- the pages whose problems stop the build before any page is converted (front matter, bytes,
  unreadable files) go into one build, which lists them all at once;
- the pages with text and link issues, found after conversion, go into a second build with
  none of the first kind (they would stop that build before the links are checked);
- `safety-month check` runs once per group; the preview builds both groups at once (it never
  stops) and must show every page's issues in its box.
As root, the tools run without CAP_DAC_OVERRIDE so that a chmod 000 file is unreadable to them.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import _broken_pages as broken
from tests.conftest import ROOT

BIN = Path(sys.executable).parent
ISSUE_RE = re.compile(r"(docs/[^\s:]+\.md):(\d+)(?::\d+)?: ([a-z]+\.[a-z_]+)")
# Codes found before any page is converted (they stop the build at once).
EARLY = ("fm.", "file.")
EARLY_CASES = [c for c in broken.CASES if c.code.startswith(EARLY)]
LATE_CASES = [c for c in broken.CASES if not c.code.startswith(EARLY)]
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def _without_dac_override() -> None:
    """In the child, before exec: root keeps its uid but loses the right to read any file."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run(argv: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore::DeprecationWarning")
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=_without_dac_override)


def copy_project(dest: Path) -> Path:
    for name in ("mkdocs.yml", "mkdocs.preview.yml"):
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "docs", dest / "docs")
    (dest / "scripts").symlink_to(ROOT / "scripts")
    return dest


def issues_in(output: str) -> dict[str, set[tuple[int, str]]]:
    """display path -> {(line, code)} of every issue line in a tool's output."""
    out: dict[str, set[tuple[int, str]]] = {}
    for path, line, code in ISSUE_RE.findall(output):
        out.setdefault(path, set()).add((int(line), code))
    return out


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    """Two copies of the project: one with the early cases, one with the late ones."""
    early = copy_project(tmp_path_factory.mktemp("early"))
    late = copy_project(tmp_path_factory.mktemp("late"))
    for case in EARLY_CASES:
        broken.write(early / "docs", case)
    for case in LATE_CASES:
        broken.write(late / "docs", case)
    probe = run([sys.executable, "-c", f"open({str(early / 'docs' / 'broken/unreadable.md')!r}).read()"], early)
    assert probe.returncode != 0, "the chmod 000 page is readable to the tools: this test cannot run as intended"
    yield {"early": early, "late": late}
    for folder in (early, late):   # let pytest remove the copies
        subprocess.run(["chmod", "-R", "u+rwX", str(folder)], check=False)


@pytest.fixture(scope="module")
def outputs(projects):
    """Output of check and of the strict build for each copy."""
    out = {}
    for name, folder in projects.items():
        check = run([str(BIN / "safety-month"), "check"], folder)
        build = run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(folder / "site")], folder)
        out[name] = {"check": check, "build": build}
    return out


def test_the_collection_covers_what_editors_break():
    assert len(broken.CASES) >= 40
    codes = {c.code for c in broken.CASES}
    for code in ("fm.yaml", "fm.alias", "fm.depth", "fm.type", "fm.value", "fm.unknown_key", "fm.required",
                 "fm.duplicate_key", "fm.unclosed", "fm.no_opening", "fm.empty", "fm.not_mapping",
                 "file.encoding", "file.control", "file.unreadable", "file.reserved", "link.missing"):
        assert code in codes, code
    assert {c.special for c in broken.CASES} >= {"unreadable", "symlink_loop", "dangling", "fifo"}


@pytest.mark.parametrize("group", ["early", "late"])
def test_check_and_build_both_fail_without_a_traceback(outputs, group):
    for tool in ("check", "build"):
        result = outputs[group][tool]
        text = result.stdout + result.stderr
        assert result.returncode == 1, f"{tool}: {text[-3000:]}"
        assert "Traceback" not in text, f"{tool}: {text[-3000:]}"


@pytest.mark.parametrize("case", broken.CASES, ids=[c.name for c in broken.CASES])
def test_check_and_build_name_the_same_file_and_line(outputs, case):
    group = "early" if case in EARLY_CASES else "late"
    found = {tool: issues_in(r.stdout + r.stderr).get(case.display, set())
             for tool, r in outputs[group].items()}
    assert (case.line, case.code) in found["check"], found["check"]
    assert found["check"] == found["build"]


def test_the_early_build_stops_before_writing_any_page(outputs, projects):
    """The pages that cannot be read are stood in for, so the build goes on to check the
    others (all issues in one run), and stops before writing any page."""
    err = outputs["early"]["build"].stderr
    assert "编辑检查发现问题，构建已停止" in err
    assert not (projects["early"] / "site" / "index.html").exists()


def test_no_other_page_is_named(outputs):
    """Only the broken pages are reported: the rest of the site stays clean in both tools."""
    expected = {c.display for c in broken.CASES}
    for group in outputs.values():
        for result in group.values():
            assert set(issues_in(result.stdout + result.stderr)) <= expected


PREVIEW = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config("mkdocs.preview.yml", site_dir=sys.argv[1], strict=False)
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url="http://127.0.0.1:8000/")
"""


def _page_html(site: Path, case) -> Path:
    if case.code == "file.conflict":   # the README is not built: its folder's index page says why
        return site / case.path.rpartition("/")[0] / "index.html"
    if case.path.endswith("/index.md"):   # a folder's page (library/2021/index.md): folder/index.html
        return site / case.path[:-len("index.md")] / "index.html"
    return site / case.path[:-len(".md")] / "index.html"


def test_the_preview_builds_every_broken_page_with_its_issues_in_the_box(projects, tmp_path):
    """Both groups at once (the preview never stops): no exception, and each broken page
    shows a box naming itself and the line, with no control character in its HTML."""
    folder = projects["early"]
    for case in LATE_CASES:
        broken.write(folder / "docs", case)
    try:
        site = tmp_path / "preview"
        result = run([sys.executable, "-c", PREVIEW, str(site)], folder)
        text = result.stdout + result.stderr
        assert result.returncode == 0 and "Traceback" not in text, text[-3000:]
        for case in broken.CASES:
            html = _page_html(site, case).read_text(encoding="utf-8")
            assert "sm-editor-issues" in html, case.name
            assert f"<code>{case.display}:{case.line}</code>" in html, case.name
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", html), case.name
    finally:
        for case in LATE_CASES:
            (folder / "docs" / case.path).unlink()
