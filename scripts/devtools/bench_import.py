"""Benchmark (not a test) of the whole import pipeline: read -> clean -> structure -> render
-> store, on one core.

    .venv/bin/python scripts/devtools/bench_import.py [--docs 1000] [--seed 1] [--keep DIR]

Generates realistic documents of ~5,000 characters (bench_corpus.SPEECH_CHARS, the issue's
figure) from the CLEANED seeds' sentences with devtools.bench_corpus (the generator
`safety-month bench` uses too): a title, a greeting, numbered sections, and each kind of noise
of source-noise.md at the rates in bench_corpus.NOISE_RATES (site chrome in most documents,
page markers in some, a minority spun, a few traditional + pinyin, ...). Forms: about 85% UTF-8
.txt, 5% GB18030 .txt, 6% saved .html pages, 4% .docx. The mix actually generated is printed.
Prints documents/s and MB/s for a first import (every page created) and a re-import (every
page unchanged), by CPU time of this process (time.process_time: fair while other jobs load the
machine) and by wall time, and where the CPU time goes per stage. Target: >= 200 documents/s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from safety_month.importer import pipeline as importer  # noqa: E402

from collections import Counter  # noqa: E402

from devtools.bench_corpus import SPEECH_CHARS, describe_mix, usable_sentences, write_raw_corpus


def write_corpus(folder: Path, count: int, seed: int, chars: int = SPEECH_CHARS,
                 mix: Counter | None = None) -> int:
    """Raw documents from the cleaned seeds' sentences (devtools.bench_corpus); total bytes."""
    return write_raw_corpus(folder, count, seed, chars, sentences=usable_sentences(ROOT / "sources"),
                            mix=mix)


def trivial_pipeline() -> importer.Pipeline:
    """Stand-in stages that do almost nothing, to isolate the read and store costs."""
    import hashlib
    import json

    from safety_month.importer.model import Block, CleanResult, Speech
    from safety_month.importer.render import RenderedPage

    def render(speech, raw, cleaned, source_file):
        head = json.dumps({"title": speech.title, "source_file": source_file}, ensure_ascii=False)
        body = "\n\n".join(block.text for block in speech.blocks)
        return RenderedPage(f"---\n{head}\n---\n\n{body}\n", speech.title, [])

    return importer.Pipeline(
        clean=lambda raw: CleanResult(text=raw.text),
        build_speeches=lambda cleaned, raw: [Speech(title=cleaned.text[:20], blocks=[
            Block("p", line) for line in cleaned.text.split("\n")])],
        render_page=render,
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
    import safety_month.importer.pipeline as module
    import safety_month.importer.store as store_module

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
    parser.add_argument("--chars", type=int, default=SPEECH_CHARS, help="characters of body text per document")
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
    mix: Counter = Counter()
    size = write_corpus(sources, args.docs, args.seed, args.chars, mix)
    print(f"corpus: {args.docs} documents, {size / 1e6:.2f} MB in {sources}")
    print("noise mix (documents with each kind; kinds combine):")
    for line in describe_mix(mix, args.docs):
        print(f"    {line}")

    base = trivial_pipeline() if args.without_stages else importer.default_pipeline()
    # Warm-up: one-time costs (imports, jieba dictionaries) are shown apart from throughput:
    # the first document of each kind (the .html and .docx readers import their libraries on
    # first use), jieba's part-of-speech dictionary, which headings load on first use, and the
    # lost-character repair's tables.
    start = time.perf_counter()
    firsts = [str(found[0]) for ext in ("txt", "html", "docx") if (found := sorted(sources.glob(f"*.{ext}")))]
    importer.import_paths(firsts, work / "warmup", pipeline=base)
    if not args.without_stages:
        import jieba.posseg  # noqa: F401

        # the lost-character repair's tables (traditional + pinyin sources), built on first use
        from safety_month.importer.clean import lost_readings
        lost_readings.warm_up()
    print(f"warm-up (imports, dictionaries, first document of each kind): "
          f"{time.perf_counter() - start:.2f} s")
    for label in ("first import (pages created)", "re-import (pages unchanged)"):
        timer = StageTimer()
        pipeline = base._replace(clean=timer.wrap("clean", base.clean),
                                 build_speeches=timer.wrap("structure", base.build_speeches),
                                 render_page=timer.wrap("render", base.render_page))
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
