"""Screenshots of the site at phone (390 px) and desktop (1280 px) width, for design review.

    .venv/bin/python scripts/devtools/screenshots.py                  # build docs/ and shoot
    .venv/bin/python scripts/devtools/screenshots.py --site site/     # shoot an existing build
    .venv/bin/python scripts/devtools/screenshots.py --speeches tests/fixtures/site/speeches
                                  # build with these speech pages instead of docs/speeches

    .venv/bin/python scripts/devtools/screenshots.py --print          # also printed pages (A4 PDF -> PNG)

Saves artifacts/screenshots/<page>-<width>[-dark].png (artifacts/ is git-ignored): every page
kind (home, 五进 index and page, the library index and a year page, 历届主题, 通知公告, a
speech, the 404 page). With --print, also print-<name>.pdf and print-<name>-<n>.png, one PNG per
A4 sheet (rendered with pypdfium2): the checklist printed by its "打印清单" button, a whole
五进 page and a speech, as a reader's printer would get them.
Uses Debian's Chromium through Playwright; makes no outside requests (they are blocked).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]
WIDTHS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 900}}
# Entries that a copy of the project needs besides mkdocs.yml and docs/.
PROJECT_LINKS = ("overrides", "scripts", "sources", "pyproject.toml")
OG_COVER = ROOT / "docs" / "assets" / "images" / "og-cover.jpg"
# The sharing image (og:image, 1200×630) is drawn from this HTML: --og-cover redraws it.
OG_HTML = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><style>
html,body{margin:0;width:1200px;height:630px;overflow:hidden;font-family:"Noto Sans CJK SC",sans-serif}
body{background:linear-gradient(135deg,#0c3d1d 0%,#0f4d25 55%,#17612f 100%);color:#fff;position:relative}
.stripe{position:absolute;left:0;right:0;bottom:0;height:34px;background:repeating-linear-gradient(135deg,#f28c00 0 34px,#0c3d1d 34px 68px)}
.wrap{position:absolute;left:90px;top:110px;right:90px}
.kicker{font-size:34px;color:#ffd08a;font-weight:700;letter-spacing:4px}
h1{font-size:120px;margin:20px 0 10px;letter-spacing:10px}
p{font-size:40px;margin:0;color:#e6efe9}
svg{position:absolute;right:110px;top:150px;width:240px;height:240px}
</style></head><body>
<svg viewBox="0 0 64 64"><path fill="#f28c00" d="M32 3 8 12v18c0 15 10 26 24 31 14-5 24-16 24-31V12z"/><path fill="#0c3d1d" d="m27 44-11-11 4-4 7 7 17-17 4 4z"/></svg>
<div class="wrap"><div class="kicker">全国“安全生产月”宣传站</div><h1>安全生产月</h1><p>安全宣传“五进” · 讲话资料库 · 历届主题</p></div>
<div class="stripe"></div></body></html>
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def project_with_speeches(dest: Path, speeches: Path) -> Path:
    """A copy of the project in dest whose docs/speeches/ is replaced by speeches; its mkdocs.yml."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_LINKS:
        if (ROOT / name).exists():
            (dest / name).symlink_to(ROOT / name)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=lambda d, names: ["speeches"] if Path(d) == ROOT / "docs" else [])
    shutil.copytree(speeches, dest / "docs" / "speeches")
    return dest / "mkdocs.yml"


def build(config: Path, out: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-f", str(config), "-d", str(out)],
                            cwd=config.parent, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"build failed:\n{result.stderr[-3000:]}")


def first_speech_url(site: Path) -> str | None:
    """The newest speech: the first one listed on the newest library year page (the index
    lists years, not speeches), as a path under the site."""
    year = newest_library_year(site)
    page = site / (year or "library/") / "index.html"
    if not page.exists():
        return None
    m = re.search(r'class="sm-lib__title" href="([^"]+)"', page.read_text(encoding="utf-8"))
    if not m:
        return None
    return posixpath.normpath(posixpath.join(year or "library/", m.group(1))) + "/"


