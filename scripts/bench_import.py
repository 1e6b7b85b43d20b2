"""Benchmark (not a test) of the whole import pipeline: read -> clean -> structure -> render
-> store, on one core.

    .venv/bin/python scripts/bench_import.py [--docs 1000] [--seed 1] [--keep DIR]

Generates realistic documents from the seeds' sentences (sources/*.txt): a title, a greeting,
numbered sections with shuffled paragraphs, and some of the noise real sources carry (site
chrome lines, page markers glued into sentences, placeholders, half-width punctuation,
control characters). Mix: 85% UTF-8 .txt, 5% GB18030 .txt, 6% saved .html pages, 4% .docx.
Prints documents/s and MB/s for a first import (every page created) and a re-import (every
page unchanged), by CPU time of this process (time.process_time: fair while other jobs load the
machine) and by wall time, and where the CPU time goes per stage. Target: >= 200 documents/s.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from safety_month import importer  # noqa: E402

CHROME = ["您好,欢迎访问公文包", "当前位置:首页 > 经验交流 > 领导讲话", "下载文档", "收藏 分享赚钱",
          "扫一扫在手机打开当前页", "温馨提示:", "网站客服:3074922707", "此文档下载收益归作者所有",
          "部分预览阅读已结束，开通VIP查看全文"]
TITLES = ["在全{p}安全生产工作会议上的讲话", "{p}长在安全生产月启动仪式上的讲话",
          "在全{p}安全生产专项整治工作推进会上的讲话", "{p}委书记在安全生产工作专题会议上的讲话"]
PLACES = ["区", "县", "市", "镇"]
NUMS = "一二三四五六"
HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_范文网</title>
<link rel="canonical" href="https://www.example.com/a/{n}.html"><style>p{{margin:0}}</style>
<script>var s=1;</script></head><body><nav><a href="/">首页</a> &gt; 讲话</nav>
<aside class="sidebar"><h3>相关文档</h3><ul><li><a href="/1">安全生产月活动方案</a></li></ul></aside>
<article><h1>{title}</h1>{body}</article><footer>版权所有 客服电话</footer></body></html>"""


