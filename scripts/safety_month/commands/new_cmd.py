"""`safety-month new KIND TITLE`: create a page with complete, valid front matter."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from safety_month.pages.contract import AUDIENCES

HELP = "新建页面：讲话 speech、五进文章 wujin、通知 notice（不会覆盖已有文件）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=("speech", "wujin", "notice"), help="页面类型")
    parser.add_argument("title", help="标题（中文）")
    parser.add_argument("--year", type=int, help="讲话年份（speech；不写则放在 undated/）")
    parser.add_argument("--audience", action="append",
                        help=f"五进对象：{'/'.join(AUDIENCES)}（wujin 必填；speech 可写多次）")
    parser.add_argument("--date", help="日期 YYYY-MM-DD（wujin/notice 默认今天）")
    parser.add_argument("--slug", help="文件名（小写英文、数字、连字符）；默认由年份或日期加标题的短校验值生成")
    parser.add_argument("--docs", default="docs", help="docs 文件夹（默认 ./docs）")


def run(args: argparse.Namespace) -> int:
    from safety_month.pages import scaffold

    try:
        planned = scaffold.plan(args.kind, args.title, year=args.year, audience=args.audience,
                                date=args.date, slug=args.slug)
    except scaffold.ScaffoldError as exc:
        print(f"safety-month new: {exc}", file=sys.stderr)
        return 2
    docs = Path(args.docs)
    if not docs.is_dir():
        print(f"safety-month new: 找不到 docs 文件夹 {docs}（请在项目根目录运行，或用 --docs 指定）", file=sys.stderr)
        return 2
    target = docs / planned.rel_path
    try:
        write_new(target, planned.text)
    except FileExistsError:
        print(f"safety-month new: {target} 已存在，没有覆盖。换一个标题或用 --slug 指定文件名。", file=sys.stderr)
        return 1
    print(target)
    return 0


def write_new(target: Path, text: str) -> None:
    """Write text to target, which must not exist; atomic (temp file + link, never a half file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, target)  # fails with FileExistsError instead of replacing an editor's file
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: exclusive create, then write
            with open(target, "x", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
    finally:
        tmp.unlink(missing_ok=True)
