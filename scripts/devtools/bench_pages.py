"""Size of the library's list pages in a built site: the largest library page (index, year
and level pages, under library/) and the largest tag page (tags/), in bytes of HTML as
served. Issue 19 caps both at 100 KB at 3,000 speeches (safety_month.site.listing.PAGE_CAP).

Called by `safety-month bench` (one row each in its report); alone, for a site built before:
    .venv/bin/python scripts/devtools/bench_pages.py SITE_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

# (Chinese label, English label, folder under the site)
KINDS = (("最大资料库页", "largest library page", "library"), ("最大标签页", "largest tag page", "tags"))
CAP_KB = 100


def largest(site: Path) -> list[tuple[str, str, str, int, int]]:
    """(zh label, en label, path of the largest page relative to site, its bytes, pages of the kind)."""
    out = []
    for zh, en, folder in KINDS:
        pages = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in (site / folder).rglob("*.html")]
        size, path = max(pages) if pages else (0, "—")
        out.append((zh, en, path, size, len(pages)))
    return out


def rows(site: Path) -> list[tuple[str, str, str]]:
    """Report rows: '73.4 KB (cap 100 KB) library/2024/3/index.html, 120 pages'."""
    return [(zh, en, f"{size / 1000:,.1f} KB (cap {CAP_KB} KB{', OVER' if size > CAP_KB * 1000 else ''}) {path}, {n} pages")
            for zh, en, path, size, n in largest(site)]


def figure(site: Path, docs: Path) -> list[tuple[str, str, str, str | None]]:
    """devtools.bench PAGE_FIGURES entry: the rows with the missed cap, if any."""
    return [(zh, en, f"{size / 1000:,.1f} KB (cap {CAP_KB} KB) {path}, {n} pages",
             f"{en} {size / 1000:,.1f} KB > {CAP_KB} KB" if size > CAP_KB * 1000 else None)
            for zh, en, path, size, n in largest(site)]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: bench_pages.py SITE_DIR", file=sys.stderr)
        return 2
    for zh, en, value in rows(Path(argv[0])):
        print(f"{zh}  {en}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
