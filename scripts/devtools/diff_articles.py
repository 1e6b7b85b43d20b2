"""Compare the speech pages' <article> of two built sites (a reader's view of a change).

    python scripts/devtools/diff_articles.py SITE_BEFORE SITE_AFTER

Each page's <article> is parsed and written again by lxml (entities become the characters
they stand for, attribute quoting and whitespace between tags are normalised), then the two
are compared; prints a unified diff per differing page, and a summary line. Used when the
page markup changed (paragraph anchors and redaction marks made at build time) to show that
the text, the ids p-N and the redaction spans did not.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

import lxml.html


def article(path: Path) -> str:
    doc = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    found = doc.xpath("//article")
    if not found:
        return ""
    text = lxml.html.tostring(found[0], encoding="unicode", method="html")
    # One tag or text run per line, whitespace between tags dropped: a diff a person can read.
    return re.sub(r">\s+<", "><", text).replace("><", ">\n<")


def main(argv: list[str]) -> int:
    before, after = Path(argv[0]), Path(argv[1])
    pages = sorted(p.relative_to(before) for p in (before / "speeches").rglob("index.html"))
    differ = 0
    for rel in pages:
        a, b = article(before / rel), article(after / rel)
        if a != b:
            differ += 1
            sys.stdout.writelines(difflib.unified_diff(a.splitlines(True), b.splitlines(True), f"before/{rel}", f"after/{rel}"))
    missing = sorted({p.relative_to(after) for p in (after / "speeches").rglob("index.html")} ^ set(pages))
    for rel in missing:
        print(f"only in one site: {rel}")
    print(f"{len(pages)} speech pages compared, {differ} differ, {len(missing)} only in one site")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
