#!/usr/bin/env python3
"""Search benchmark: index size (raw, gzip) and typing-to-first-result time in Chromium.

Not a test: it prints figures. Two sites are measured:
  real   the project's docs/ built with the project's mkdocs.yml
  bench  a temporary copy of the project with N generated ~5,000-character speeches
         (sentences from sources/, see devtools.bench_corpus)

Usage (from the repository root; building 1,000 pages takes minutes on 2 cores):
  .venv/bin/python scripts/devtools/bench_search.py                      # real site + 1,000 speeches
  .venv/bin/python scripts/devtools/bench_search.py --speeches 200 --workdir /tmp/sb
  .venv/bin/python scripts/devtools/bench_search.py --skip-build --workdir /tmp/sb   # re-measure only
  .venv/bin/python scripts/devtools/bench_search.py --engine material   # force Material's lunr engine
  .venv/bin/python scripts/devtools/bench_search.py --long-queries       # pasted long queries, both engines
Targets at 1,000 speeches: first result within 1 s; search transfer <= 3 MB gzip.

--long-queries builds the real site once per engine (Material's lunr, sharded) and pastes
queries of 10, 100, 1,000 and 3,000 characters of speech text into the ready search box,
printing the time until the result list answers (both engines cut a query of unspaced Han
characters in time that grows with the square of its length, so the box caps the query:
theme_patches.QUERY_MAX_CHARS).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
# Queries typed in the benchmark: words present in the generated corpus / in the real site.
QUERIES = ["隐患排查", "安全生产月", "应急演练", "一岗双责"]
REAL_QUERIES = ["安全生产月", "进企业"]
WARM_QUERY = "安全"
LONG_LENGTHS = (10, 100, 1000, 3000)
ENGINES = ("material", "sharded")


def gz_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def build(project: Path, site: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    t = time.perf_counter()
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project, env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        sys.exit(f"build of {project} failed:\n{result.stderr[-4000:]}")
    for line in result.stderr.splitlines():
        if "search index:" in line or "search shards:" in line:
            print("   build log:", line.strip())
    return time.perf_counter() - t


def bench_project(workdir: Path, speeches: int) -> Path:
    """A copy of the project (docs copied, code linked) with generated speeches added."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from devtools.bench_corpus import write_pages as write_corpus

    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", workdir / "docs")
    shutil.copy2(ROOT / "mkdocs.yml", workdir / "mkdocs.yml")
    for name in ("scripts", "overrides", "sources"):
        if (ROOT / name).exists():
            (workdir / name).symlink_to(ROOT / name)
    write_corpus(workdir / "docs", ROOT / "sources", speeches)
    return workdir


