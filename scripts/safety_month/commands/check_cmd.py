"""`safety-month check [PATH…]`: the build's editor checks, without building."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "检查页面（front matter、文字、链接），列出 文件:行 问题 — 修改方法；有问题时退出码为 1"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", help="要检查的 .md 文件或文件夹（默认：整个 docs/）")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml 的位置")


def run(args: argparse.Namespace) -> int:
    from safety_month.checks import runner

    config = Path(args.config_file)
    if not config.is_file():
        print(f"safety-month check: 找不到 {config}（请在项目根目录运行，或用 -f 指定）", file=sys.stderr)
        return 2
    try:
        report = runner.check_paths(config, [Path(p) for p in args.paths])
    except runner.CheckError as exc:
        print(f"safety-month check: {exc}", file=sys.stderr)
        return 2
    for note in report.notes:
        print(f"提示：{note}", file=sys.stderr)
    if report.issues:
        print(report.text())
    else:
        print(f"检查了 {len(report.pages)} 个页面，没有发现问题。")
    return 1 if report.failing else 0
