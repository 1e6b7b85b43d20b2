"""The report of `safety-month bench` (devtools.bench): rows, targets, JSON, comparison.

Pure functions of a devtools.bench.Result (and of an earlier run's JSON for the comparison),
so they are tested without timing anything.
"""

from __future__ import annotations

import json
import os
import statistics
import unicodedata
from dataclasses import asdict
from pathlib import Path

from devtools import bench_weight

# Targets of issue 20 (ratios to Material's default build of the same pages, same run).
TARGETS = {
    "cold_ratio": 0.25,        # cold build
    "warm_ratio": 0.12,        # second build, nothing changed
    "added_ratio": 0.15,       # one speech added: import + build
    "outside_kb": 2.0,         # speech page: everything except the speech's own text, gzip
    "edit_s": 1.0,             # edit → served (stated at 3,000 speeches; held at every size)
    "peak_mb": 1024.0,         # build peak memory (stated at 3,000)
    "growth": 3.3,             # build time at 3,000 / at 1,000 (with --compare-json)
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.2f} MB"


def _median_max(values: list[int]) -> str:
    if not values:
        return "—"
    return f"median {kb(statistics.median(values))}, max {kb(max(values))}"


def ratio(ours: float, theirs: float | None) -> float | None:
    """ours / theirs (the issue's form: 0.25 × Material's default), None without a default."""
    return ours / theirs if theirs else None


def _ratio_text(value: float | None, target: float) -> str:
    if value is None:
        return ""
    return f", {value:.2f}× default (target ≤ {target:.2f}×)"


def _run_text(run) -> str:
    return f"{run.seconds:.1f} s (CPU {run.cpu_seconds:.1f} s)"


def added_seconds(result) -> float | None:
    if result.added_import is None or result.added_build is None:
        return None
    return result.added_import.seconds + result.added_build.seconds


def ratios(result) -> dict[str, float | None]:
    """Cold, warm and one-added builds as ratios to the default build's wall time."""
    theirs = result.default.run.seconds if result.default else None
    added = added_seconds(result)
    return {"cold_ratio": ratio(result.build.run.seconds, theirs),
            "warm_ratio": ratio(result.warm.seconds, theirs) if result.warm else None,
            "added_ratio": ratio(added, theirs) if added is not None else None}


def _build_rows(result) -> list[tuple[str, str, str]]:
    b, r = result.build, ratios(result)
    rows = [("冷构建", "cold build", _run_text(b.run) + _ratio_text(r["cold_ratio"], TARGETS["cold_ratio"]))]
    if result.warm:
        rows.append(("再次构建（无改动）", "warm build, nothing changed",
                     _run_text(result.warm) + _ratio_text(r["warm_ratio"], TARGETS["warm_ratio"])))
    if result.added_build:
        rows.append(("新增一篇", "one speech added",
                     f"import {result.added_import.seconds:.1f} s + build {result.added_build.seconds:.1f} s "
                     f"= {added_seconds(result):.1f} s" + _ratio_text(r["added_ratio"], TARGETS["added_ratio"])))
    rows.append(("构建峰值内存", "build peak memory",
                 f"{b.run.peak_mb:,.0f} MB (process tree, PSS; largest process {b.run.largest_mb:,.0f} MB RSS)"))
    return rows


def _page_rows(result) -> list[tuple[str, str, str]]:
    b = result.build
    outside = _median_max(b.outside_gzip)
    if b.outside_gzip:
        outside += f" (target ≤ {TARGETS['outside_kb']:.0f} KB)"
    return [
        ("站点大小", "site size", mb(b.site_bytes)),
        ("讲话页 HTML", "speech page HTML raw", _median_max(b.page_raw)),
        ("讲话页 HTML gzip", "speech page HTML gzip", _median_max(b.page_gzip)),
        ("讲话正文 gzip", "speech's own text gzip", _median_max(b.text_gzip)),
        ("正文以外 gzip", "page without its text gzip", outside),
        ("搜索索引", "search index (site/search/)", f"{mb(b.search_raw)} raw, {mb(b.search_gzip)} gzip"),
    ]


def _default_rows(d, b) -> list[tuple[str, str, str]]:
    return [
        ("默认配置构建", "default Material build", f"{_run_text(d.run)}, peak {d.run.peak_mb:,.0f} MB, "
                                                  f"site {mb(d.site_bytes)}"),
        ("默认配置讲话页", "default speech page HTML", f"{_median_max(d.page_raw)} "
                                                      f"(gzip median {kb(statistics.median(d.page_gzip or [0]))})"),
        ("默认配置搜索索引", "default search index", f"{mb(d.search_raw)} raw, {mb(d.search_gzip)} gzip"),
    ]


def growth(result, earlier: dict) -> dict[str, float]:
    """This run against an earlier run's JSON (the 1,000 figure for a 3,000 run): ratios of
    speeches, build wall and CPU time, peak memory."""
    e = earlier["build"]["run"]
    b = result.build.run
    return {"speeches": result.speeches / earlier["speeches"],
            "build": b.seconds / e["seconds"],
            "cpu": b.cpu_seconds / e["cpu_seconds"] if e.get("cpu_seconds") else float("nan"),
            "peak": b.peak_mb / e["peak_mb"] if e.get("peak_mb") else float("nan")}


