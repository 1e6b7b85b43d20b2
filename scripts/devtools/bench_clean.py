"""Benchmark of the clean stage: documents per second on one core for ~5,000-character
documents built from the seeds and the evaluation corpus. Prints figures; no assertions
(the importer's target is >= 200 documents/s for all stages together).

    .venv/bin/python scripts/devtools/bench_clean.py [--docs N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from safety_month.importer.clean import clean
from safety_month.importer.model import RawDocument

ROOT = Path(__file__).resolve().parents[2]
TARGET_CHARS = 5000


def corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sources").glob("*.txt"))]
    for case in sorted((ROOT / "tests" / "fixtures" / "eval").glob("*/input.txt")):
        data = case.read_bytes()
        try:
            texts.append(data.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(data.decode("gb18030"))
    docs = []
    for text in texts:
        while len(text) < TARGET_CHARS:
            text = text + "\n" + text
        docs.append(text[:TARGET_CHARS] if len(text) > 2 * TARGET_CHARS else text)
    return docs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args()
    docs = [RawDocument(f"doc{i}", "0", t, "utf-8", "txt") for i, t in enumerate(corpus())]
    for d in docs:           # warm-up: OpenCC, jieba dictionary, regex caches
        clean(d)
    chars = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for i in range(args.docs):
        d = docs[i % len(docs)]
        chars += len(d.text)
        clean(d)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    print(f"clean: {args.docs} documents, {chars / args.docs:.0f} chars each on average")
    print(f"clean: {args.docs / elapsed:.1f} documents/s wall, {elapsed / args.docs * 1000:.2f} ms/document")
    print(f"clean: {args.docs / cpu:.1f} documents/s CPU time (one core; less sensitive to a busy machine)")


if __name__ == "__main__":
    main()
