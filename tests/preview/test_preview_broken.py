"""The live preview (`mkdocs serve -f mkdocs.preview.yml`, what `make serve` runs) with pages
it cannot build as they are: a page saved as GBK by Windows Notepad, an alias bomb, a NUL in a
speech. The server starts, shows each page with the issue box (file:line), keeps answering,
and follows the editor's saves: fixed, the box goes; broken again, it comes back. Before,
the GBK page made the first build fail (the server never started) and, after a save, left the
preview stuck on the last good build with a traceback in the terminal.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests import _broken_pages as broken
from tests.checks.test_checks_agree import copy_project

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, predicate, server: subprocess.Popen, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        assert server.poll() is None, "the preview server stopped"
        last = _get(url)
        if last is not None and predicate(last):
            return last
        time.sleep(0.3)
    pytest.fail(f"{url} did not reach the expected state in {seconds} s; last answer:\n{(last or '')[:2000]}")


def _save(path: Path, data: bytes) -> None:
    """As an editor's program saves: a new file renamed over the old one."""
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@pytest.fixture
def server(tmp_path):
    project = copy_project(tmp_path)
    docs = project / "docs"
    (docs / "broken").mkdir()
    (docs / "broken" / "gbk.md").write_bytes(broken.PAGE.encode("gbk"))
    (docs / "broken" / "bomb.md").write_text(broken.alias_bomb(9), encoding="utf-8")
    (docs / "speeches" / "2021" / "broken-nul.md").write_text(broken.SPEECH.replace("第一段。", "第一\x00段。"),
                                                              encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore::DeprecationWarning")
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-f", "mkdocs.preview.yml", "-a", f"127.0.0.1:{port}"],
                               cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield types_namespace(process=process, base=f"http://127.0.0.1:{port}", docs=docs, log=tmp_path / "serve.log")
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """End a preview server: politely, then for sure (a hung server must not outlive the test)."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def types_namespace(**kwargs):
    import types

    return types.SimpleNamespace(**kwargs)


def test_the_preview_shows_broken_pages_with_their_issues_and_follows_the_saves(server):
    box = "sm-editor-issues"
    gbk = _wait_for(f"{server.base}/broken/gbk/", lambda html: box in html, server.process, 240)
    assert "<code>docs/broken/gbk.md:2</code>" in gbk and "文件不是 UTF-8 编码" in gbk
    bomb = _wait_for(f"{server.base}/broken/bomb/", lambda html: box in html, server.process, 30)
    assert "<code>docs/broken/bomb.md:3</code>" in bomb and "不支持 YAML 别名" in bomb
    nul = _wait_for(f"{server.base}/speeches/2021/broken-nul/", lambda html: box in html, server.process, 30)
    assert "<code>docs/speeches/2021/broken-nul.md:14</code>" in nul and "U+0000" in nul and "\x00" not in nul

    _save(server.docs / "broken" / "gbk.md", broken.PAGE.replace("正文。", "修好了。").encode("utf-8"))
    fixed = _wait_for(f"{server.base}/broken/gbk/", lambda html: "修好了" in html, server.process, 60)
    assert box not in fixed

    _save(server.docs / "broken" / "gbk.md", broken.PAGE.replace("正文。", "又坏了。").encode("gbk"))
    again = _wait_for(f"{server.base}/broken/gbk/", lambda html: box in html and "修好了" not in html,
                      server.process, 60)
    assert "文件不是 UTF-8 编码" in again
    assert _get(f"{server.base}/") is not None
    assert "Traceback" not in server.log.read_text(encoding="utf-8", errors="replace")
