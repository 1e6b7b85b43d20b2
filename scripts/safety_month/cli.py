"""Command-line entry point `safety-month`: a thin argparse layer with no logic of its own.

Each subcommand lives in a module exposing ``HELP`` (one line), ``add_arguments(parser)``
and ``run(args) -> int``; modules are imported only when their command runs, so
``safety-month --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> module (relative to this package). Order is the order shown in --help.
COMMANDS: dict[str, str] = {
    "import": "safety_month.commands.import_cmd",
    "new": "safety_month.commands.new_cmd",
    "check": "safety_month.commands.check_cmd",
    "review": "safety_month.commands.review_cmd",
    "bench": "safety_month.commands.bench_cmd",
}

DESCRIPTION = """安全生产月网站工具 (safety-month site tools).

Subcommands:
""".rstrip()


def _load(name: str):
    return importlib.import_module(COMMANDS[name])


def build_parser() -> argparse.ArgumentParser:
    lines = [DESCRIPTION]
    modules = {name: _load(name) for name in COMMANDS}
    for name, module in modules.items():
        lines.append(f"  {name:<8} {module.HELP}")
    parser = argparse.ArgumentParser(
        prog="safety-month",
        description="\n".join(lines),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in modules.items():
        sp = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(sp)
        sp.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    return int(args._module.run(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
