"""Serve the built site/ locally the way the deployment does (`make serve-site`).

Python's own `http.server` answers a missing page with its English error page ("Error
response … 404 … File not found"); nginx (deploy/nginx/, `error_page 404`) answers with the
site's Chinese 404.html. This server does the same, so what an editor sees before publishing
is what readers get: the status stays 404, the body is site/404.html (its links are absolute,
made from SITE_URL's path, so it works at any depth). Other errors keep http.server's pages.

Usage: python -m safety_month.publish.serve [--directory site] [--bind 127.0.0.1] [--port 8000]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
from pathlib import Path

NOT_FOUND_PAGE = "404.html"


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of one directory; a missing path gets the site's own 404 page."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / NOT_FOUND_PAGE
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.log_error("code %d, message %s", code, message)
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(directory: Path, bind: str = "127.0.0.1", port: int = 8000) -> http.server.ThreadingHTTPServer:
    """A server of directory (not yet serving; port 0 picks a free port)."""
    if not directory.is_dir():
        raise SystemExit(f"{directory}: 没有这个文件夹，请先运行 make build 生成网站")
    handler = functools.partial(SiteHandler, directory=str(directory))
    return http.server.ThreadingHTTPServer((bind, port), handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="以静态方式提供构建好的网站（缺失的页面返回网站自己的 404 页）")
    parser.add_argument("--directory", type=Path, default=Path("site"))
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    server = make_server(args.directory, args.bind, args.port)
    host, port = server.server_address[:2]
    print(f"网站 {args.directory}/ 在 http://{host}:{port}/ （Ctrl+C 停止）", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