def newest_library_year(site: Path) -> str | None:
    """The newest library year page's path (library/<year>/), when the build has year pages."""
    years = sorted((p.parent.name for p in site.glob("library/*/index.html") if p.parent.name.isdigit()), reverse=True)
    return f"library/{years[0]}/" if years else None


def print_pages(browser, base: str, pages: dict[str, str], out: Path) -> None:
    """Print each page to an A4 PDF as Chromium's print does, and each sheet to a PNG.

    "checklist" prints by the page's own 打印清单 button (window.print is replaced: headless
    Chromium has no print dialog; the button's beforeprint work is what is being looked at)."""
    import pypdfium2

    ctx = browser.new_context(viewport=WIDTHS["1280"], locale="zh-CN")
    page = ctx.new_page()
    page.add_init_script("window.print = () => { window.__printed = true; };")
    for name, path in pages.items():
        page.goto(base + path, wait_until="networkidle")
        if name == "checklist":
            page.get_by_role("button", name="打印清单").click()
        page.emulate_media(media="print")
        pdf_file = out / f"print-{name}.pdf"
        pdf_file.write_bytes(page.pdf(format="A4", print_background=False))
        page.emulate_media(media="screen")
        pdf = pypdfium2.PdfDocument(str(pdf_file))
        for n in range(len(pdf)):
            png = out / f"print-{name}-{n + 1}.png"
            pdf[n].render(scale=1.5).to_pil().save(png)
            print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)
        pdf.close()
    ctx.close()


def draw_og_cover() -> int:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        page.set_content(OG_HTML)
        page.screenshot(path=str(OG_COVER), type="jpeg", quality=82)
        browser.close()
    print(OG_COVER.relative_to(ROOT))
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="an existing build to shoot (default: build docs/)")
    ap.add_argument("--speeches", type=Path, help="build with these speech pages instead of docs/speeches/")
    ap.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    ap.add_argument("--dark", action="store_true", help="also shoot the dark scheme")
    ap.add_argument("--print", action="store_true", help="also print pages to A4 PDF and render each sheet as PNG")
    ap.add_argument("--og-cover", action="store_true", help=f"redraw {OG_COVER.relative_to(ROOT)} and exit")
    args = ap.parse_args(argv)
    if args.og_cover:
        return draw_og_cover()

    tmp = Path(tempfile.mkdtemp(prefix="sm-shots-"))
    try:
        site = args.site
        if site is None:
            config = project_with_speeches(tmp / "project", args.speeches) if args.speeches else ROOT / "mkdocs.yml"
            site = tmp / "site"
            build(config, site)
        pages = {"home": "", "wujin": "wujin/", "wujin-jiating": "wujin/jiating/", "library": "library/",
                 "themes": "themes/", "notices": "notices/", "404": "404.html"}
        year = newest_library_year(site)
        if year:
            pages["library-year"] = year
        speech = first_speech_url(site)
        if speech:
            pages["speech"] = speech
        else:
            print("no speech pages in this build: speech screenshot skipped")
        args.out.mkdir(parents=True, exist_ok=True)
        handler = functools.partial(_Quiet, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            schemes = ["light", "dark"] if args.dark else ["light"]
            for scheme in schemes:
                for wname, viewport in WIDTHS.items():
                    ctx = browser.new_context(viewport=viewport, locale="zh-CN", color_scheme=scheme, device_scale_factor=1)
                    page = ctx.new_page()
                    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) or r.request.url.startswith("data:") else r.abort())
                    for name, path in pages.items():
                        page.goto(base + path, wait_until="networkidle")
                        file = args.out / f"{name}-{wname}{'-dark' if scheme == 'dark' else ''}.png"
                        page.screenshot(path=str(file), full_page=True)
                        print(file.relative_to(ROOT) if file.is_relative_to(ROOT) else file)
                    ctx.close()
            if args.print:
                print_pages(browser, base, {"checklist": "wujin/jiating/", "wujin-jiating": "wujin/jiating/",
                                            **({"speech": speech} if speech else {})}, args.out)
            browser.close()
        httpd.shutdown()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
