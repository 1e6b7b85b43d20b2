"""devtools/bench_memory.py: the peak of the build's process tree, who held it, and what the
build logged just before."""

from __future__ import annotations

import os

from devtools import bench_memory


def test_the_report_names_the_peak_its_processes_and_the_log_line_before_it():
    root = 100
    samples = [(10.0, {root: 300 * 1024}), (11.0, {root: 500 * 1024, 101: 700 * 1024}),
               (12.0, {root: 900 * 1024})]
    log = [(9.5, "编辑检查：没有发现问题"), (10.5, "search index: …"), (11.5, "search shards: …")]
    lines = bench_memory.report(samples, log, root, 9.0, {root: 100 * 1024, 101: 600 * 1024})
    assert lines[0] == "peak 1,200 MB (process tree, PSS) at 2.0 s:"
    assert lines[1].startswith("      700 MB  child 101 (") and lines[1].endswith(" (private 600 MB)")
    assert lines[2].startswith("      500 MB  build (private 100 MB)")
    assert lines[3] == "  last log line before it: search index: …"
    assert lines[4].startswith("timeline") and len(lines) == 5 + len(samples)


def test_this_process_has_private_memory_and_is_in_its_own_tree():
    assert bench_memory.private_kb(os.getpid()) > 0
    assert bench_memory.tree(os.getpid())[0] == os.getpid()
