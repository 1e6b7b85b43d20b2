"""`safety-month bench`: import, build and preview a site of N generated speeches; print figures.

Everything happens in a temporary copy of the project (mkdocs.yml, mkdocs.preview.yml,
overrides/, docs/ and sources/ copied; scripts/ linked), never in the editor's files:

1. N raw source documents whose sentences come from a word chain over the real evaluation
   corpus, tests/corpus/ (devtools.bench_text: at least 80 sources), with the noise of
   devtools.bench_corpus; the share of Han runs that recur in the imported speeches shows
   how varied the text is;
2. `safety-month import` of them into docs/speeches/ (speeches per second); generated pages
   the editorial checks refuse are retired (`safety-month remove`) and listed in the report;
3. a cold `mkdocs build` with the project's mkdocs.yml (no .cache/ yet): wall and CPU time,
   peak memory of the build's process tree, site size, speech page HTML (raw, gzip, and the
   gzip weight of everything except the speech's own text: devtools.bench_weight), search
   index bytes, and the figures of PAGE_FIGURES (other pages);
4. the same build again, nothing changed (warm: the segmentation cache in .cache/ is kept);
5. one more raw source: `safety-month import` (only the new source is new) and a build;
6. `mkdocs serve -f mkdocs.preview.yml` on a free 127.0.0.1 port: seconds from saving an
   edited speech to the served page showing the new text (polled over HTTP);
7. the same pages built with a plain default Material configuration (theme material,
   language zh, search with jieba, no hooks, no custom_dir); builds 3-5 as ratios to it.

The report and the targets are devtools.bench_report's.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from devtools import bench_corpus, bench_pages, bench_text, bench_weight

ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore::DeprecationWarning"}
# sources/ is copied too: imported pages must name a file under sources/ (source_file).
COPIED = ("mkdocs.yml", "mkdocs.preview.yml", "overrides", "docs", "sources")
LINKED = ("scripts",)
RAW = "sources/bench"
DEFAULT_CONFIG = "mkdocs.default.yml"
DEFAULT_DOCS = "docs-default"
# The plain configuration the issue compares with. attr_list only so that the "{: #p-N }"
# paragraph anchors of the generated pages (bench_corpus.speech_markdown) are read as anchors.
DEFAULT_YAML = """site_name: 安全生产月
docs_dir: {docs}
theme:
  name: material
  language: zh
plugins:
  - search:
      lang: zh
markdown_extensions:
  - attr_list
"""
_TEMPLATE_LINE = re.compile(r"^template: .*\n", re.M)


class BenchError(RuntimeError):
    pass


@dataclass
class Run:
    """One timed command: wall seconds, CPU seconds of it and the children it waited for,
    peak memory of its process tree (sum of PSS, sampled) and of its largest process (RSS)."""
    seconds: float
    cpu_seconds: float = 0.0
    peak_mb: float = 0.0
    largest_mb: float = 0.0


@dataclass
class Build:
    run: Run
    site_bytes: int = 0
    page_raw: list[int] = field(default_factory=list)
    page_gzip: list[int] = field(default_factory=list)
    search_raw: int = 0
    search_gzip: int = 0
    # The speech's own text (the page's sm-speech-body block) alone, gzip.
    text_gzip: list[int] = field(default_factory=list)
    # Everything except the speech's own text, gzip (devtools.bench_weight.outside_text).
    outside_gzip: list[int] = field(default_factory=list)


@dataclass
class Result:
    speeches: int
    import_seconds: float
    build: Build
    warm: Run | None = None
    added_import: Run | None = None
    added_build: Run | None = None
    edits: list[float] = field(default_factory=list)
    default: Build | None = None
    # (share of Han runs that recur, runs, distinct runs) in the imported speeches' text.
    recurrence: tuple[float, int, int] | None = None
    corpus_sources: int = 0
    # Rows of PAGE_FIGURES: (Chinese label, English label, value, missed target or None).
    figures: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    # Editorial-check issues of generated pages, which were retired before building.
    refused: list[str] = field(default_factory=list)
    # The weight breakdown of the median speech page (devtools.bench_weight.breakdown).
    weight_parts: list[tuple[str, int, int]] = field(default_factory=list)


# ---------------------------------------------------------------- project and corpus

def make_project(root: Path, dest: Path) -> None:
    """A copy of the project in dest: configuration, theme and docs copied, code linked."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    for name in LINKED:
        (dest / name).symlink_to(root / name)


@lru_cache(maxsize=1)
def corpus_text() -> bench_text.Chain:
    """The word chain over the evaluation corpus (built once per process: ~5 s)."""
    return bench_text.corpus_chain()


