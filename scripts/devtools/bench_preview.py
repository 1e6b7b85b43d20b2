"""Benchmark the editor's live preview: time from saving a .md file to seeing it in the browser.

Starts `mkdocs serve` on a free 127.0.0.1 port over a temporary copy of the project (the
editor's files are never touched), opens pages in Debian Chromium through Playwright, and
measures two edits, each several times:

  speech    edit a paragraph of a speech page; time until that page shows the new text
  excerpt   edit the speech paragraph quoted in a 五进 excerpt on the 进企业 page; time until
            the 五进 page shows the new text

Usage:  .venv/bin/python scripts/devtools/bench_preview.py [--runs 5] [--config mkdocs.yml] [--audience-page wujin/qiye.md]
Prints one line per edit and a summary (median / max seconds; the target is 2 s).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from urllib.parse import urljoin
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
TARGET_SECONDS = 2.0


class _Para:
    """A speech paragraph's first line (text) and its number, as the build numbers it."""

    def __init__(self, text: str, number: int):
        self.text, self.number = text, number

    def group(self, name: str):
        return self.text if name == "text" else str(self.number)


def speech_paragraphs(text: str) -> list[_Para]:
    from safety_month.pages import paragraphs, reader

    body = text.split("\n")[reader.parse(text).close_line:]
    return [_Para(p.lines[0], p.number) for p in paragraphs.paragraphs(body)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_copy(dest: Path) -> None:
    """mkdocs.yml, docs/, overrides/ copied; scripts/ linked (hooks and data are read there)."""
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    if (ROOT / "mkdocs.preview.yml").exists():
        shutil.copy2(ROOT / "mkdocs.preview.yml", dest / "mkdocs.preview.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    (dest / "scripts").symlink_to(ROOT / "scripts")
    if not list((dest / "docs" / "speeches").glob("*/*.md")):
        subprocess.run([str(BIN / "safety-month"), "import", str(ROOT / "sources"), "--out",
                        str(dest / "docs" / "speeches")], check=True, capture_output=True, cwd=dest)


def start_serve(project: Path, config: str, port: int, extra: list[str]) -> subprocess.Popen:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore::DeprecationWarning")
    log = open(project / "serve.log", "w")
    proc = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-f", str(project / config),
                             "-a", f"127.0.0.1:{port}", *extra], cwd=project, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"mkdocs serve exited:\n{(project / 'serve.log').read_text()[-3000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("mkdocs serve did not answer within 180 s")


def wait_for_text(page, token: str, timeout: float = 60.0) -> float:
    """Seconds until the page (reloaded by livereload) contains token."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            if page.evaluate("t => !!document.body && document.body.innerText.includes(t)", token):
                return time.monotonic() - start
        except Exception:  # the page is navigating (livereload): try again
            pass
        time.sleep(0.02)
    return float("nan")


def edit(path: Path, old: str, new: str) -> float:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    t0 = time.monotonic()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(tmp, path)
    return t0


def url_of(base: str, src_uri: str) -> str:
    return base + src_uri[:-3].removesuffix("index") + ("/" if not src_uri.endswith("index.md") else "")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--audience-page", default="wujin/qiye.md")
    ap.add_argument("--config", default="mkdocs.preview.yml",
                    help="configuration served (mkdocs.preview.yml: the editors' preview; mkdocs.yml: the full build)")
    ap.add_argument("--serve-args", default="", help="extra mkdocs serve arguments, e.g. --dirty")
    ap.add_argument("--keep", action="store_true", help="keep the temporary project (and its serve.log)")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    project = Path(tempfile.mkdtemp(prefix="bench-preview-"))
    try:
        make_copy(project)
        docs = project / "docs"
        port = free_port()
        t = time.monotonic()
        proc = start_serve(project, args.config, port, args.serve_args.split())
        print(f"mkdocs serve -f {args.config} ready in {time.monotonic() - t:.1f} s (first build) on port {port}")
        base = f"http://127.0.0.1:{port}/"
        results: dict[str, list[float]] = {"speech": [], "excerpt": []}
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                page = browser.new_page()
                # 1. a speech page
                speech = sorted(docs.glob("speeches/*/*.md"))[0]
                src = speech.relative_to(docs).as_posix()
                page.goto(url_of(base, src))
                for i in range(args.runs):
                    m = speech_paragraphs(speech.read_text(encoding="utf-8"))[0]
                    token = f"预览标记{i}S{os.getpid()}"
                    t0 = edit(speech, m.group("text"), token + m.group("text"))
                    dt = wait_for_text(page, token)
                    results["speech"].append(dt)
                    print(f"speech   edit {i + 1}: {dt:.2f} s  ({src})")
                    time.sleep(0.5)
                # 2. the paragraph quoted first on the 五进 page
                page.goto(url_of(base, args.audience_page))
                for i in range(args.runs):
                    link = page.locator(".sm-excerpt__cite a").first
                    if link.count() == 0:
                        print("excerpt: no 五进 excerpt on the page; skipped")
                        break
                    # The excerpt shown now (it may move between runs: it is chosen by score).
                    href = link.get_attribute("href")
                    snippet = page.locator(".sm-excerpt__text").first.inner_text().strip("…\n ")
                    number = int(href.rsplit("#p-", 1)[1])
                    path = urljoin(page.url, href.split("#")[0])[len(base):].strip("/")
                    speech = docs / f"{path}.md"
                    if not speech.exists():
                        speech = docs / path / "index.md"
                    text = speech.read_text(encoding="utf-8")
                    para = next(m for m in speech_paragraphs(text) if m.number == number)
                    plain = re.sub(r"\*\*|<[^>]+>", "", para.group("text"))
                    first = next((w for w in re.split(r"[，。；：“”、（）]", snippet) if len(w) >= 4 and w in para.group("text")), None)
                    if first is None or first not in plain:
                        print(f"excerpt  edit {i + 1}: cannot place the text of the excerpt in {speech.name}; skipped")
                        break
                    token = f"摘编{i}E{os.getpid() % 1000}"
                    # The token goes inside the quoted words, so the excerpt shows it.
                    t0 = edit(speech, para.group("text"), para.group("text").replace(first, first[:2] + token + first[2:], 1))
                    dt = wait_for_text(page, token)
                    results["excerpt"].append(dt)
                    print(f"excerpt  edit {i + 1}: {dt:.2f} s  ({speech.relative_to(docs)} #p-{number} → {args.audience_page})")
                    time.sleep(0.5)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        builds = re.findall(r"Documentation built in ([\d.]+) seconds", (project / "serve.log").read_text())
        print("\nsummary (seconds from saving the .md to the text being visible; target "
              f"{TARGET_SECONDS:.0f} s):")
        for name, values in results.items():
            ok = [v for v in values if v == v]
            if ok:
                print(f"  {name:<8} median {statistics.median(ok):.2f}  max {max(ok):.2f}  "
                      f"({len(ok)}/{len(values)} seen){'  OVER TARGET' if max(ok) > TARGET_SECONDS else ''}")
        if builds:
            rebuilds = [float(b) for b in builds[1:]]
            print(f"  mkdocs rebuilds: {len(rebuilds)}, median {statistics.median(rebuilds or [0]):.2f} s "
                  f"(first build {float(builds[0]):.2f} s)")
    finally:
        if args.keep:
            print(f"kept {project}")
        else:
            shutil.rmtree(project, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
