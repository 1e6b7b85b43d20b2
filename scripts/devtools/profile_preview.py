"""Profile the live preview's rebuilds: `mkdocs serve -f mkdocs.preview.yml` emulated in this
process (the configuration loaded again for every build, as mkdocs serve does), without the
HTTP server, the file watcher or a browser.

One first build, then `--saves` edits of one speech (devtools.bench.save_edit, as an editor
saves; with --title its title is edited instead, which changes the library and tag lists); each rebuild's wall and CPU seconds and the time Python's cycle collector took are
printed, and the last rebuild runs under cProfile (its statistics printed, and written to
--out for pstats or snakeviz). The project is changed: use a copy (devtools.bench.make_project).

Usage: .venv/bin/python scripts/devtools/profile_preview.py PROJECT [--saves 4] [--title] [--out preview.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

SERVE_URL = "http://127.0.0.1:8000/"


class GCTimer:
    """Seconds spent in cycle collections, and how many of each generation, since reset()."""

    def __init__(self) -> None:
        self.reset()
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def reset(self) -> None:
        self.seconds, self.counts = 0.0, [0, 0, 0]

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.counts[info["generation"]] += 1


def _builder(project: Path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = tempfile.mkdtemp(prefix="mkdocs_")

    def run(first: bool = False) -> None:
        config = load_config(config_file=str(project / "mkdocs.preview.yml"), site_dir=site)
        config.site_url = SERVE_URL
        if first:
            config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url=SERVE_URL, dirty=False)
    return run, Path(site)


def save_title(page: Path, token: str) -> None:
    """Append token to the page's title (its front matter's title: line), written atomically."""
    lines = page.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    lines[index] += token
    tmp = page.with_name(page.name + ".tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.replace(tmp, page)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--saves", type=int, default=4)
    ap.add_argument("--out", default="preview.prof")
    ap.add_argument("--pause", type=float, default=3.0, help="seconds between saves (idle time)")
    ap.add_argument("--title", action="store_true", help="edit the speech's title instead of its text")
    args = ap.parse_args(argv)
    project = args.project.resolve()
    os.chdir(project)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.path.insert(0, str(project / "scripts"))
    from devtools.bench import save_edit

    run, site = _builder(project)
    t = time.perf_counter()
    run(first=True)
    print(f"first build {time.perf_counter() - t:.2f} s", flush=True)
    pages = sorted((project / "docs" / "speeches").rglob("*.md"))
    page, timer, profile = pages[len(pages) // 2], GCTimer(), cProfile.Profile()
    for i in range(args.saves):
        time.sleep(args.pause)
        (save_title if args.title else save_edit)(page, f"剖析标记{i}号")
        timer.reset()
        last = i == args.saves - 1
        wall, cpu = time.perf_counter(), time.process_time()
        if last:
            profile.enable()
        run()
        if last:
            profile.disable()
        print(f"rebuild {i + 1}: {time.perf_counter() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s CPU, "
              f"cycle collector {timer.seconds:.2f} s {timer.counts}", flush=True)
    shown = (site / page.relative_to(project / "docs").with_suffix("") / "index.html").read_text(encoding="utf-8")
    print(f"the last save is on its page: {f'剖析标记{args.saves - 1}号' in shown}")
    profile.dump_stats(args.out)
    pstats.Stats(args.out).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