def report_rows(result, earlier: dict | None = None) -> list[tuple[str, str, str]]:
    """(Chinese label, English label, value) rows."""
    rows = [("讲话篇数", "speeches", f"{result.speeches:,}")]
    if result.recurrence:
        share, runs, distinct = result.recurrence
        rows.append(("文本来源", "text", f"word chain over {result.corpus_sources} sources of tests/corpus; "
                                       f"{share:.0%} of {runs:,} Han runs recur ({distinct:,} distinct)"))
    if result.refused:
        pages = len({issue.split(":", 1)[0] for issue in result.refused})
        rows.append(("未通过检查", "pages retired (checks)", f"{pages} ({'; '.join(result.refused[:6])}"
                                                         f"{' …' if len(result.refused) > 6 else ''})"))
    rows.append(("导入速度", "import", f"{result.speeches / result.import_seconds:,.0f} speeches/s "
                                      f"({result.import_seconds:.1f} s)"))
    rows += _build_rows(result) + _page_rows(result)
    rows += [(zh, en, value) for zh, en, value, _ in result.figures]
    if result.edits:
        rows.append(("编辑后显示", "edit → page served",
                     f"median {statistics.median(result.edits):.2f} s, max {max(result.edits):.2f} s "
                     f"({len(result.edits)} edits, mkdocs.preview.yml)"))
    if result.default:
        rows += _default_rows(result.default, result.build)
    if earlier:
        g = growth(result, earlier)
        rows.append(("与先前一次比较", f"vs the {earlier['speeches']:,} run",
                     f"{g['speeches']:.1f}× speeches: build {g['build']:.2f}× (CPU {g['cpu']:.2f}×), "
                     f"peak memory {g['peak']:.2f}× (target build ≤ {TARGETS['growth']:.1f}×)"))
    return rows


def target_misses(result, earlier: dict | None = None) -> list[str]:
    """Targets of the issue not met by the figures measured in this run."""
    misses = [f"{name.replace('_ratio', '')} build {value:.2f}× default > {TARGETS[name]:.2f}×"
              for name, value in ratios(result).items() if value is not None and value > TARGETS[name]]
    b = result.build
    if b.outside_gzip and max(b.outside_gzip) > TARGETS["outside_kb"] * 1024:
        misses.append(f"speech page without its text {kb(max(b.outside_gzip))} gzip > {TARGETS['outside_kb']:.0f} KB")
    if result.edits and max(result.edits) > TARGETS["edit_s"]:
        misses.append(f"edit served in {max(result.edits):.2f} s > {TARGETS['edit_s']:.0f} s")
    if b.run.peak_mb > TARGETS["peak_mb"]:
        misses.append(f"peak memory {b.run.peak_mb:,.0f} MB > {TARGETS['peak_mb']:.0f} MB")
    if earlier and growth(result, earlier)["build"] > TARGETS["growth"]:
        misses.append(f"build {growth(result, earlier)['build']:.2f}× the {earlier['speeches']:,} figure "
                      f"> {TARGETS['growth']:.1f}×")
    misses += [miss for *_, miss in result.figures if miss]
    return misses


def format_report(result, earlier: dict | None = None) -> str:
    rows = report_rows(result, earlier)
    zh = max(_width(r[0]) for r in rows) + 2
    en = max(_width(r[1]) for r in rows) + 2
    lines = [_pad(a, zh) + _pad(b, en) + c for a, b, c in rows]
    misses = target_misses(result, earlier)
    lines.append(_pad("目标", zh) + _pad("targets", en) + ("all met" if not misses else "; ".join(misses)))
    if result.weight_parts:
        lines += ["", "speech page without its text, part by part (the median page; devtools.bench_weight):",
                  bench_weight.format_breakdown(result.weight_parts)]
    return "\n".join(lines) + "\n"


def to_json(result, earlier: dict | None = None) -> dict:
    data = asdict(result)
    for key in ("build", "default"):
        build = data.get(key)
        if build:
            for name in ("page_raw", "page_gzip", "text_gzip", "outside_gzip"):
                values = build.pop(name)
                build[f"{name}_median"] = statistics.median(values) if values else None
                build[f"{name}_max"] = max(values) if values else None
                build[f"{name}_count"] = len(values)
    data["ratios"] = ratios(result)
    data["targets_missed"] = target_misses(result, earlier)
    if earlier:
        data["growth"] = growth(result, earlier)
    return data


def write_json(result, path: Path, earlier: dict | None = None) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(to_json(result, earlier), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def read_earlier(path: Path) -> dict:
    """An earlier run's JSON (write_json); ValueError naming the file when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["build"]["run"]["seconds"], data["speeches"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}：不是 safety-month bench --json 写的结果（{exc}）") from exc
    return data


def format_preview_edits(figures: dict) -> str:
    edits, rebuilds = figures["edits"], figures["rebuilds"]
    lines = [f"live preview (mkdocs.preview.yml), {figures['speeches']:,} speeches, {len(edits)} edits",
             f"  edit -> served: median {statistics.median(edits):.2f} s, max {max(edits):.2f} s "
             f"(target {TARGETS['edit_s']:.0f} s){'  OVER TARGET' if max(edits) > TARGETS['edit_s'] else ''}",
             f"  each: {', '.join(f'{s:.2f}' for s in edits)}"]
    if rebuilds:
        lines.append(f"  MkDocs rebuild (its own figure): median {statistics.median(rebuilds):.2f} s, "
                     f"max {max(rebuilds):.2f} s; first build {figures['first_build']:.1f} s")
    lines.append("  load average (1/5/15 min): before " + "/".join(f"{x:.2f}" for x in figures["load_before"]) +
                 ", after " + "/".join(f"{x:.2f}" for x in figures["load_after"]))
    return "\n".join(lines) + "\n"
