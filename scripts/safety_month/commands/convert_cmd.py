"""`safety-month convert [PATH…]`: speech pages of the old format (a "{: #p-N }" line after each
paragraph, <span class="sm-redact"> around placeholders, &#42; escapes) to plain Markdown
(safety_month.pages.convert). Prints per file what changed; a page already converted is left
alone, so the command can be run any number of times.

Exit status: 0; 1 when a page could not be read or converted (the message names the file
and why); 2 for bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HELP = "把旧写法的讲话页面（段落锚点行、占位符 span、&#42; 转义）转换为纯文本写法，逐个文件报告改了什么"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="要转换的 .md 文件或文件夹（默认：整个 docs/）")
    parser.add_argument("--dry-run", action="store_true", help="只报告会改什么，不写文件")


def run(args: argparse.Namespace) -> int:
    from safety_month.importer.pipeline import find_project_root

    root = find_project_root()
    if root is None:
        print("safety-month convert: 错误：找不到项目根目录（当前目录及上级目录中没有 mkdocs.yml）；"
              "请在项目内运行", file=sys.stderr)
        return 2
    paths = [Path(p) for p in args.paths] or [root / "docs"]
    for p in paths:
        if not os.path.lexists(p):
            print(f"safety-month convert: 错误：{p} 不存在", file=sys.stderr)
            return 2
    try:
        render = _renderer(root)
    except Exception as exc:  # mkdocs raises several types; all mean "cannot read the config"
        print(f"safety-month convert: 错误：无法读取 {root / 'mkdocs.yml'}：{exc}", file=sys.stderr)
        return 1
    files = sorted({f for p in paths for f in ([p] if p.is_file() else p.rglob("*.md"))})
    return _convert_all(files, render, args.dry_run)


def _renderer(root: Path):
    """Markdown -> HTML as the build renders a speech body (mkdocs.yml's extensions)."""
    import markdown
    from mkdocs.config import load_config

    from safety_month.site import markup

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(root / "mkdocs.yml"))
    configs = markup.page_configs(config.mdx_configs, True)
    return lambda text: markdown.Markdown(extensions=config.markdown_extensions,
                                          extension_configs=configs).convert(text)


def _convert_all(files: list[Path], render, dry_run: bool) -> int:
    from safety_month.atomic import atomic_write
    from safety_month.pages.convert import ConvertError, convert

    failed = converted = 0
    for path in files:
        shown = _relative(path)
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{shown}: 无法读取（{exc.__class__.__name__}），未转换；先运行 safety-month check 查看原因",
                  file=sys.stderr)
            failed += 1
            continue
        try:
            result = convert(text, render)
        except ConvertError as exc:
            print(f"{shown}: 未转换：{exc}", file=sys.stderr)
            failed += 1
            continue
        for note in result.kept:
            print(f"{shown}: {note}")
        if not result.changed:
            continue
        converted += 1
        if not dry_run:
            atomic_write(path, result.text.encode("utf-8"))
        print(f"{'将转换' if dry_run else '已转换'} {shown}")
        for change in result.changes:
            print(f"    {change}")
    print(f"合计：检查 {len(files)} 个文件，{'将转换' if dry_run else '已转换'} {converted} 个"
          + (f"，{failed} 个未能转换" if failed else "") + ("；没有需要转换的页面" if not converted else ""))
    return 1 if failed else 0


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