def import_sources(project: Path, sources: Path) -> Run:
    """`safety-month import` of a folder into docs/speeches/, timed."""
    cmd = [str(Path(sys.executable).parent / "safety-month"), "import", str(sources),
           "--out", str(project / "docs" / "speeches")]
    log = project / f"import-{sources.name}.log"
    return timed(cmd, project, log, "safety-month import")


def run_import(project: Path, count: int, seed: int = 1, *, first: int = 0,
               folder: str = RAW) -> tuple[int, float]:
    """Generate `count` raw sources (numbered from `first`) and import them; (speech pages
    written, seconds)."""
    sources = project / folder
    bench_corpus.write_raw_corpus(sources, count, seed, sentences=corpus_text(), first=first)
    out = project / "docs" / "speeches"
    before = set(out.rglob("*.md"))
    run = import_sources(project, sources)
    return len(set(out.rglob("*.md")) - before), run.seconds


def refused_pages(project: Path, pages: list[Path] | None = None) -> list[str]:
    """`file:line code` of each failing editorial-check issue in the speech pages (or in
    `pages`): what would stop the build (safety_month.checks.runner, as `safety-month check`)."""
    from safety_month.checks import runner

    here = os.getcwd()
    os.chdir(project)          # issues name pages relative to the working folder
    try:
        report = runner.check_paths(project / "mkdocs.yml", pages or [project / "docs" / "speeches"])
    finally:
        os.chdir(here)
    return [f"{issue.path}:{issue.line}: {issue.code}" for issue in report.failing]


def retire_refused(project: Path, pages: list[Path] | None = None) -> list[str]:
    """Retire (`safety-month remove`, as an editor would) the generated pages the editorial
    checks refuse, so the build measures the rest; the issues, for the report. Generated text
    meets importer limits real text meets too (a bracket whose sentence a page marker cut,
    an unlikely year): the report lists them instead of the bench stopping."""
    issues = refused_pages(project, pages)
    if issues:
        paths = sorted({issue.split(":", 1)[0] for issue in issues})
        timed([str(Path(sys.executable).parent / "safety-month"), "remove", *paths], project,
              project / "remove.log", "safety-month remove")
    return issues


