"""The live preview in Chromium while an editor breaks and fixes pages (issue 17, item 4).

`mkdocs serve -f mkdocs.preview.yml` (what `make serve` runs) over a copy of the project; a
page is open in Chromium and the editor saves a broken version of it: a YAML slip in a
speech, a wrong 五进 name in a 五进 article, the section page saved as GBK by Windows Notepad,
a link to a page that does not exist. Each time the open page reloads by itself and shows the
red box naming file:line in Chinese; the server keeps serving the other pages; saving the fixed
file takes the box away again. Before, the wrong 五进 name and the GBK page left the preview
hanging with a traceback in the terminal and nothing in the browser.

Waits are generous (a shared 2-core machine); the save-to-browser time is measured by
scripts/devtools/bench_preview.py, not here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from tests._broken_pages import WUJIN
from tests.checks.test_checks_agree import copy_project
from tests.preview.test_preview_broken import _free_port, _get, _save, stop

BIN = Path(sys.executable).parent
BOX = ".sm-editor-issues"

ARTICLE = WUJIN   # a well-formed 五进 article (the broken-pages catalogue's)


@pytest.fixture(scope="module")
def preview(tmp_path_factory, browser):
    tmp = tmp_path_factory.mktemp("preview-errors")
    project = copy_project(tmp)
    docs = project / "docs"
    (docs / "wujin" / "qiye").mkdir(exist_ok=True)
    (docs / "wujin" / "qiye" / "article.md").write_text(ARTICLE, encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore::DeprecationWarning")
    log_path = tmp / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-f", "mkdocs.preview.yml",
                                    "-a", f"127.0.0.1:{port}"],
                                   cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 240
            while _get(base) is None:
                assert process.poll() is None, log_path.read_text(encoding="utf-8", errors="replace")
                assert time.monotonic() < deadline, "the preview did not start in 240 s"
                time.sleep(0.5)
            yield types.SimpleNamespace(base=base, docs=docs, process=process, log=log_path)
        finally:
            stop(process)


def _speech(docs: Path) -> str:
    return sorted(p.relative_to(docs).as_posix() for p in (docs / "speeches").glob("*/*.md"))[0]


# (name, page inside docs/ (a callable for the imported speech), how to break it, file:line, message)
CASES = [
    ("yaml", _speech, lambda b: b.decode().replace("title: ", "title：", 1).encode(), 2, "中文冒号"),
    ("wujin-name", "wujin/qiye/article.md",
     lambda b: b.decode().replace("audience: 企业", "audience: 进企业").encode(), 4, "未知的值“进企业”"),
    ("gbk", "wujin/qiye.md", lambda b: b.decode().encode("gbk"), 2, "文件不是 UTF-8 编码"),
    ("link", "wujin/qiye/article.md", lambda b: b + "\n见[旧页](../old.md)。\n".encode(), 12, "链接目标“../old.md”不存在"),
]


def _url(base: str, src_uri: str) -> str:
    path = src_uri[:-3]
    path = path[:-len("index")] if path.endswith("index") else path + "/"
    return base + path


@pytest.mark.parametrize("name,src,break_it,line,message", CASES, ids=[c[0] for c in CASES])
def test_a_broken_page_shows_its_message_in_the_browser_and_a_fix_clears_it(preview, new_page, name, src,
                                                                             break_it, line, message):
    src_uri = src(preview.docs) if callable(src) else src
    path = preview.docs / src_uri
    good = path.read_bytes()
    page, _ = new_page()
    page.goto(_url(preview.base, src_uri))
    assert page.locator(BOX).count() == 0, f"{src_uri} shows an issue box before it is broken"
    other, _ = new_page()
    try:
        _save(path, break_it(good))
        # No reload by the test: the preview's live reload must bring the box.
        page.wait_for_selector(BOX, timeout=60_000)
        box = page.locator(BOX).inner_text()
        assert f"docs/{src_uri}:{line}" in box and message in box, box
        assert preview.process.poll() is None, "the preview server stopped"
        # The terminal lists it too (`make serve` no longer runs a strict build first).
        log = preview.log.read_text(encoding="utf-8", errors="replace")
        assert "编辑检查发现问题" in log and f"docs/{src_uri}:{line}" in log.rpartition("编辑检查发现问题")[2]
        # The server keeps answering: the home page and the 五进 index, without a box.
        for url in (preview.base, preview.base + "wujin/"):
            other.goto(url)
            assert other.locator("h1, h2").count() > 0 and other.locator(BOX).count() == 0, url
    finally:
        _save(path, good)
    page.wait_for_selector(BOX, state="detached", timeout=60_000)
    assert "Traceback" not in preview.log.read_text(encoding="utf-8", errors="replace")
