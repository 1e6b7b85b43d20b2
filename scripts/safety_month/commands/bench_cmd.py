"""`safety-month bench [--speeches N] [--keep DIR] [--json FILE] [--compare-json FILE]`,
`safety-month bench --preview-only DIR [--edits K] [--pause S]`.

Generates N speeches as raw sources (text from the evaluation corpus) in a temporary copy of
the project, imports them, builds the site cold, again with nothing changed, again with one
speech added, times a one-page edit in the live preview and builds the same pages with
Material's default configuration (see devtools.bench). Prints the figures; exit status 0
even when a target is missed (the figures are the result), 1 when a step failed.
--compare-json names the JSON of an earlier run (the 1,000 figure of a 3,000 run): the
report adds the growth of build time and memory against it.
--preview-only times only the live preview's edit -> served, K times, in a project an earlier
run kept (--keep DIR): at 3,000 speeches the whole run takes many minutes, the preview's figure
needs only the pages (its edits stay in DIR's speech page).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HELP = "性能基准：生成 N 篇讲话，导入、构建、预览，并与 Material 默认配置比较"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--speeches", type=int, default=1000, metavar="N", help="讲话篇数（默认 1000）")
    parser.add_argument("--keep", metavar="DIR", help="在此文件夹生成并保留项目副本（须不存在或为空）")
    parser.add_argument("--json", metavar="FILE", help="另存一份 JSON 格式的结果")
    parser.add_argument("--edits", type=int, default=3, metavar="K", help="预览编辑计时次数（默认 3；0 跳过）")
    parser.add_argument("--no-default", action="store_true", help="不构建 Material 默认配置作对比")
    parser.add_argument("--compare-json", metavar="FILE",
                        help="与先前一次运行的 JSON 结果（--json 所存）比较构建时间和内存的增长")
    parser.add_argument("--preview-only", metavar="DIR",
                        help="只计时实时预览：在先前用 --keep 保留的项目中编辑讲话 K 次（--edits），打印每次和中位数、最大值")
    parser.add_argument("--pause", type=float, default=1.0, metavar="S",
                        help="预览计时时，上一次显示后等多少秒再保存（默认 1）")


def run(args: argparse.Namespace) -> int:
    from devtools import bench, bench_report
    from safety_month.importer.pipeline import find_project_root

    root = find_project_root()
    if root is None:
        print("safety-month bench: 错误：找不到项目根目录（当前目录及上级目录中没有 mkdocs.yml）", file=sys.stderr)
        return 2
    if args.speeches < 1:
        print("safety-month bench: 错误：--speeches 须为正整数", file=sys.stderr)
        return 2
    if args.preview_only:
        return _preview_only(Path(args.preview_only), args)
    earlier = None
    if args.compare_json:
        try:
            earlier = bench_report.read_earlier(Path(args.compare_json))
        except ValueError as exc:
            print(f"safety-month bench: 错误：{exc}", file=sys.stderr)
            return 2
    if args.keep:
        work = Path(args.keep)
        if work.exists() and any(work.iterdir()):
            print(f"safety-month bench: 错误：{work} 已存在且不为空", file=sys.stderr)
            return 2
    else:
        work = Path(tempfile.mkdtemp(prefix="safety-month-bench-")) / "project"
    try:
        result = bench.run_bench(root, work, args.speeches, default=not args.no_default,
                                 edits=args.edits, progress=lambda line: print(line, file=sys.stderr, flush=True))
    except bench.BenchError as exc:
        print(f"safety-month bench: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work.parent, ignore_errors=True)
    sys.stdout.write(bench_report.format_report(result, earlier))
    if args.json:
        bench_report.write_json(result, Path(args.json), earlier)
    return 0


def _preview_only(project: Path, args: argparse.Namespace) -> int:
    from devtools import bench, bench_report

    if args.edits < 1:
        print("safety-month bench: 错误：--preview-only 须有 --edits 1 次以上", file=sys.stderr)
        return 2
    try:
        figures = bench.preview_edits(project.resolve(), args.edits, args.pause,
                                      progress=lambda line: print(line, file=sys.stderr, flush=True))
    except bench.BenchError as exc:
        print(f"safety-month bench: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(bench_report.format_preview_edits(figures))
    return 0