def seed_sentences() -> list[str]:
    sentences = []
    for path in sorted((ROOT / "sources").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for piece in re.split(r"(?<=[。！？])", text):
            piece = piece.strip()
            if 10 <= len(piece) <= 160 and re.search(r"[\u4e00-\u9fff]{6}", piece):
                sentences.append(piece)
    return sentences


def make_document(rng: random.Random, sentences: list[str]) -> tuple[str, list[tuple[str, int]]]:
    """(title, [(line, heading level or 0)])."""
    title = rng.choice(TITLES).format(p=rng.choice(PLACES))
    lines: list[tuple[str, int]] = [("同志们：", 0)]
    for s in range(rng.randint(2, 5)):
        heading = rng.choice(sentences)[:14].rstrip("，。；：")
        lines.append((f"{NUMS[s]}、{heading}", 2))
        for _ in range(rng.randint(2, 5)):
            paragraph = "".join(rng.sample(sentences, rng.randint(2, 6)))
            if rng.random() < 0.15:
                cut = rng.randrange(len(paragraph))
                paragraph = paragraph[:cut] + f"{rng.randint(1, 8)}/8" + paragraph[cut:]
            if rng.random() < 0.1:
                paragraph = paragraph.replace("，", ",", 2)
            if rng.random() < 0.05:
                paragraph += "\x00"
            lines.append((paragraph, 0))
    return title, lines


def write_corpus(folder: Path, count: int, seed: int) -> int:
    import docx

    rng = random.Random(seed)
    sentences = seed_sentences()
    total = 0
    for n in range(count):
        title, lines = make_document(rng, sentences)
        roll = rng.random()
        stem = folder / f"{n:05d}"
        if roll < 0.04:
            document = docx.Document()
            document.add_paragraph(title, style="Title")
            for line, level in lines:
                document.add_paragraph(line.replace("\x00", ""),
                                       style=f"Heading {level}" if level else None)
            path = stem.with_suffix(".docx")
            document.save(path)
        elif roll < 0.10:
            body = "".join(f"<h2>{line}</h2>" if level else f"<p>{line.replace(chr(0), '')}</p>"
                           for line, level in lines)
            path = stem.with_suffix(".html")
            path.write_text(HTML_PAGE.format(title=title, body=body, n=n), encoding="utf-8")
        else:
            chrome = rng.sample(CHROME, rng.randint(0, 4))
            text = "\n".join(chrome[:2] + [title, title] + [line for line, _ in lines] + chrome[2:])
            path = stem.with_suffix(".txt")
            path.write_bytes(text.encode("gb18030" if roll < 0.15 else "utf-8"))
        total += path.stat().st_size
    return total


def trivial_pipeline() -> importer.Pipeline:
    """Stand-in stages that do almost nothing, to isolate the read and store costs."""
    import hashlib
    import json

    from safety_month.model import Block, CleanResult, Speech

    def render(speech, raw, cleaned, source_file):
        head = json.dumps({"title": speech.title, "source_file": source_file}, ensure_ascii=False)
        body = "\n\n".join(block.text for block in speech.blocks)
        return f"---\n{head}\n---\n\n{body}\n"

    return importer.Pipeline(
        clean=lambda raw: CleanResult(text=raw.text),
        build_speeches=lambda cleaned, raw: [Speech(title=cleaned.text[:20], blocks=[
            Block("p", line) for line in cleaned.text.split("\n")])],
        render_speech=render,
        page_relpath=lambda speech, raw: f"x/{hashlib.sha256(raw.text.encode()).hexdigest()[:8]}.md",
        is_hand_edited=lambda text: False,
    )


class StageTimer:
    def __init__(self):
        self.seconds = defaultdict(float)

    def wrap(self, name, func):
        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds[name] += time.process_time() - start
        return timed


def timed_run(sources: Path, out: Path, pipeline, timer: StageTimer):
    import safety_month.importer as module
    import safety_month.store as store_module

    original_read = module.read_source_with_reports
    original_write = store_module.write_page
    module.read_source_with_reports = timer.wrap("read", original_read)
    store_module.write_page = timer.wrap("store", original_write)
    try:
        start, cpu_start = time.perf_counter(), time.process_time()
        run = importer.import_paths([str(sources)], out, pipeline=pipeline)
        return run, time.process_time() - cpu_start, time.perf_counter() - start
    finally:
        module.read_source_with_reports = original_read
        store_module.write_page = original_write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="generate into this folder and keep it")
    parser.add_argument("--without-stages", action="store_true",
                        help="trivial clean/structure/render: time read + store + orchestration only")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})   # one core

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-import-"))
    sources, out = work / "sources", work / "out"
    shutil.rmtree(sources, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    sources.mkdir(parents=True)
    size = write_corpus(sources, args.docs, args.seed)
    print(f"corpus: {args.docs} documents, {size / 1e6:.2f} MB in {sources}")

    base = trivial_pipeline() if args.without_stages else importer.default_pipeline()
    # Warm-up: one-time costs (imports, jieba dictionaries) are shown apart from throughput:
    # the first document of each kind (the .html and .docx readers import their libraries on
    # first use), and jieba's part-of-speech dictionary, which headings load on first use.
    start = time.perf_counter()
    firsts = [str(found[0]) for ext in ("txt", "html", "docx") if (found := sorted(sources.glob(f"*.{ext}")))]
    importer.import_paths(firsts, work / "warmup", pipeline=base)
    if not args.without_stages:
        import jieba.posseg  # noqa: F401
    print(f"warm-up (imports, dictionaries, first document of each kind): "
          f"{time.perf_counter() - start:.2f} s")
    for label in ("first import (pages created)", "re-import (pages unchanged)"):
        timer = StageTimer()
        pipeline = base._replace(clean=timer.wrap("clean", base.clean),
                                 build_speeches=timer.wrap("structure", base.build_speeches),
                                 render_speech=timer.wrap("render", base.render_speech))
        run, seconds, wall = timed_run(sources, out, pipeline, timer)
        failed = len(run.failed)
        pages = sum(len(item.pages) for item in run.inputs)
        print(f"{label}: CPU {args.docs / seconds:.0f} documents/s, {size / 1e6 / seconds:.2f} MB/s "
              f"({seconds:.2f} s); wall {args.docs / wall:.0f} documents/s, "
              f"{size / 1e6 / wall:.2f} MB/s ({wall:.2f} s); {pages} pages, {failed} failed")
        other = seconds - sum(timer.seconds.values())
        parts = ", ".join(f"{name} {t:.2f}s" for name, t in sorted(timer.seconds.items(), key=lambda x: -x[1]))
        print(f"    CPU by stage: {parts}, orchestration {other:.2f}s")
        for item in run.failed[:3]:
            print(f"    failed: {item.error}")
    if not args.keep:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
