"""Where the memory of a cold `mkdocs build` goes: PSS of every process of the build's tree,
sampled, with the build's own log lines on the same clock (issue 20: peak <= 1 GB at 3,000
speeches).

    .venv/bin/python scripts/devtools/bench_memory.py PROJECT [--tracemalloc N] [--keep-cache] [--log]

PROJECT is a project copy (`safety-month bench --keep DIR`). Its build caches are cleared
first, as the bench's cold build does (devtools.bench.clear_build_caches), unless
--keep-cache. Prints the peak of the tree (sum of PSS, devtools.bench.tree_pss_kb), the
processes at that moment (the build, jieba workers, the shard writer …) and the last log
line before it; then a timeline of the main process and the tree.

--tracemalloc N: the build process also traces Python allocations and prints the N largest
holders by line once every page is converted (before the first template), before Material's
index is made and before the shard writer starts (tracemalloc slows the build about
threefold, more under load: the times are not figures then).

The sampler runs in this process, not in the build: a thread in the build would stop it from
forking (safety_month.workers.may_fork).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools import bench  # noqa: E402

# Runs in the build process: MkDocs' log lines stamped with the monotonic clock (the same
# clock as the sampler's, across processes), and the optional tracemalloc snapshot.
_RUNNER = r"""
import logging, sys, time, os
class Stamp(logging.Handler):
    def emit(self, record):
        sys.stderr.write(f"@@ {time.monotonic():.3f} {record.getMessage()[:160]}\n")
logging.getLogger("mkdocs").addHandler(Stamp(logging.INFO))
top = int(os.environ.get("BENCH_MEMORY_TRACE", "0"))
if top:
    import tracemalloc
    tracemalloc.start(1)
    def snapshot(where):
        snap = tracemalloc.take_snapshot()
        current, peak = tracemalloc.get_traced_memory()
        sys.stderr.write(f"@@ {time.monotonic():.3f} tracemalloc {where}: "
                         f"{current / 2**20:.0f} MB traced now, {peak / 2**20:.0f} MB traced at most\n")
        for stat in snap.statistics("lineno")[:top]:
            sys.stderr.write(f"TM {stat.size / 2**20:8.1f} MB {stat.count:9d} blocks  {stat.traceback}\n")
    def before(owner, name, where, once=False):
        original, taken = getattr(owner, name), []
        def traced(*args, **kwargs):
            if not (once and taken):
                taken.append(snapshot(where))
            return original(*args, **kwargs)
        setattr(owner, name, traced)
    from material.plugins.search.plugin import SearchIndex
    from mkdocs.commands import build
    from safety_month.search import shards
    # every page converted, none rendered yet: every page's Markdown and HTML is held
    before(build, "_build_page", "after the conversion, before the first template", once=True)
    before(SearchIndex, "generate_search_index", "after the pages, before Material's index")
    before(shards.ShardWrite, "__init__", "before the shard writer")
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build"]
cli()
"""


def _label(pid: int, root: int) -> str:
    if pid == root:
        return "build"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        cmd = "?"
    return f"child {pid} ({cmd[-40:]})"


def tree(pid: int) -> list[int]:
    children, out, todo = bench._proc_children(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, ()))
    return out


def private_kb(pid: int) -> int:
    """Pages of the process no other process shares (a forked child's own and copied pages)."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith((b"Private_Clean:", b"Private_Dirty:")):
                    total += int(line.split()[1])
    except OSError:
        pass
    return total


def sample(proc: subprocess.Popen, interval: float) -> tuple[list[tuple[float, dict[int, int]]], dict]:
    """(monotonic time, pid -> PSS KB) until proc ends; and pid -> private KB at the tree's peak."""
    samples, best, private = [], 0, {}
    while proc.poll() is None:
        pids = tree(proc.pid)
        now = {p: bench._pss_kb(p) for p in pids}
        samples.append((time.monotonic(), now))
        if sum(now.values()) > best:
            best, private = sum(now.values()), {p: private_kb(p) for p in pids}
        time.sleep(interval)
    return samples, private


def report(samples, log: list[tuple[float, str]], root: int, start: float, private: dict) -> list[str]:
    if not samples:
        return ["no samples"]
    at, peak = max(samples, key=lambda s: sum(s[1].values()))
    lines = [f"peak {sum(peak.values()) / 1024:,.0f} MB (process tree, PSS) at {at - start:.1f} s:"]
    for pid, kb in sorted(peak.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {kb / 1024:7,.0f} MB  {_label(pid, root)} (private {private.get(pid, 0) / 1024:,.0f} MB)")
    before = [text for t, text in log if t <= at]
    lines.append(f"  last log line before it: {before[-1] if before else '-'}")
    lines.append("timeline (s, build MB, tree MB, processes):")
    step = max(1, len(samples) // 40)
    for t, kbs in samples[::step]:
        lines.append(f"  {t - start:6.1f} {kbs.get(root, 0) / 1024:7,.0f} {sum(kbs.values()) / 1024:7,.0f} {len(kbs)}")
    return lines


def run(project: Path, trace: int = 0, keep_cache: bool = False, interval: float = 0.2,
        show_log: bool = False) -> list[str]:
    if not keep_cache:
        from safety_month.buildcache.session import IMPORT_FILE
        from safety_month.search.segment import CACHE_DIR
        bench.clear_build_caches(project / CACHE_DIR, (IMPORT_FILE,))
    env = dict(os.environ, **bench.ENV, BENCH_MEMORY_TRACE=str(trace))
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", _RUNNER], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    import threading
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.extend(proc.stderr), daemon=True)
    reader.start()
    samples, private = sample(proc, interval)
    reader.join()
    log = [(float(line.split()[1]), line.split(" ", 2)[2].rstrip()) for line in out if line.startswith("@@ ")]
    lines = report(samples, log, proc.pid, start, private)
    if show_log:
        lines += ["log (s, line):"] + [f"  {t - start:6.1f} {text}" for t, text in log]
    lines += [line.rstrip()[3:] if line.startswith("@@ ") else line.rstrip()
              for line in out if line.startswith("TM ") or " tracemalloc " in line]
    if proc.returncode:
        lines.append(f"build failed ({proc.returncode}):")
        lines += [line.rstrip() for line in out[-30:]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--tracemalloc", type=int, default=0, metavar="N")
    parser.add_argument("--keep-cache", action="store_true")
    parser.add_argument("--log", action="store_true", help="every log line of the build, with its time")
    args = parser.parse_args(argv)
    print("\n".join(run(args.project.resolve(), args.tracemalloc, args.keep_cache, show_log=args.log)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
