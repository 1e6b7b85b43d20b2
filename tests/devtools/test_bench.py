"""devtools.bench: measuring a built site and reporting (the timed runs are the command's)."""

from __future__ import annotations

import gzip
from pathlib import Path

from devtools import bench
from safety_month.cli import COMMANDS, build_parser


def test_measure_reads_speech_pages_and_search_files(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    (docs / "speeches" / "2020").mkdir(parents=True)
    (docs / "speeches" / "2020" / "a.md").write_text("x", encoding="utf-8")
    (docs / "speeches" / "2020" / "b.md").write_text("x", encoding="utf-8")
    for name, size in (("a", 1000), ("b", 3000)):
        page = site / "speeches" / "2020" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_bytes(b"<p>" + "安".encode() * size + b"</p>")
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_bytes(b'{"docs": []}' * 50)
    build = bench.measure(site, docs, 1.5, 300.0)
    assert sorted(build.page_raw) == [3007, 9007]
    assert build.page_gzip[0] == len(gzip.compress((site / "speeches/2020/a/index.html").read_bytes(), 6, mtime=0))
    assert build.search_raw == 600 and 0 < build.search_gzip < 600
    assert build.site_bytes == 3007 + 9007 + 600
    assert build.text_gzip == []                      # no speech template: no text figure


def test_speech_text_is_the_body_block():
    page = (b'<header>x</header><div class="sm-speech-body"><p>' + "安".encode() * 50 +
            b'</p></div><aside class="sm-provenance">y</aside>')
    assert bench.speech_text(page) == page[page.index(b"<div"):page.index(b"<aside")]
    assert bench.speech_text(b"<p>other template</p>") is None


def test_report_lines_align_and_name_missed_targets():
    build = bench.Build(12.0, 2048.0, 10_000_000, [20_000, 30_000], [7000, 9000], 5_000_000, 1_000_000)
    default = bench.Build(60.0, 900.0, 400_000_000, [400_000], [50_000], 30_000_000, 3_000_000)
    result = bench.Result(1000, 5.0, build, [0.5, 1.5], default)
    text = bench.format_report(result)
    lines = text.splitlines()
    starts = {bench._width(line[:line.index("speeches")]) for line in lines[:1]}
    assert starts == {bench._width("倍数（默认/本站）") + 2}
    assert "200 speeches/s" in text and "build 5.0x" in text
    assert "12.0 s\n" in text                              # no CPU figure measured: none shown
    build.cpu_seconds = 30.5
    assert "12.0 s (CPU 30.5 s with workers)" in bench.format_report(result)
    misses = bench.target_misses(result)
    assert len(misses) == 5 and any("12.0 s > 10 s" in m for m in misses)
    data = bench.to_json(result)
    assert data["build"]["page_raw_max"] == 30_000 and data["targets_missed"] == misses


def test_default_config_drops_project_templates(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("---\ntitle: 首页\ntemplate: home.html\n---\n正文\n", encoding="utf-8")
    config = bench.write_default_config(tmp_path)
    assert "hooks" not in config.read_text(encoding="utf-8") and "custom_dir" not in config.read_text(encoding="utf-8")
    assert "template:" not in (tmp_path / bench.DEFAULT_DOCS / "index.md").read_text(encoding="utf-8")
    assert "template: home.html" in (tmp_path / "docs" / "index.md").read_text(encoding="utf-8")


def test_bench_is_a_subcommand():
    assert COMMANDS["bench"] == "safety_month.commands.bench_cmd"
    args = build_parser().parse_args(["bench", "--speeches", "20", "--keep", "/tmp/x"])
    assert args.speeches == 20 and args.keep == "/tmp/x" and args.json is None
