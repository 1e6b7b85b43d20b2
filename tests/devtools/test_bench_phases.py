"""devtools/bench_phases.py: CPU of a serial cold build per kind of work and per hook, and the
floor that jieba, Markdown and the templates put under a two-core build."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from types import SimpleNamespace

from devtools import bench_phases as bp
from tests.conftest import ROOT


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_a_kind_of_work_counts_only_its_own_time():
    clock = Clock()
    phases = bp.Phases(clock)

    def load():
        clock.now += 2.0

    def cut(text):
        clock.now += 1.0
        wrapped_load()
        clock.now += 0.5
        return text.upper()

    wrapped_load = phases.timed(bp.JIEBA_LOAD, load)
    wrapped_cut = phases.timed(bp.JIEBA_CUT, cut)
    assert wrapped_cut("ab") == "AB"
    assert phases.seconds == {bp.JIEBA_LOAD: 2.0, bp.JIEBA_CUT: 1.5}


def test_a_call_inside_the_same_kind_counts_once_and_a_failure_still_counts():
    clock = Clock()
    phases = bp.Phases(clock)

    def render(depth):
        clock.now += 1.0
        if depth:
            wrapped(depth - 1)
        else:
            raise ValueError("template error")

    wrapped = phases.timed(bp.TEMPLATES, render)
    try:
        wrapped(2)
    except ValueError:
        pass
    assert phases.seconds[bp.TEMPLATES] == 3.0
    clock.now += 5.0                 # time outside any call is nobody's
    wrapped_ok = phases.timed(bp.MARKDOWN, lambda: None)
    wrapped_ok()
    assert phases.seconds == {bp.TEMPLATES: 3.0, bp.MARKDOWN: 0.0}


def test_hooks_are_timed_inclusively_by_module_and_name():
    clock = Clock()
    phases = bp.Phases(clock)

    def cut():
        clock.now += 4.0

    timed_cut = phases.timed(bp.JIEBA_CUT, cut)

    def on_page_content(html, page=None):
        clock.now += 1.0
        timed_cut()
        return html + "!"

    events = {"page_content": [on_page_content], "post_build": []}
    phases.wrap_hooks(events)
    assert events["page_content"][0]("x", page=SimpleNamespace()) == "x!"
    label = f"{bp.HOOK}page_content {__name__}.test_hooks_are_timed_inclusively_by_module_and_name.<locals>.on_page_content"
    assert phases.seconds == {label: 5.0, bp.JIEBA_CUT: 4.0}


def test_report_orders_filters_and_computes_the_floor():
    seconds = {bp.JIEBA_CUT: 14.0, bp.JIEBA_LOAD: 1.0, bp.MARKDOWN: 3.0, bp.TEMPLATES: 2.0,
               bp.MATERIAL_PARSE: 0.5, "tiny": 0.01, f"{bp.HOOK}page_content a.b": 16.0}
    lines = bp.report(seconds, 35.0, 4.0, default_seconds=47.0)
    work = lines[lines.index("kinds of work:") + 1:lines.index("hook handlers (each includes the kinds of work it calls):")]
    assert [float(line.split()[0]) for line in work] == [14.0, 3.0, 2.0, 1.0, 0.5]   # largest first, tiny left out
    assert "   16.00 s  page_content a.b" in lines
    assert lines[-3].endswith("= 20.00 s CPU; on 2 cores at best 10.00 s wall")
    assert lines[-2] == "everything else: 19.00 s CPU"
    assert lines[-1].startswith("floor / Material's default (47.0 s): 0.213 x (target 0.25 x = 11.8 s")
    assert lines[-1].endswith("leaves 3.50 s CPU for everything else)")
    assert not bp.report(seconds, 35.0, 4.0)[-1].startswith("floor /")


def test_a_real_serial_build_of_the_project_is_measured(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "overrides", "docs", "sources"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, project / name)
    (project / "scripts").symlink_to(ROOT / "scripts")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "devtools" / "bench_phases.py"), str(project),
                             "--default-seconds", "40"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    kinds = dict((label, float(seconds)) for seconds, label in re.findall(r"^ +([\d.]+) s  (.+)$", out, re.M))
    for label in (bp.MARKDOWN, bp.TEMPLATES, bp.JIEBA_LOAD):     # the project's pages did all three
        assert kinds[label] > 0, out
    assert any(label.startswith("page_content scripts/hooks/search.py") for label in kinds), out
    floor = float(re.search(r"= ([\d.]+) s CPU; on 2 cores", out)[1])
    listed = sum(kinds.get(label, 0.0) for label in bp.FLOOR)
    assert abs(floor - listed) < 0.05 * len(bp.FLOOR), out      # each listed figure is rounded, or left out under 0.05
    assert not (project / "site").exists()                      # built into a temporary folder
    assert "floor / Material's default (40.0 s)" in out
