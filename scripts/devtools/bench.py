"""`safety-month bench`: import, build and preview a site of N generated speeches; print figures.

Everything happens in a temporary copy of the project (mkdocs.yml, mkdocs.preview.yml,
overrides/, docs/ and sources/ copied; scripts/ linked), never in the editor's files:

1. N raw source documents generated from the seeds' sentences (devtools.bench_corpus);
2. `safety-month import` of them into docs/speeches/ (speeches per second);
3. a cold `mkdocs build` with the project's mkdocs.yml: wall time, peak memory of the build
   process (ru_maxrss from wait4), site size, HTML bytes per speech page (raw and gzip),
   search index bytes (every file under site/search/);
4. `mkdocs serve -f mkdocs.preview.yml` on a free 127.0.0.1 port: seconds from saving an
   edited speech to the served page showing the new text (polled over HTTP);
5. the same pages built with a plain default Material configuration (theme material,
   language zh, search with jieba, no hooks, no custom_dir), and the ratios.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from devtools import bench_corpus, bench_pages

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
# Targets of the issue at 1,000 speeches (2 cores).
TARGETS = {"build_s": 10.0, "page_raw_kb": 25.0, "page_gzip_kb": 8.0, "edit_s": 1.0, "peak_mb": 1024.0}


class BenchError(RuntimeError):
    pass


@dataclass
class Build:
    seconds: float
    peak_mb: float
    site_bytes: int = 0
    page_raw: list[int] = field(default_factory=list)
    page_gzip: list[int] = field(default_factory=list)
    search_raw: int = 0
    search_gzip: int = 0
    # The speech's own text (the page's sm-speech-body block) alone, gzip: the floor under the
    # page's size that no template change can lower; page minus text is the theme's share.
    text_gzip: list[int] = field(default_factory=list)
    # CPU time of the build and its worker processes: steadier than wall time on a machine
    # other jobs share, for comparing runs (growth from 1,000 to 3,000 speeches).
    cpu_seconds: float = 0.0
    list_pages: list = field(default_factory=list)   # bench_pages.rows: largest library / tag page


@dataclass
class Result:
    speeches: int
    import_seconds: float
    build: Build
    edits: list[float] = field(default_factory=list)
    default: Build | None = None


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


def run_import(project: Path, count: int, seed: int = 1) -> tuple[int, float]:
    """Generate `count` raw sources and import them; (speech pages written, seconds)."""
    seeds, sources = project / "sources", project / RAW
    sentences = bench_corpus.usable_sentences(seeds)
    bench_corpus.write_raw_corpus(sources, count, seed, sentences=sentences)
    out = project / "docs" / "speeches"
    before = set(out.rglob("*.md"))
    start = time.perf_counter()
    result = subprocess.run([str(Path(sys.executable).parent / "safety-month"), "import", str(sources),
                             "--out", str(out)], cwd=project, capture_output=True, text=True,
                            env=dict(os.environ, **ENV))
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise BenchError(f"safety-month import failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return len(set(out.rglob("*.md")) - before), seconds


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

def timed_build(project: Path, config: str, site: Path, log: Path) -> tuple[float, float, float]:
    """Run `mkdocs build`; (wall seconds, peak resident memory of the build in MB, CPU seconds
    of the build with the worker processes it waited for)."""
    cmd = [str(Path(sys.executable).parent / "mkdocs"), "build", "-f", str(project / config), "-d", str(site)]
    with open(log, "w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, stdout=out, stderr=subprocess.STDOUT,
                                env=dict(os.environ, **ENV))
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise BenchError(f"mkdocs build -f {config} failed:\n{log.read_text(encoding='utf-8')[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime   # Linux: ru_maxrss in KB


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


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


BODY_START, BODY_END = b'<div class="sm-speech-body">', b'<aside class="sm-provenance"'


def speech_text(data: bytes) -> bytes | None:
    """The speech-body block of one built speech page (None in pages of other templates)."""
    start = data.find(BODY_START)
    end = data.find(BODY_END, start)
    return data[start:end] if start >= 0 and end > start else None


def measure(site: Path, docs: Path, seconds: float, peak_mb: float, cpu_seconds: float = 0.0) -> Build:
    build = Build(seconds, peak_mb, tree_bytes(site), cpu_seconds=cpu_seconds, list_pages=bench_pages.rows(site))
    for html in speech_html(site, docs):
        data = html.read_bytes()
        build.page_raw.append(len(data))
        build.page_gzip.append(gzip_size(data))
        text = speech_text(data)
        if text is not None:
            build.text_gzip.append(gzip_size(text))
    for path in sorted((site / "search").rglob("*")) if (site / "search").is_dir() else []:
        if path.is_file():
            data = path.read_bytes()
            build.search_raw += len(data)
            build.search_gzip += gzip_size(data)
    return build


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


def edit_latency(project: Path, runs: int = 3, config: str = "mkdocs.preview.yml") -> list[float]:
    """Seconds from saving an edited speech to `mkdocs serve` serving it, `runs` times."""
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
            time.sleep(1.0)   # the watcher settles after the previous rebuild
            start = time.monotonic()
            save_edit(page, token)
            wait_for(page_url(base, docs, page), token, 120, proc)
            seconds.append(time.monotonic() - start)
        return seconds
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# ---------------------------------------------------------------- the whole run

def run_bench(root: Path, work: Path, count: int, *, default: bool = True, edits: int = 3,
              progress=print) -> Result:
    make_project(root, work)
    speeches, import_seconds = run_import(work, count)
    progress(f"imported {speeches} speeches in {import_seconds:.1f} s; building …")
    seconds, peak, cpu = timed_build(work, "mkdocs.yml", work / "site", work / "build.log")
    result = Result(speeches, import_seconds, measure(work / "site", work / "docs", seconds, peak, cpu))
    progress(f"built in {seconds:.1f} s; timing the live preview …")
    if edits:
        result.edits = edit_latency(work, edits)
    if default:
        progress("building with Material's default configuration …")
        config = write_default_config(work)
        seconds, peak, cpu = timed_build(work, config.name, work / "site-default", work / "build-default.log")
        result.default = measure(work / "site-default", work / DEFAULT_DOCS, seconds, peak, cpu)
    return result


# ---------------------------------------------------------------- report

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.2f} MB"


def _median_max(values: list[int]) -> str:
    if not values:
        return "—"
    return f"median {kb(statistics.median(values))}, max {kb(max(values))}"


def _ratio(ours: float, theirs: float) -> str:
    return f"{theirs / ours:.1f}x" if ours else "—"


def report_rows(result: Result) -> list[tuple[str, str, str]]:
    """(Chinese label, English label, value) rows."""
    b = result.build
    rows = [
        ("讲话篇数", "speeches", f"{result.speeches:,}"),
        ("导入速度", "import", f"{result.speeches / result.import_seconds:,.0f} speeches/s "
                              f"({result.import_seconds:.1f} s)"),
        ("冷构建时间", "cold build wall time", f"{b.seconds:.1f} s" + (f" (CPU {b.cpu_seconds:.1f} s with workers)"
                                                                   if b.cpu_seconds else "")),
        ("构建峰值内存", "build peak memory", f"{b.peak_mb:,.0f} MB"),
        ("站点大小", "site size", mb(b.site_bytes)),
        ("讲话页 HTML", "speech page HTML raw", _median_max(b.page_raw)),
        ("讲话页 HTML gzip", "speech page HTML gzip", _median_max(b.page_gzip)),
        ("其中讲话正文 gzip", "of which speech text gzip",
         _median_max(b.text_gzip) + (f"; page minus text: median "
                                     f"{kb(statistics.median(p - t for p, t in zip(b.page_gzip, b.text_gzip)))}"
                                     if b.text_gzip and len(b.text_gzip) == len(b.page_gzip) else "")),
        ("搜索索引", "search index (site/search/)", f"{mb(b.search_raw)} raw, {mb(b.search_gzip)} gzip"),
        *b.list_pages,
    ]
    if result.edits:
        rows.append(("编辑后重建", "edit → page served",
                     f"median {statistics.median(result.edits):.2f} s, max {max(result.edits):.2f} s "
                     f"({len(result.edits)} edits, mkdocs.preview.yml)"))
    d = result.default
    if d:
        rows += [
            ("默认配置构建", "default Material build", f"{d.seconds:.1f} s, peak {d.peak_mb:,.0f} MB, "
                                                      f"site {mb(d.site_bytes)}"),
            ("默认配置讲话页", "default speech page HTML", f"{_median_max(d.page_raw)} "
                                                          f"(gzip median {kb(statistics.median(d.page_gzip or [0]))})"),
            ("默认配置搜索索引", "default search index", f"{mb(d.search_raw)} raw, {mb(d.search_gzip)} gzip"),
            ("倍数（默认/本站）", "ratio default / ours",
             f"build {_ratio(b.seconds, d.seconds)}, page HTML "
             f"{_ratio(statistics.median(b.page_raw or [0]), statistics.median(d.page_raw or [0]))}, "
             f"site {_ratio(b.site_bytes, d.site_bytes)}"),
        ]
    return rows


def target_misses(result: Result) -> list[str]:
    """Targets of the issue not met (they are stated for 1,000 speeches)."""
    b, misses = result.build, []
    if b.seconds > TARGETS["build_s"]:
        misses.append(f"cold build {b.seconds:.1f} s > {TARGETS['build_s']:.0f} s")
    if b.page_raw and max(b.page_raw) > TARGETS["page_raw_kb"] * 1024:
        misses.append(f"speech page {kb(max(b.page_raw))} > {TARGETS['page_raw_kb']:.0f} KB raw")
    if b.page_gzip and max(b.page_gzip) > TARGETS["page_gzip_kb"] * 1024:
        misses.append(f"speech page {kb(max(b.page_gzip))} > {TARGETS['page_gzip_kb']:.0f} KB gzip")
    if result.edits and max(result.edits) > TARGETS["edit_s"]:
        misses.append(f"edit rebuilt in {max(result.edits):.2f} s > {TARGETS['edit_s']:.0f} s")
    if b.peak_mb > TARGETS["peak_mb"]:
        misses.append(f"peak memory {b.peak_mb:,.0f} MB > {TARGETS['peak_mb']:.0f} MB")
    return misses


def format_report(result: Result) -> str:
    rows = report_rows(result)
    zh = max(_width(r[0]) for r in rows) + 2
    en = max(_width(r[1]) for r in rows) + 2
    lines = [_pad(a, zh) + _pad(b, en) + c for a, b, c in rows]
    misses = target_misses(result)
    lines.append(_pad("目标", zh) + _pad("targets", en) + ("all met" if not misses else "; ".join(misses)))
    return "\n".join(lines) + "\n"


def to_json(result: Result) -> dict:
    data = asdict(result)
    for key in ("build", "default"):
        build = data.get(key)
        if build:
            for name in ("page_raw", "page_gzip", "text_gzip"):
                values = build.pop(name)
                build[f"{name}_median"] = statistics.median(values) if values else None
                build[f"{name}_max"] = max(values) if values else None
                build[f"{name}_count"] = len(values)
    data["targets_missed"] = target_misses(result)
    return data


def write_json(result: Result, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(to_json(result), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
