r"""`safety-month import PATH... [--out DIR] [--report FILE] [--brief] [--force]`.

Exit status: 0 when every input imported (pages an editor changed by hand are left alone and
reported once, which is not a failure; so is a folder with nothing to import); 1 when any
input failed, including a path that does not exist and a folder that cannot be read (the
others are still imported), and when sources/retired.yml cannot be read (nothing imported); 2 for bad usage, including no project root to put the default
--out under. File names are shown with control characters and bytes that are not UTF-8
made visible (\n, \t, \x1b, \xNN).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from safety_month.pages import contract

HELP = "导入讲话原稿（.txt/.html/.docx）为 docs/speeches/ 下的页面"

DEFAULT_OUT = Path("docs") / contract.SPEECH_FOLDER


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="原稿文件或文件夹（文件夹内的文件递归导入，隐藏文件跳过）")
    parser.add_argument("--out", metavar="DIR",
                        help="页面输出文件夹（默认：项目根目录下的 docs/speeches）")
    parser.add_argument("--report", metavar="FILE", help="另存一份 JSON 格式的导入报告")
    parser.add_argument("--brief", action="store_true",
                        help="只列出有变化的原稿，每个一行，最后一行合计（make build 和 make serve 用）")
    parser.add_argument("--force", action="store_true",
                        help="用导入结果替换已手工修改的页面（手工修改会被替换掉，原文件先备份为同目录下的"
                             " .<名>.bak；想先看会改什么，用 safety-month diff 页面）")


def run(args: argparse.Namespace) -> int:
    from safety_month.importer import report
    from safety_month.importer.errors import display_name, shown
    from safety_month.buildcache import session
    from safety_month.importer.pipeline import find_project_root, import_paths
    from safety_month.importer.plan_memo import PlanMemo
    from safety_month.importer.retired import RetiredError

    root = find_project_root()
    if args.out:
        out = Path(args.out)
    elif root is not None:
        out = root / DEFAULT_OUT
    else:
        print("safety-month import: 错误：找不到项目根目录（当前目录及上级目录中没有 mkdocs.yml）；"
              "请在项目内运行，或用 --out 指定输出文件夹", file=sys.stderr)
        return 2

    # Sources planned by an earlier import with the same bytes and code are not planned again
    # (importer.plan_memo; .cache/imports.sqlite, off with SAFETY_MONTH_PAGE_CACHE=off).
    table = session.import_table(root)
    try:
        result = import_paths(list(args.paths), out, root=root, force=args.force,
                              plans=PlanMemo(table) if table is not None else None)
    except RetiredError as exc:
        print(f"{exc}\n导入未进行：撤下清单读不出来时导入可能重新生成已撤下的讲话", file=sys.stderr)
        return 1
    finally:
        if table is not None:
            table.commit()
            table.close()
    if args.brief:
        sys.stdout.write(report.format_brief(result, "safety-month import " + " ".join(map(display_name, args.paths))))
    else:
        sys.stdout.write(report.format_summary(result))
    if args.report:
        try:
            report.write_json(result, Path(args.report))
        except OSError as exc:
            print(f"{display_name(args.report)}: 无法写入报告（{exc.strerror or exc}）", file=sys.stderr)
            return 1
    for item in result.failed:
        print(shown(item.error or ""), file=sys.stderr)
    return 1 if result.failed else 0
