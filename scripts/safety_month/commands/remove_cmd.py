"""`safety-month remove PAGE...`: retire imported speeches. Each page's source (and part) is
added to sources/retired.yml, so no later import or build makes the page again, and the page
is deleted. A page the editor changed is first copied to a hidden backup next to it
(.<name>.bak: never built, never committed): nothing an editor wrote is lost. Deleting the
page by hand does the same (the next import notices it and adds the entry); this command
does it at once and says so. A speech comes back when its entry is deleted from the list.

Exit status: 0 when every page was retired, 1 when any was not (not an imported page, not
readable), 2 for bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from safety_month.pages import contract

from .diff_cmd import why as _why

HELP = "撤下导入的讲话：删除页面并记入 sources/retired.yml，以后的导入不再生成它"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pages", nargs="+", metavar="PAGE",
                        help="要撤下的讲话页面，例如 docs/speeches/undated/undated-bf3b8ab4.md")


def _relative(path: Path, folder: Path) -> str:
    try:
        return Path(os.path.realpath(path)).relative_to(folder.resolve()).as_posix()
    except ValueError:
        return path.name


def retire(page: Path, root: Path) -> list[str]:
    """Retire one page; the lines to print. Raises ValueError (message in Chinese) when the
    page is not an imported page or cannot be read, OSError when it cannot be written."""
    from safety_month.importer import ledger, retired, store
    from safety_month.importer.errors import display_name
    from safety_month.importer.fresh import page_owner

    out_dir = root / "docs" / contract.SPEECH_FOLDER
    try:
        data = page.read_bytes()
    except OSError as exc:
        raise ValueError(f"{display_name(page)}: 无法读取（{_why(exc)}）") from None
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
    try:
        owner = page_owner(page, text)
    except ValueError:
        raise ValueError(f"{display_name(page)}: 不是导入生成的页面（没有 source_file）：手工新建的页面直接删除文件即可，"
                         "不会再出现") from None
    relative = _relative(page, out_dir)
    list_path = retired.path_for(root, out_dir)
    shown_list = list_path.relative_to(root).as_posix()
    if not retired.covered(retired.load(list_path, shown_list), owner.source_sha256, owner.source_file, owner.part):
        retired.append(list_path, retired.entry_text(owner.source_file, owner.source_sha256, owner.part,
                                                     owner.title, relative, "safety-month remove"))
    lines = [f"已撤下 {display_name(page)}《{owner.title or ''}》：已记入 {shown_list}，以后的导入不再生成它"
             f"（要恢复：删去 {shown_list} 中这一条，再运行 make import）"]
    if contract.is_hand_edited(text):
        backup = store.backup_path(page)
        store.atomic_write(backup, data)
        lines.append(f"    这一页有手工修改，原文件已备份为 {display_name(backup)}（隐藏文件，不会发布）")
    page.unlink()
    record = ledger.load(out_dir)
    record.drop(owner.source_sha256, owner.source_file, owner.part)
    record.save()
    return lines



def run(args: argparse.Namespace) -> int:
    from safety_month.importer.pipeline import find_project_root
    from safety_month.importer.retired import RetiredError

    root = find_project_root()
    if root is None:
        print("safety-month remove: 错误：找不到项目根目录（当前目录及上级目录中没有 mkdocs.yml）", file=sys.stderr)
        return 2
    failed = 0
    for name in args.pages:
        try:
            print("\n".join(retire(Path(name), root)))
        except (ValueError, RetiredError) as exc:
            print(str(exc), file=sys.stderr)
            failed += 1
        except OSError as exc:
            print(f"{name}: 写入失败（{_why(exc)}）", file=sys.stderr)
            failed += 1
    if not failed:
        print("其他页面如有指向撤下页面的链接，运行 safety-month check 会指出")
    return 1 if failed else 0
