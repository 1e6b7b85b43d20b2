"""`safety-month diff PAGE...`: what a fresh import of each page's source would change in the
page, as a unified diff ("-" lines: the page now; "+" lines: what the import would write).
Nothing is written. An edited page is the editor's and the import leaves it alone; this is
how an editor sees what a corrected source or a better importer would bring, and copies in by
hand what they want.

Exit status: 0 (differences or not), 1 when a page could not be compared (not an imported
page, source missing), 2 for bad usage.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

HELP = "显示重新导入会对页面做哪些改动（统一差异格式，只显示，不改文件）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pages", nargs="+", metavar="PAGE",
                        help="导入生成的讲话页面，例如 docs/speeches/2021/2021-8e8c839b-1.md")


def unified(page: str, current: str, fresh: str) -> str:
    """The differences as a unified diff (empty when there is none)."""
    lines = difflib.unified_diff(current.splitlines(keepends=True), fresh.splitlines(keepends=True),
                                 fromfile=f"{page}（现在的页面）", tofile=f"{page}（重新导入的结果）")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)



def why(exc: OSError) -> str:
    """The reason an editor reads, in Chinese for the common ones."""
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    if isinstance(exc, PermissionError):
        return "没有权限"
    if isinstance(exc, IsADirectoryError):
        return "这是文件夹，不是页面"
    return exc.strerror or str(exc)


def run(args: argparse.Namespace) -> int:
    from safety_month.importer.errors import display_name
    from safety_month.importer.fresh import FreshError, fresh_page
    from safety_month.importer.pipeline import default_pipeline, find_project_root

    root = find_project_root()
    if root is None:
        print("safety-month diff: 错误：找不到项目根目录（当前目录及上级目录中没有 mkdocs.yml）", file=sys.stderr)
        return 2
    pipeline, failed = default_pipeline(), 0
    for name in args.pages:
        page = Path(name)
        try:
            data = page.read_bytes()
        except OSError as exc:
            print(f"{display_name(name)}: 无法读取（{why(exc)}）", file=sys.stderr)
            failed += 1
            continue
        current = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
        try:
            fresh, source = fresh_page(page, current, root, pipeline)
        except FreshError as exc:
            print(str(exc), file=sys.stderr)
            failed += 1
            continue
        text = unified(display_name(name), current, fresh)
        if text:
            sys.stdout.write(text)
        else:
            print(f"{display_name(name)}: 与重新导入原稿 {display_name(source.relative_to(root))} 的结果相同，没有差异")
    return 1 if failed else 0
