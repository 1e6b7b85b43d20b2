"""Lighthouse benchmark (not a test): the four scores of four pages, mobile and desktop.

    .venv/bin/python scripts/devtools/lighthouse.py            # build, serve with deploy/nginx, measure
    .venv/bin/python scripts/devtools/lighthouse.py --python   # serve with Python's server instead

The site is built with its SITE_URL set to the local port and deployed by deploy/README.md's
steps onto Debian's nginx (devtools.nginx_local: gzip, caching, security headers, CSP),
as a deployer would serve it. Targets:
accessibility, best practices and SEO 100; mobile performance >= 95. The performance score
moves by several points between runs on a small shared machine: read it as a figure.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from devtools.nginx_local import NGINX, ReadmeDeploy, free_port  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic "
                "--no-first-run --disable-background-networking --disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def build(site: Path, site_url: str) -> None:
    env = dict(os.environ, SITE_URL=site_url, NO_MKDOCS_2_WARNING="1")
    subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-q", "-d", str(site)],
                   cwd=ROOT, env=env, check=True)


def pages(site: Path) -> dict[str, str]:
    found = {"home": ""}
    five = sorted(site.glob("wujin/*/index.html"))
    if five:
        found["五进"] = five[0].parent.relative_to(site).as_posix() + "/"
    speeches = sorted(site.glob("speeches/*/*/index.html"))
    if speeches:
        found["speech"] = speeches[0].parent.relative_to(site).as_posix() + "/"
    # The fourth page: a library year page (the newest year), else the library index.
    years = sorted((p for p in site.glob("library/*/index.html") if p.parent.name.isdigit()), reverse=True)
    found["library"] = years[0].parent.relative_to(site).as_posix() + "/" if years else "library/"
    return found


def run_lighthouse(url: str, form: str, out: Path) -> dict[str, int]:
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    if form == "desktop":
        cmd.append("--preset=desktop")
    subprocess.run(cmd, check=True, env=dict(os.environ, CHROME_PATH=CHROME), timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {}
    for cat in CATEGORIES:
        score = report["categories"][cat]["score"]
        scores[cat] = None if score is None else round(score * 100)
    failing = [
        f"{a['id']} ({a['score']})" for a in report["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"
    ]
    scores["failing"] = failing
    return scores


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="store_true", help="serve with Python's http.server, not nginx")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} missing: run `make npm`", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="anquan-lighthouse-") as tmp:
        tmp_path = Path(tmp)
        port = free_port()
        deploy = ReadmeDeploy("root", tmp_path / "deploy", port)
        site = deploy.build_site
        build(site, f"http://127.0.0.1:{port}/")
        if args.python or not Path(NGINX).exists():
            httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(site)))
            threading.Thread(target=httpd.serve_forever, daemon=True).start()
            stop, server_name = httpd.shutdown, "python http.server"
        else:
            # deployed by deploy/README.md's own steps (Debian's nginx configuration)
            stop, server_name = deploy.start().stop, "nginx with deploy/nginx/anquan-root.conf"
        try:
            print(f"Lighthouse {subprocess.run([str(LIGHTHOUSE), '--version'], capture_output=True, text=True).stdout.strip()}"
                  f", served by {server_name}")
            print(f"{'page':8} {'form':8} " + " ".join(f"{c:>14}" for c in CATEGORIES))
            for name, path in pages(site).items():
                for form in ("mobile", "desktop"):
                    s = run_lighthouse(f"http://127.0.0.1:{port}/{path}", form, tmp_path / f"{name}-{form}.json")
                    print(f"{name:8} {form:8} " + " ".join(f"{str(s[c]):>14}" for c in CATEGORIES), flush=True)
                    if s["failing"]:
                        print(f"{'':17} failing audits: {', '.join(s['failing'])}")
        finally:
            stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
