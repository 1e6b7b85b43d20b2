"""devtools/bench_pages.py: the largest library and tag pages of a built site, by bytes."""

from __future__ import annotations

from devtools import bench, bench_pages


def _site(tmp_path, sizes: dict[str, int]):
    for rel, n in sizes.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x" * n)
    return tmp_path


def test_the_largest_page_of_each_kind_is_named_with_its_size(tmp_path):
    site = _site(tmp_path, {"library/index.html": 9_000, "library/2024/3/index.html": 73_400,
                            "library/2024/index.html": 70_000, "tags/a/index.html": 101_000,
                            "tags/index.html": 5_000, "speeches/x/index.html": 900_000})
    assert bench_pages.largest(site) == [
        ("最大资料库页", "largest library page", "library/2024/3/index.html", 73_400, 3),
        ("最大标签页", "largest tag page", "tags/a/index.html", 101_000, 2)]
    rows = bench_pages.rows(site)
    assert rows[0][2] == "73.4 KB (cap 100 KB) library/2024/3/index.html, 3 pages"
    assert rows[1][2] == "101.0 KB (cap 100 KB, OVER) tags/a/index.html, 2 pages"


def test_a_site_without_list_pages_says_so_and_the_bench_reports_the_rows(tmp_path):
    assert bench_pages.rows(tmp_path)[1][2] == "0.0 KB (cap 100 KB) —, 0 pages"
    assert bench_pages.figure in bench.PAGE_FIGURES
    figures = bench.page_figures(_site(tmp_path / "s", {"tags/b/index.html": 1_500, "library/index.html": 100_001}),
                                 tmp_path / "docs")
    assert figures == [
        ("最大资料库页", "largest library page", "100.0 KB (cap 100 KB) library/index.html, 1 pages",
         "largest library page 100.0 KB > 100 KB"),
        ("最大标签页", "largest tag page", "1.5 KB (cap 100 KB) tags/b/index.html, 1 pages", None)]


def test_the_command_line_prints_the_rows(tmp_path, capsys):
    assert bench_pages.main([str(_site(tmp_path, {"library/index.html": 2_000}))]) == 0
    assert "largest library page  2.0 KB (cap 100 KB) library/index.html, 1 pages" in capsys.readouterr().out
    assert bench_pages.main([]) == 2
