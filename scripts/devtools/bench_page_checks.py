"""Benchmark (not a test) of the editors' page checks on hostile pages: time per input, and
whether it grows linearly with the input.

    .venv/bin/python scripts/devtools/bench_page_checks.py [--sizes 65536,262144,1048576] [--json]

Each input is one page made of a repeated piece that used to make a check rescan the rest of
the text (an unclosed "<!--", an unclosed sm-redact span or tag, "[" before "](", 50,000 "（"
then "》", …) or a front matter that used to explode (an alias "bomb", 100,000 nested brackets,
10,000 keys, a 1 MB title). Every input goes through what `safety-month check` does for a
page: the front-matter reader, every page check and the link check. Printed per input: the
seconds at each size and the ratio of the largest to the smallest size divided by the ratio of
the sizes (about 1 for linear time; a quadratic pattern shows the size ratio itself, 16 for
64 KB -> 1 MB). tests/checks/test_checks_bounded.py runs this at one size as a hang guard.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from safety_month import checks
from safety_month.site import library  # noqa: E402
from safety_month.checks import links  # noqa: E402

HEAD = "---\ntitle: 讲话\nkind: speech\naudiences: [企业]\ntags: [安全生产月]\n---\n\n"

# name -> piece repeated to fill the body (one long line unless the piece has a newline)
BODIES = {
    "unclosed comment": "<!--",
    "unclosed comment lines": "<!--\n",
    "unclosed redact span": '<span class="sm-redact">X',
    "redact tag without >": '<span class="sm-redact" ',
    "span class without quote": '<span class="',
    "brackets before ](": "[",
    "link texts": "[中](x.md) ",
    "opening quotes": "“",
    "parens then closers": None,   # special: "（" * n + "》" * n
    "half-width in Chinese": "中,",
    "ascii paren with Han": "(中",
    "placeholders": "X同志XX20xx",
    "emphasis": "__a",
    "inline code": "`a",
    "attribute lists": "{: #p-",
    "tags": "<a ",
    "entities": "&#",
    "html attributes": 'href="x" ',
    "control characters": "中\x00",
    "list items": "- 中\n",
    "headings": "## 中\n",
    "leftover chrome": "当前位置：首页 > 范文\n",
}


def bodies(size: int) -> dict[str, str]:
    out = {}
    for name, piece in BODIES.items():
        if piece is None:
            half = size // 2
            out[name] = HEAD + "（" * half + "》" * half + "\n"
        else:
            out[name] = HEAD + (piece * (size // len(piece) + 1))[:size] + "\n"
    return out


def front_matters(size: int) -> dict[str, str]:
    bomb = ["---", "title: 炸弹", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        bomb.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    keys = max(1, size // 8)   # lines of 9 to 16 characters: at least size in all
    return {
        "alias bomb": "\n".join(bomb + ["---", "", "正文", ""]),
        "nested brackets": "---\ntitle: 深\nnest: " + "[" * (size // 2) + "]" * (size // 2) + "\n---\n\n正文\n",
        "many keys": "---\n" + "".join(f"k{i}: 值{i}\n" for i in range(keys)) + "---\n\n正文\n",
        "long title": "---\ntitle: " + "题" * size + "\n---\n\n正文\n",
        "long unclosed quote": '---\ntitle: "' + "题" * size + "\n---\n\n正文\n",
    }


def inputs(size: int) -> dict[str, str]:
    return {**bodies(size), **front_matters(size)}


def run_one(text: str) -> float:
    """Seconds for what `safety-month check` does with one page (fresh, no cache)."""
    src = "speeches/2021/x.md"
    start = time.perf_counter()
    page, _issues = checks.check_bytes("docs/" + src, text.encode("utf-8"), src)
    if page is not None:
        links.check_site([page], {}, {src})
    try:
        library.parse_speech(text, src)     # the build's second reader of speech pages
    except library.LibraryError:
        pass
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="65536,262144,1048576", help="characters per input, comma-separated")
    parser.add_argument("--only", help="run only the inputs whose name contains this")
    parser.add_argument("--json", action="store_true", help="one JSON object per input and size")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    table: dict[str, list[float]] = {}
    for size in sizes:
        for name, text in inputs(size).items():
            if args.only and args.only not in name:
                continue
            seconds = run_one(text)
            table.setdefault(name, []).append(seconds)
            if args.json:
                print(json.dumps({"input": name, "size": size, "chars": len(text), "seconds": round(seconds, 4)},
                                 ensure_ascii=False), flush=True)
    if args.json:
        return 0
    print(f"{'input':28s}" + "".join(f"{s:>12,d}" for s in sizes) + "   growth/size")
    for name, times in table.items():
        growth = (times[-1] / max(times[0], 1e-4)) / (sizes[-1] / sizes[0]) if len(sizes) > 1 else float("nan")
        print(f"{name:28s}" + "".join(f"{t:11.3f}s" for t in times) + f"   {growth:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
