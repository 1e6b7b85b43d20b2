"""`make serve-site`'s server (safety_month.publish.serve) answers a missing page as nginx does:
status 404 with the site's own Chinese 404.html, at any depth; files are served as they are."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest

from safety_month.publish import serve

NOT_FOUND = "<!doctype html><html lang=zh-CN><title>没有找到这个页面</title><h1>没有找到这个页面</h1></html>"


@pytest.fixture
def served(tmp_path):
    """(url, site dir) of a server on a free port over tmp_path/site."""
    site = tmp_path / "site"
    (site / "library").mkdir(parents=True)
    (site / "index.html").write_text("<h1>首页</h1>", encoding="utf-8")
    (site / "library" / "index.html").write_text("<h1>讲话资料库</h1>", encoding="utf-8")
    server = serve.make_server(site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", site
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str, method: str = "GET"):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.mark.parametrize("path", ["nothing.html", "a/b/c/", "speeches/2099/%E4%B8%8D%E5%AD%98%E5%9C%A8/"])
def test_missing_page_at_any_depth_gets_the_sites_404_page(served, path):
    url, site = served
    (site / "404.html").write_text(NOT_FOUND, encoding="utf-8")
    status, headers, body = _get(url + path)
    assert status == 404
    assert body == (site / "404.html").read_bytes()
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)


def test_head_of_a_missing_page_has_no_body(served):
    url, site = served
    (site / "404.html").write_text(NOT_FOUND, encoding="utf-8")
    status, headers, body = _get(url + "gone/", method="HEAD")
    assert status == 404 and body == b""
    assert int(headers["Content-Length"]) == len(NOT_FOUND.encode("utf-8"))


def test_existing_pages_are_served_unchanged(served):
    url, site = served
    (site / "404.html").write_text(NOT_FOUND, encoding="utf-8")
    status, _, body = _get(url)
    assert status == 200 and body == "<h1>首页</h1>".encode("utf-8")
    status, _, body = _get(url + "library/")
    assert status == 200 and body == "<h1>讲话资料库</h1>".encode("utf-8")


def test_without_a_404_page_the_standard_error_remains(served):
    url, _ = served
    status, _, body = _get(url + "a/b/")
    assert status == 404 and b"File not found" in body


def test_a_missing_site_folder_is_a_clear_error(tmp_path):
    with pytest.raises(SystemExit, match="make build"):
        serve.make_server(tmp_path / "nope", port=0)
