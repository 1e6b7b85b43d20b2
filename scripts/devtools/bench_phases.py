"""Where a cold build's CPU goes, and the floor it cannot go under (issue 20: cold build
<= 0.25 x Material's default).

    .venv/bin/python scripts/devtools/bench_phases.py PROJECT [--default-seconds S]

PROJECT is a project copy (`safety-month bench --keep DIR`). The script runs one serial cold
`mkdocs build` of it in this process, into a temporary folder (the project's site/ and caches
are left alone): no page cache, no segmentation cache, no worker processes and no second
process, so that every piece of work is done once, here, where it can be timed. It prints
the process CPU of each kind of work (Python-Markdown's conversion, Jinja's templates,
jieba's cut and dictionary load, Material's HTML parse for search) and of each hook handler,
then the floor:

- jieba, Markdown and the templates are what Material's own build does too, and what a
  site with the same search and pages cannot skip: jieba's cut must be jieba's (a faster
  segmenter gives a different index; README, jieba_fast);
- on two cores, even split perfectly, those alone take their CPU / 2 of wall time;
- with --default-seconds (Material's default build of the same project, from the bench),
  the floor is also printed as a ratio of it, next to the target.

The shard writer is a fresh process (it cannot run in this one): its CPU is printed as
"children".
"""

from __future__ import annotations

import argparse
import collections
import functools
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Everything in this process, nothing cached: what a cold build has to do, once.
SERIAL = {
    "SAFETY_MONTH_PAGE_CACHE": "off",
    "SAFETY_MONTH_SEARCH_CACHE": "off",
    "SAFETY_MONTH_PRERENDER": "off",
    "SAFETY_MONTH_SEARCH_WORKERS": "0",
    "SAFETY_MONTH_CHECK_WORKERS": "0",
}

# The work Material's default build does as well, which no site with jieba search can skip
# (labels as Phases.wrap records them).
MARKDOWN = "Markdown conversion (Python-Markdown)"
TEMPLATES = "templates (Jinja)"
JIEBA_CUT = "jieba cut (Material's _segment_chinese)"
JIEBA_LOAD = "jieba dictionary load"
MATERIAL_PARSE = "search: Material's HTML parse"
FLOOR = (JIEBA_CUT, JIEBA_LOAD, MARKDOWN, TEMPLATES)
HOOK = "  hook "
TARGET = 0.25


class Phases:
    """Process CPU per label. A kind of work counts only its own time: a jieba dictionary
    load inside a cut counts as the load, not as both (so the floor adds no second twice).
    A call inside a call of the same label (a template rendering another) counts once, in the
    outer one. Hook handlers count everything they call (inclusive)."""

    def __init__(self, clock=time.process_time):
        self.seconds: collections.Counter[str] = collections.Counter()
        self._open: collections.Counter[str] = collections.Counter()
        self._stack: list[list] = []      # [label, seconds of nested kinds of work] of open kinds
        self._clock = clock

    def timed(self, label: str, function, inclusive: bool = False):
        @functools.wraps(function)
        def call(*args, **kwargs):
            if self._open[label]:
                return function(*args, **kwargs)
            self._open[label] += 1
            frame = None if inclusive else [label, 0.0]
            if frame:
                self._stack.append(frame)
            start = self._clock()
            try:
                return function(*args, **kwargs)
            finally:
                spent = self._clock() - start
                self._open[label] -= 1
                if frame:
                    self._stack.pop()
                    self.seconds[label] += spent - frame[1]
                    if self._stack:
                        self._stack[-1][1] += spent
                else:
                    self.seconds[label] += spent
        return call

    def wrap(self, owner, name: str, label: str) -> None:
        setattr(owner, name, self.timed(label, getattr(owner, name)))

    def wrap_hooks(self, events: dict[str, list]) -> None:
        """Each handler of each MkDocs event (config.plugins.events), by its module and name."""
        for event, handlers in events.items():
            for i, handler in enumerate(handlers):
                name = f"{getattr(handler, '__module__', '?')}.{getattr(handler, '__qualname__', '?')}"
                handlers[i] = self.timed(f"{HOOK}{event} {name}", handler, inclusive=True)


def report(seconds: dict[str, float], process_cpu: float, children_cpu: float,
           default_seconds: float | None = None, smallest: float = 0.05) -> list[str]:
    """The printed lines: kinds of work, then hook handlers, each largest first (those under
    `smallest` seconds left out), then the floor."""
    work = sorted(((v, k) for k, v in seconds.items() if not k.startswith(HOOK)), reverse=True)
    hooks = sorted(((v, k[len(HOOK):]) for k, v in seconds.items() if k.startswith(HOOK)), reverse=True)
    lines = [f"serial cold build: this process {process_cpu:.2f} s CPU, children (shard writer) {children_cpu:.2f} s",
             "kinds of work:"]
    lines += [f"{v:8.2f} s  {k}" for v, k in work if v >= smallest]
    lines.append("hook handlers (each includes the kinds of work it calls):")
    lines += [f"{v:8.2f} s  {k}" for v, k in hooks if v >= smallest]
    floor = sum(seconds.get(k, 0.0) for k in FLOOR)
    lines.append(f"floor: {' + '.join(FLOOR)} = {floor:.2f} s CPU; on 2 cores at best {floor / 2:.2f} s wall")
    rest = process_cpu + children_cpu - floor
    lines.append(f"everything else: {rest:.2f} s CPU")
    if default_seconds:
        lines.append(f"floor / Material's default ({default_seconds:.1f} s): {floor / 2 / default_seconds:.3f} x "
                     f"(target {TARGET} x = {TARGET * default_seconds:.1f} s, which leaves "
                     f"{2 * TARGET * default_seconds - floor:.2f} s CPU for everything else)")
    return lines


def _instrument(phases: Phases) -> None:
    import jieba
    import jinja2
    import markdown
    from material.plugins.search import plugin as material_search

    phases.wrap(markdown.Markdown, "convert", MARKDOWN)
    phases.wrap(jinja2.Template, "render", TEMPLATES)
    phases.wrap(material_search.SearchIndex, "add_entry_from_context", MATERIAL_PARSE)
    # The workers and Material call the class attribute (internals.SEGMENT_LATER patches only
    # the instance's), so the cut is timed wherever it runs in this process.
    phases.wrap(material_search.SearchIndex, "_segment_chinese", JIEBA_CUT)
    phases.wrap(jieba.Tokenizer, "initialize", JIEBA_LOAD)


def serial_build(config_file: Path, site_dir: Path) -> tuple[Phases, float, float]:
    """Build config_file into site_dir serially; (phases, process CPU, children CPU)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.update(SERIAL)
    phases = Phases()
    _instrument(phases)
    before = resource.getrusage(resource.RUSAGE_SELF)
    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    phases.wrap_hooks(config.plugins.events)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    after = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return phases, cpu, children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--default-seconds", type=float, default=None,
                        help="Material's default build of the same project (the bench prints it)")
    args = parser.parse_args(argv)
    config_file = args.project.resolve() / "mkdocs.yml"
    if not config_file.is_file():
        parser.error(f"{config_file}: no such file (PROJECT is a project copy: safety-month bench --keep DIR)")
    os.chdir(config_file.parent)   # the hooks' paths are relative to the project, as under `mkdocs build`
    with tempfile.TemporaryDirectory(prefix="bench-phases-") as out:
        phases, cpu, children = serial_build(config_file, Path(out) / "site")
    print("\n".join(report(phases.seconds, cpu, children, args.default_seconds)))
    return 0


if __name__ == "__main__":   # the shard writer starts a fresh interpreter, which imports __main__
    sys.exit(main())
