"""Command-line entry point `safety-month`: a thin argparse layer with no logic of its own.

Each subcommand lives in a module exposing ``HELP`` (one line), ``add_arguments(parser)``
and ``run(args) -> int``; modules are imported only when their command runs, so
``safety-month --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys

# name -> module (relative to this package). Order is the order shown in --help.
COMMANDS: dict[str, str] = {
    "import": "safety_month.commands.import_cmd",
    "new": "safety_month.commands.new_cmd",
    "check": "safety_month.commands.check_cmd",
    "review": "safety_month.commands.review_cmd",
    "convert": "safety_month.commands.convert_cmd",
    "diff": "safety_month.commands.diff_cmd",
    "remove": "safety_month.commands.remove_cmd",
    "bench": "safety_month.commands.bench_cmd",
}

DESCRIPTION = """安全生产月网站工具。每个命令的用法：safety-month 命令 --help"""

# argparse's own messages are English; the ones an editor meets, in Chinese.
_ERRORS = [
    (re.compile(r"the following arguments are required: (.*)"), "缺少参数：{}"),
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{}"),
    (re.compile(r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)"), "{}：没有“{}”这个选项（可选：{}）"),
    (re.compile(r"argument (\S+): expected (\S+) arguments?"), "{} 后面应有 {} 个参数"),
    (re.compile(r"argument (\S+): expected one argument"), "{} 后面应有 1 个参数"),
]


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # prefix "" is argparse working out a sub-command's prog: left as it is
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def _format_action(self, action):
        text = super()._format_action(action)
        if isinstance(action, argparse._SubParsersAction):
            text = text.split("\n", 1)[1]  # the metavar line: the heading already says 命令
        return text


class _Parser(argparse.ArgumentParser):
    """argparse in Chinese: usage, section titles, -h and the common error messages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示这段说明后退出")

    def error(self, message):
        for pattern, zh in _ERRORS:
            match = pattern.fullmatch(message)
            if match:
                message = zh.format(*(g.replace("'", "") for g in match.groups()))
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")


def _load(name: str):
    return importlib.import_module(COMMANDS[name])


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="safety-month", description=DESCRIPTION)
    # Each command once, under its own heading (the help lists what add_parser was told).
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令", parser_class=_Parser)
    for name in COMMANDS:
        module = _load(name)
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
