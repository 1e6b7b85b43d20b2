"""devtools.bench and bench_report: measuring a built site and reporting (the timed runs are the command's)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from devtools import bench, bench_report, bench_weight
from safety_month.cli import COMMANDS, build_parser


SPEECH = (b'<html><head><meta charset="utf-8"></head><body><header>x</header><div class="sm-speech-body"><p>' +
          "安".encode() * 400 + b'</p></div><aside class="sm-provenance">y</aside></body></html>')


def test_measure_reads_speech_pages_and_search_files(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    (docs / "speeches" / "2020").mkdir(parents=True)
    for name in ("a", "b", "c"):
        (docs / "speeches" / "2020" / f"{name}.md").write_text("x", encoding="utf-8")
    for name, size in (("a", 1000), ("b", 3000)):
        page = site / "speeches" / "2020" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_bytes(b"<p>" + "安".encode() * size + b"</p>")
    (site / "speeches" / "2020" / "c").mkdir()
    (site / "speeches" / "2020" / "c" / "index.html").write_bytes(SPEECH)
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_bytes(b'{"docs": []}' * 50)
    build = bench.measure(site, docs, bench.Run(1.5))
    assert sorted(build.page_raw) == sorted([3007, 9007, len(SPEECH)])
    assert build.page_gzip[0] == len(gzip.compress((site / "speeches/2020/a/index.html").read_bytes(), 6, mtime=0))
    assert build.search_raw == 600 and 0 < build.search_gzip < 600
    assert build.site_bytes == 3007 + 9007 + len(SPEECH) + 600
    # only the speech-template page has a text and a weight outside it
    assert build.outside_gzip == [bench_weight.outside_text_gzip(SPEECH)]
    assert build.text_gzip == [bench.gzip_size(bench.speech_text(SPEECH))]
    assert bench.median_speech_breakdown(site, docs)[0][0] == bench_weight.PARTS[0][0]


def test_speech_text_is_the_body_block():
    page = (b'<header>x</header><div class="sm-speech-body"><p>' + "安".encode() * 50 +
            b'</p></div><aside class="sm-provenance">y</aside>')
    assert bench.speech_text(page) == page[page.index(b"<div"):page.index(b"<aside")]
    assert bench.speech_text(b"<p>other template</p>") is None


def test_speech_bodies_leave_out_the_front_matter(tmp_path):
    page = tmp_path / "speeches" / "2020" / "a.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: 标题重复\nkind: speech\n---\n\n正文第一段。\n", encoding="utf-8")
    assert bench.speech_bodies(tmp_path) == ["\n正文第一段。\n"]


def _result() -> bench.Result:
    build = bench.Build(bench.Run(12.0, 30.5, 900.0, 600.0), 10_000_000, [20_000, 30_000], [7000, 9000],
                        5_000_000, 1_000_000, [3000, 5000], [1800, 2500])
    default = bench.Build(bench.Run(60.0, 58.0, 700.0, 650.0), 400_000_000, [400_000], [50_000],
                          30_000_000, 3_000_000)
    return bench.Result(1000, 5.0, build, warm=bench.Run(6.0, 5.0), added_import=bench.Run(2.0),
                        added_build=bench.Run(7.0), edits=[0.5, 1.5], default=default,
                        recurrence=(0.43, 1_000_000, 400_000), corpus_sources=128)


def test_ratios_are_ours_over_the_default_build():
    r = bench_report.ratios(_result())
    assert r == {"cold_ratio": pytest.approx(0.2), "warm_ratio": pytest.approx(0.1), "added_ratio": pytest.approx(0.15)}
    result = _result()
    result.default = None
    assert bench_report.ratios(result) == {"cold_ratio": None, "warm_ratio": None, "added_ratio": None}


def test_report_lines_align_and_name_missed_targets():
    result = _result()
    text = bench_report.format_report(result)
    lines = text.splitlines()
    starts = {bench_report._width(line[:line.index("speeches")]) for line in lines[:1]}
    assert starts == {max(bench_report._width(r[0]) for r in bench_report.report_rows(result)) + 2}
    assert "200 speeches/s" in text
    assert "12.0 s (CPU 30.5 s), 0.20× default (target ≤ 0.25×)" in text
    assert "6.0 s (CPU 5.0 s), 0.10× default (target ≤ 0.12×)" in text
    assert "import 2.0 s + build 7.0 s = 9.0 s, 0.15× default" in text
    assert "128 sources of tests/corpus; 43% of 1,000,000 Han runs recur" in text
    assert "900 MB (process tree, PSS; largest process 600 MB RSS)" in text
    assert "median 2.1 KB, max 2.4 KB (target ≤ 2 KB)" in text
    misses = bench_report.target_misses(result)
    assert misses == ["speech page without its text 2.4 KB gzip > 2 KB", "edit served in 1.50 s > 1 s"]
    assert text.splitlines()[len(bench_report.report_rows(result))].endswith("; ".join(misses))
    result.build.run.seconds, result.build.run.peak_mb = 20.0, 1100.0
    assert bench_report.target_misses(result)[:1] == ["cold build 0.33× default > 0.25×"]
    assert "peak memory 1,100 MB > 1024 MB" in bench_report.target_misses(result)


def test_page_figures_are_reported_with_their_targets(monkeypatch, tmp_path):
    def largest_library_page(site, docs):
        return [("最大资料库页", "largest library page", "120.0 KB", "library page 120.0 KB > 100 KB")]

    monkeypatch.setattr(bench, "PAGE_FIGURES", [largest_library_page])
    result = _result()
    result.figures = bench.page_figures(tmp_path, tmp_path)
    text = bench_report.format_report(result)
    assert "largest library page" in text and "120.0 KB" in text
    assert "library page 120.0 KB > 100 KB" in bench_report.target_misses(result)


def test_growth_against_an_earlier_run_and_json_round_trip(tmp_path):
    earlier_result = _result()
    bench_report.write_json(earlier_result, tmp_path / "1000.json")
    earlier = bench_report.read_earlier(tmp_path / "1000.json")
    assert earlier["build"]["page_raw_max"] == 30_000 and earlier["ratios"]["cold_ratio"] == pytest.approx(0.2)
    later = _result()
    later.speeches = 3000
    later.build.run = bench.Run(42.0, 91.5, 1200.0, 800.0)
    g = bench_report.growth(later, earlier)
    assert g["speeches"] == 3 and g["build"] == pytest.approx(3.5) and g["cpu"] == pytest.approx(3.0)
    text = bench_report.format_report(later, earlier)
    assert "vs the 1,000 run" in text and "3.0× speeches: build 3.50× (CPU 3.00×)" in text
    assert "build 3.50× the 1,000 figure > 3.3×" in bench_report.target_misses(later, earlier)
    assert bench_report.to_json(later, earlier)["growth"]["build"] == pytest.approx(3.5)
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json"):
        bench_report.read_earlier(tmp_path / "bad.json")


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
    assert args.speeches == 20 and args.keep == "/tmp/x" and args.json is None and args.compare_json is None
    args = build_parser().parse_args(["bench", "--speeches", "3000", "--compare-json", "1000.json"])
    assert args.compare_json == "1000.json"


def test_compare_json_that_is_no_bench_result_is_refused(tmp_path, capsys, monkeypatch):
    from safety_month.commands import bench_cmd

    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "x.json").write_text("[1, 2]", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["bench", "--compare-json", str(tmp_path / "x.json")])
    assert bench_cmd.run(args) == 2
    assert "x.json" in capsys.readouterr().err


def test_the_cold_build_clears_the_build_caches_but_keeps_the_imports_table(tmp_path):
    from devtools import bench
    from safety_month.buildcache.session import IMPORT_FILE

    cache = tmp_path / ".cache"
    cache.mkdir()
    for name in ("pages.sqlite", "pages.sqlite-wal", IMPORT_FILE, "search-segments-abc.marshal"):
        (cache / name).write_bytes(b"x")
    (cache / "jinja").mkdir()
    assert bench.clear_build_caches(cache, (IMPORT_FILE,)) == \
        ["jinja", "pages.sqlite", "pages.sqlite-wal", "search-segments-abc.marshal"]
    assert [p.name for p in cache.iterdir()] == [IMPORT_FILE]
    assert bench.clear_build_caches(tmp_path / "missing", ()) == []