def index_figures(site: Path) -> dict:
    """Bytes of every file under site/search/ (raw and gzip)."""
    raw = gz = files = 0
    for f in sorted((site / "search").rglob("*")):
        if f.is_file():
            data = f.read_bytes()
            raw += len(data)
            gz += gz_size(data)
            files += 1
    main = (site / "search" / "search_index.json").read_bytes()
    return {"files": files, "raw": raw, "gzip": gz, "main_raw": len(main), "main_gzip": gz_size(main)}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _served(site: Path):
    """The URL of `site` served over HTTP on a free local port, for as long as the block runs."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def measure_browser(site: Path, queries: list[str], runs: int = 3) -> list[dict]:
    """Time from the first keystroke to the first result, right after page load (cold) and
    with search ready (warm: a second query, 安全, in the same page); bytes fetched under
    /search/ (and the sharded engine's script) for the query in a fresh browser context."""
    from playwright.sync_api import sync_playwright

    rows = []
    with _served(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for query in queries:
            colds, warms, fetched = [], [], set()
            for _ in range(runs):
                ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", bypass_csp=True)
                page = ctx.new_page()
                page.on("request", lambda r: ("/search/" in r.url or "search-engine" in r.url)
                        and fetched.add(urlsplit(r.url).path))
                page.goto(url, wait_until="load")
                colds.append(_type_and_wait(page, query))
                # warm: the same page, search ready; another query typed after clearing
                page.fill("input.md-search__input", "")
                page.keyboard.press("End")
                page.wait_for_timeout(300)
                warms.append(_type_and_wait(page, WARM_QUERY))
                ctx.close()
            sizes = [(site / p.lstrip("/")).read_bytes() for p in fetched if (site / p.lstrip("/")).is_file()]
            rows.append({
                "query": query,
                "cold_ms": sorted(colds)[len(colds) // 2],
                "warm_ms": sorted(warms)[len(warms) // 2],
                "fetched_raw": sum(len(s) for s in sizes),
                "fetched_gzip": sum(gz_size(s) for s in sizes),
            })
        browser.close()
    return rows


def _type_and_wait(page, query: str) -> float:
    page.evaluate("""() => {
      window.__t1 = undefined;
      const list = document.querySelector('.md-search-result__list');
      if (list) list.innerHTML = '';
      const seen = () => document.querySelector('.md-search-result__item');
      const obs = new MutationObserver(() => {
        if (seen()) { window.__t1 = performance.now(); obs.disconnect(); }
      });
      obs.observe(document.body, {subtree: true, childList: true});
      window.__t0 = performance.now();
    }""")
    page.click("input.md-search__input")
    page.keyboard.type(query)
    page.keyboard.press("End")
    try:
        page.wait_for_function("window.__t1 !== undefined", timeout=20_000)
    except Exception as exc:  # no result within 20 s: report it instead of stopping
        print(f"   ({query}: no result: {str(exc).splitlines()[0]})")
        return float("inf")
    return page.evaluate("window.__t1 - window.__t0")


def long_query_text(length: int) -> str:
    """`length` characters of speech text from sources/ (sentences joined, no spaces): what a
    reader pasting a paragraph would send."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from devtools.bench_corpus import usable_sentences

    text = "".join(usable_sentences(ROOT / "sources"))
    while len(text) < length:
        text += text
    return text[:length]


def measure_long_queries(site: Path, lengths=LONG_LENGTHS, runs: int = 3) -> list[dict]:
    """Median ms from pasting a query (one input event and a key release, as a paste does)
    to the result list answering (results or "none"), with the search already loaded."""
    from playwright.sync_api import sync_playwright

    rows = []
    with _served(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for length in lengths:
            query = long_query_text(length)
            times, hits = [], 0
            for _ in range(runs):
                ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", bypass_csp=True)
                page = ctx.new_page()
                page.goto(url, wait_until="load")
                _type_and_wait(page, WARM_QUERY)   # the index is loaded: only the query counts
                page.fill("input.md-search__input", "")
                page.keyboard.press("End")
                page.wait_for_timeout(300)
                ms, hits = _paste_and_wait(page, query)
                times.append(ms)
                ctx.close()
            rows.append({"length": length, "ms": sorted(times)[len(times) // 2], "hits": hits})
        browser.close()
    return rows


def _paste_and_wait(page, query: str) -> tuple[float, int]:
    """(ms until the result meta line answers the pasted query, result groups shown)."""
    page.evaluate("""() => {
      window.__t1 = undefined;
      const meta = document.querySelector('.md-search-result__meta');
      meta.textContent = '__waiting__';
      const obs = new MutationObserver(() => {
        if (meta.textContent !== '__waiting__') { window.__t1 = performance.now(); obs.disconnect(); }
      });
      obs.observe(meta, {subtree: true, childList: true, characterData: true});
      window.__t0 = performance.now();
    }""")
    page.fill("input.md-search__input", query)
    page.keyboard.press("End")
    try:
        page.wait_for_function("window.__t1 !== undefined", timeout=120_000)
    except Exception as exc:
        print(f"   ({len(query)} characters: no answer: {str(exc).splitlines()[0]})")
        return float("inf"), 0
    page.wait_for_timeout(200)
    return page.evaluate("window.__t1 - window.__t0"), page.locator(".md-search-result__item").count()


def report_long_queries(workdir: Path, skip_build: bool) -> None:
    for engine in ENGINES:
        site = workdir.parent / f"{workdir.name}-long-{engine}"
        build_s = None
        if not skip_build:
            os.environ["SAFETY_MONTH_SEARCH_ENGINE"] = engine
            build_s = build(ROOT, site)
        print(f"== pasted long queries, real site, {engine} engine" + (f" (built in {build_s:.1f} s)" if build_s else ""))
        for row in measure_long_queries(site):
            print(f"   {row['length']:>5} characters: answer after {row['ms']:.0f} ms ({row['hits']} result pages)")


def report(label: str, site: Path, build_s: float | None, queries: list[str]) -> None:
    fig = index_figures(site)
    pages = sum(1 for _ in site.rglob("index.html"))
    print(f"== {label}: {pages} pages" + (f", built in {build_s:.1f} s" if build_s else ""))
    print(f"   search/search_index.json: {fig['main_raw']:,} bytes raw, {fig['main_gzip']:,} bytes gzip")
    print(f"   all of search/ ({fig['files']} files): {fig['raw']:,} bytes raw, {fig['gzip']:,} bytes gzip")
    for row in measure_browser(site, queries):
        print(f"   {row['query']}: first result {row['cold_ms']:.0f} ms after load (cold), "
              f"{row['warm_ms']:.0f} ms warm; fetched from search/: {row['fetched_raw']:,} bytes raw, "
              f"{row['fetched_gzip']:,} gzip")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--speeches", type=int, default=1000, help="generated speeches (default 1000; 0 skips)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/search-bench"), help="temporary project copy")
    parser.add_argument("--skip-build", action="store_true", help="measure sites already built in --workdir")
    parser.add_argument("--skip-real", action="store_true", help="do not measure the real site")
    parser.add_argument("--engine", choices=["auto", "material", "sharded"], default="auto",
                        help="search engine the build writes (default auto: by index size)")
    parser.add_argument("--long-queries", action="store_true",
                        help="only: pasted queries of 10 to 3,000 characters on both engines (real site)")
    args = parser.parse_args()
    if args.long_queries:
        report_long_queries(args.workdir, args.skip_build)
        return 0
    os.environ["SAFETY_MONTH_SEARCH_ENGINE"] = args.engine

    real_site = args.workdir.parent / (args.workdir.name + "-real-site")
    if not args.skip_real:
        build_s = None if args.skip_build else build(ROOT, real_site)
        report("real site", real_site, build_s, REAL_QUERIES)
    if args.speeches:
        site = args.workdir / "site"
        build_s = None
        if not args.skip_build:
            project = bench_project(args.workdir / "project", args.speeches)
            build_s = build(project, site)
        report(f"{args.speeches} generated speeches", site, build_s, QUERIES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
