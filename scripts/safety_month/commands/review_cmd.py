"""`safety-month review [PATH…]` and `safety-month review --done FILE N`: the site's open
待核对 items, and resolving one (safety_month.pages.review).

Exit status: 0 (listing is not a check: open items are work, not errors; `safety-month check`
and the build judge the pages); 1 when --done cannot do what it was asked (the message names
the file and why), or a page cannot be read; 2 for bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HELP = "列出全站待核对事项（文件:行 要核对什么）；--done 文件 序号 表示某一项已核对完"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="只列出这些 .md 文件或文件夹里的（默认：整个 docs/）")
    parser.add_argument("--done", nargs=2, metavar=("FILE", "N"),
                        help="第 N 项已核对完：从 FILE 的待核对列表中删除它（序号见列表中的“第 N 项”）")


def run(args: argparse.Namespace) -> int:
    if args.done:
        return _done(Path(args.done[0]), args.done[1])
    from safety_month.importer.pipeline import find_project_root

    root = find_project_root()
    if not args.paths and root is None:
        print("safety-month review: 错误：找不到项目根目录（当前目录及上级目录中没有 mkdocs.yml）；"
              "请在项目内运行，或写出要列出的文件夹", file=sys.stderr)
        return 2
    paths = [Path(p) for p in args.paths] or [_relative(root / "docs")]
    for p in paths:
        if not os.path.lexists(p):
            print(f"safety-month review: 错误：{p} 不存在", file=sys.stderr)
            return 2
    lines, pages, total, unreadable = _listing(paths)
    for line in lines:
        print(line)
    if total:
        print(f"共 {total} 项待核对，涉及 {pages} 个页面。核对完一项，就从页面 front matter 的 review 列表中"
              "删除它，或运行：safety-month review --done 文件 序号")
    else:
        print("没有待核对事项。")
    for path in unreadable:
        print(f"{path}: 无法按 UTF-8 读取，没有列出它的待核对事项；先运行 safety-month check 查看原因", file=sys.stderr)
    return 1 if unreadable else 0


def _relative(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _pages(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*.md")
                          if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts))
        else:
            out.append(p)
    return out


def _listing(paths: list[Path]) -> tuple[list[str], int, int, list[str]]:
    from safety_month.pages import review
    from safety_month.importer.errors import display_name

    lines, pages, total, unreadable = [], 0, 0, []
    for path in _pages(paths):
        shown = display_name(path.as_posix())
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            unreadable.append(shown)
            continue
        found = review.items(text)
        if found:
            pages += 1
            total += len(found)
        for item in found:
            lines.append(f"{shown}:{item.line or item.fm_line}: 第 {item.number} 项 {_what(item)}")
    return lines, pages, total, unreadable


def _what(item) -> str:
    from safety_month.importer import rule_names
    from safety_month.importer.errors import shown

    rule = f"[{rule_names.name(item.rule)}] " if item.rule else ""
    return rule + shown(" ".join(item.message.split()))


def _done(path: Path, number: str) -> int:
    from safety_month.atomic import atomic_write
    from safety_month.importer.errors import display_name
    from safety_month.pages import review

    shown = display_name(path.as_posix())
    if not number.isdigit() or int(number) < 1:
        print(f"safety-month review: 错误：序号应为正整数（列表中的“第 N 项”），现在是“{number}”", file=sys.stderr)
        return 2
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        print(f"{shown}: 文件不存在", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{shown}: 无法读取（{exc.strerror or exc}）", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(f"{shown}: 文件不是 UTF-8 编码；先运行 safety-month check 查看原因", file=sys.stderr)
        return 1
    try:
        new = review.remove(text, int(number))
    except review.ReviewError as exc:
        print(f"{shown}: {exc}", file=sys.stderr)
        return 1
    item = review.items(text)[int(number) - 1]
    try:
        atomic_write(path, new.encode("utf-8"))
    except OSError as exc:
        print(f"{shown}: 无法写入（{exc.strerror or exc}）", file=sys.stderr)
        return 1
    left = len(review.items(new))
    print(f"{shown}: 已删除第 {number} 项（{_what(item)}）；这一页还有 {left} 项待核对")
    return 0