def speech_bodies(docs: Path) -> list[str]:
    """The body text (after the front matter) of every speech page under docs/speeches/."""
    from safety_month.pages import reader

    bodies = []
    for page in sorted((docs / "speeches").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        bodies.append("\n".join(text.split("\n")[reader.parse(text).close_line:]))
    return bodies


def write_default_config(project: Path) -> Path:
    """mkdocs.default.yml over docs-default/: the same pages minus the project's own templates."""
    docs = project / DEFAULT_DOCS
    shutil.copytree(project / "docs", docs)
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if text.startswith("---") and _TEMPLATE_LINE.search(text):
            page.write_text(_TEMPLATE_LINE.sub("", text, count=1), encoding="utf-8")
    path = project / DEFAULT_CONFIG
    path.write_text(DEFAULT_YAML.format(docs=DEFAULT_DOCS), encoding="utf-8")
    return path



# ---------------------------------------------------------------- build and measure

def _proc_children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields follow the last ')'.
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _pss_kb(pid: int) -> int:
    """Proportional set size of one process (shared pages split between their users, so a
    forked worker's copy-on-write pages are not counted twice); RSS where smaps_rollup is
    unreadable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except OSError:
        return 0


def tree_pss_kb(pid: int) -> int:
    """Sum of the PSS of a process and all its descendants, now."""
    children, total, todo = _proc_children(), 0, [pid]
    while todo:
        p = todo.pop()
        total += _pss_kb(p)
        todo.extend(children.get(p, ()))
    return total


class TreeSampler(threading.Thread):
    """Samples tree_pss_kb(pid) every `interval` seconds until stopped; `peak_kb` is the largest."""

    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak_kb = max(self.peak_kb, tree_pss_kb(self.pid))
            self._stop_event.wait(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak_kb


def timed(cmd: list[str], cwd: Path, log: Path, what: str) -> Run:
    """Run cmd with its output in log; the Run's figures; BenchError naming `what` on failure."""
    with open(log, "w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ, **ENV))
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        peak_kb = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise BenchError(f"{what} failed ({proc.returncode}):\n{log.read_text(encoding='utf-8')[-3000:]}")
    # Linux: ru_maxrss in KB, of the largest process in the tree (the build or one worker).
    return Run(seconds, usage.ru_utime + usage.ru_stime, peak_kb / 1024, usage.ru_maxrss / 1024)


def timed_build(project: Path, config: str, site: Path, log: Path) -> Run:
    """`mkdocs build` of config into site, timed (devtools.bench.Run)."""
    cmd = [str(Path(sys.executable).parent / "mkdocs"), "build", "-f", str(project / config), "-d", str(site)]
    return timed(cmd, project, log, f"mkdocs build -f {config}")


gzip_size = bench_weight.gzip_size
speech_text = bench_weight.speech_text


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def speech_html(site: Path, docs: Path) -> list[Path]:
    """The built page of every speech under docs/speeches/ (directory URLs)."""
    pages = []
    for md in sorted((docs / "speeches").rglob("*.md")):
        rel = md.relative_to(docs).with_suffix("")
        html = site / rel / "index.html" if rel.name != "index" else site / rel.parent / "index.html"
        if html.is_file():
            pages.append(html)
    return pages


def measure(site: Path, docs: Path, run: Run) -> Build:
    build = Build(run, tree_bytes(site))
    for html in speech_html(site, docs):
        data = html.read_bytes()
        build.page_raw.append(len(data))
        build.page_gzip.append(gzip_size(data))
        text = speech_text(data)
        if text is not None:
            build.text_gzip.append(gzip_size(text))
            build.outside_gzip.append(bench_weight.outside_text_gzip(data))
    for path in sorted((site / "search").rglob("*")) if (site / "search").is_dir() else []:
        if path.is_file():
            data = path.read_bytes()
            build.search_raw += len(data)
            build.search_gzip += gzip_size(data)
    return build


def median_speech_breakdown(site: Path, docs: Path) -> list[tuple[str, int, int]]:
    """bench_weight.breakdown of the speech page whose outside-text weight is the median."""
    pages = [(bench_weight.outside_text_gzip(p.read_bytes()), p) for p in speech_html(site, docs)]
    pages = sorted((size, p) for size, p in pages if size is not None)
    if not pages:
        return []
    return bench_weight.breakdown(pages[len(pages) // 2][1].read_bytes())


# Figures of other pages than speeches, each a function (site, docs) -> rows of (Chinese label,
# English label, value, the missed target or None). Issue 19 adds the largest library/tag page.
PageFigure = Callable[[Path, Path], list[tuple[str, str, str, "str | None"]]]
PAGE_FIGURES: list[PageFigure] = [bench_pages.figure]


def page_figures(site: Path, docs: Path) -> list[tuple[str, str, str, str | None]]:
    return [row for figure in PAGE_FIGURES for row in figure(site, docs)]


# ---------------------------------------------------------------- live preview

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (OSError, urllib.error.URLError):
        return None


def wait_for(url: str, token: str | None, timeout: float, proc: subprocess.Popen | None = None) -> float:
    """Seconds until url answers (and contains token); BenchError after timeout."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc is not None and proc.poll() is not None:
            raise BenchError(f"mkdocs serve exited with status {proc.returncode}")
        text = fetch(url)
        if text is not None and (token is None or token in text):
            return time.monotonic() - start
        time.sleep(0.02)
    raise BenchError(f"{url}: {'no answer' if token is None else repr(token) + ' not shown'} within {timeout:.0f} s")


def save_edit(page: Path, token: str) -> None:
    """Put token at the start of the page's first paragraph; written atomically like an editor."""
    from safety_month.pages import paragraphs, reader

    text = page.read_text(encoding="utf-8")
    lines = text.split("\n")
    first = reader.parse(text).close_line          # body lines start after the closing ---
    found = paragraphs.paragraphs(lines[first:])
    if not found:
        raise BenchError(f"{page}: no paragraph to edit")
    index = first + found[0].start
    lines[index] = token + lines[index]
    tmp = page.with_name(page.name + ".tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.replace(tmp, page)


def page_url(base: str, docs: Path, page: Path) -> str:
    return base + page.relative_to(docs).with_suffix("").as_posix() + "/"


def edit_latency(project: Path, runs: int = 3, config: str = "mkdocs.preview.yml", pause: float = 1.0,
                 each: Callable[[int, float], None] | None = None) -> list[float]:
    """Seconds from saving an edited speech to `mkdocs serve` serving it, `runs` times, `pause`
    seconds after the previous edit was served; each(run, seconds) is told every figure.
    "Served": an HTTP request for the page answers with the new text. MkDocs' server holds a
    page request while a rebuild runs (no half-built site), so this is the end of the rebuild
    the save started, as the browser's live reload sees it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    docs = project / "docs"
    page = sorted((docs / "speeches").rglob("*.md"))[len(list((docs / "speeches").rglob("*.md"))) // 2]
    log = open(project / "serve.log", "w")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "mkdocs"), "serve", "-f", str(project / config),
                             "-a", f"127.0.0.1:{port}"], cwd=project, stdout=log,
                            stderr=subprocess.STDOUT, env=dict(os.environ, **ENV))
    try:
        wait_for(page_url(base, docs, page), None, 600, proc)
        seconds = []
        for run in range(runs):
            token = f"基准修改标记{run}号{os.getpid()}"
            time.sleep(pause)   # the watcher settles after the previous rebuild
            start = time.monotonic()
            save_edit(page, token)
            wait_for(page_url(base, docs, page), token, 120, proc)
            seconds.append(time.monotonic() - start)
            if each is not None:
                each(run, seconds[-1])
        return seconds
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


_BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")


def preview_edits(project: Path, runs: int, pause: float, progress=print) -> dict:
    """`safety-month bench --preview-only`: edit -> served `runs` times in the live preview of
    a project made before (`--keep`), with no import or build of its own; the figures, each
    edit's told to progress as it comes. The machine's load average is part of them: the
    figures are wall seconds."""
    speeches = len(list((project / "docs" / "speeches").rglob("*.md")))
    if not speeches or not (project / "mkdocs.preview.yml").is_file():
        raise BenchError(f"{project}: no docs/speeches/*.md or mkdocs.preview.yml (make it with --keep)")
    load_before = os.getloadavg()
    seconds = edit_latency(project, runs, pause=pause,
                           each=lambda run, s: progress(f"edit {run + 1}: served in {s:.2f} s"))
    built = [float(b) for b in _BUILT.findall((project / "serve.log").read_text(encoding="utf-8"))]
    return {"speeches": speeches, "edits": seconds, "first_build": built[0] if built else None,
            "rebuilds": built[1:], "load_before": load_before, "load_after": os.getloadavg()}


# ---------------------------------------------------------------- the whole run

def clear_build_caches(cache: Path, keep: tuple[str, ...]) -> list[str]:
    """Remove what cache/ holds but the names in keep; the names removed."""
    removed = []
    for path in sorted(cache.iterdir()) if cache.is_dir() else []:
        if path.name not in keep:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
            removed.append(path.name)
    return removed


def _cold_build(work: Path, result_speeches: int, import_seconds: float) -> Result:
    from safety_month.buildcache.session import IMPORT_FILE
    from safety_month.search.segment import CACHE_DIR

    # Cold: no segmentation cache and no page cache. The import's own table stays: the import
    # before this build made it, as every `make build` keeps it for the next import (the
    # "one speech added" figure then imports the folder as an editor's next build would).
    clear_build_caches(work / CACHE_DIR, (IMPORT_FILE,))
    run = timed_build(work, "mkdocs.yml", work / "site", work / "build.log")
    result = Result(result_speeches, import_seconds, measure(work / "site", work / "docs", run))
    result.figures = page_figures(work / "site", work / "docs")
    result.weight_parts = median_speech_breakdown(work / "site", work / "docs")
    return result


def _add_one(work: Path, count: int, seed: int, refused: list[str]) -> tuple[Run, Run]:
    """One more raw source in the bench's sources folder, then what `make build` runs: the
    import of the whole folder (every other source is unchanged) and a build. A source whose
    page the checks refuse is retired and the next one tried."""
    speeches = work / "docs" / "speeches"
    for attempt in range(1, 6):
        before = set(speeches.rglob("*.md"))
        bench_corpus.write_raw_corpus(work / RAW, 1, seed + attempt, sentences=corpus_text(), first=count)
        imported = import_sources(work, work / RAW)
        issues = retire_refused(work, sorted(set(speeches.rglob("*.md")) - before))
        if not issues:
            break
        refused += issues
        count += 1
    built = timed_build(work, "mkdocs.yml", work / "site", work / "build-added.log")
    return imported, built


def run_bench(root: Path, work: Path, count: int, *, default: bool = True, edits: int = 3,
              seed: int = 1, progress=print) -> Result:
    make_project(root, work)
    progress("drawing the speeches' text from the evaluation corpus …")
    speeches, import_seconds = run_import(work, count, seed)
    refused = retire_refused(work)
    progress(f"imported {speeches} speeches in {import_seconds:.1f} s ({len(refused)} check issues: "
             f"pages retired); building cold …")
    result = _cold_build(work, speeches, import_seconds)
    result.refused = refused
    result.corpus_sources = corpus_text().sources
    result.recurrence = bench_text.han_recurrence(speech_bodies(work / "docs"))
    progress(f"built in {result.build.run.seconds:.1f} s; building again, nothing changed …")
    result.warm = timed_build(work, "mkdocs.yml", work / "site", work / "build-warm.log")
    progress(f"warm build {result.warm.seconds:.1f} s; adding one speech …")
    result.added_import, result.added_build = _add_one(work, count, seed, result.refused)
    if edits:
        progress("timing the live preview …")
        result.edits = edit_latency(work, edits)
    if default:
        progress("building with Material's default configuration …")
        config = write_default_config(work)
        run = timed_build(work, config.name, work / "site-default", work / "build-default.log")
        result.default = measure(work / "site-default", work / DEFAULT_DOCS, run)
    return result
