"""Speech pages converted by a second process (buildcache.prerender): the build uses a result
only under the key it computes itself, so the site is the one a build without it writes."""

from __future__ import annotations

import logging
import os
import re
import time

import pytest

from safety_month import workers
from safety_month.buildcache import memo, pages, prerender
from safety_month.buildcache.store import Store
from tests.buildcache.test_build_equivalence import _project
from tests.conftest import run_mkdocs_build
from tests.publish.test_one_pass_build import _differences

USED = re.compile(r"prerender: (\d+) speech pages converted by a second process")


def _build(config, site, mode: str, cache: str = "on"):
    result = run_mkdocs_build(config, site, {workers.PRERENDER: mode, "SAFETY_MONTH_PAGE_CACHE": cache})
    assert result.returncode == 0, result.stderr[-3000:]
    found = USED.search(result.stderr)
    return int(found[1]) if found else 0


def _speeches_without_links(docs) -> int:
    count = 0
    for path in (docs / "speeches").rglob("*.md"):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        count += not pages._LINKISH.search(body)
    return count


def test_pages_converted_by_the_second_process_build_the_uncached_site(tmp_path):
    config = _project(tmp_path / "project")
    expected = _speeches_without_links(config.parent / "docs")
    assert expected > 0
    # all: the build waits until the child converted every page it can, and uses each one.
    assert _build(config, tmp_path / "all", "all") == expected
    assert _build(config, tmp_path / "uncached", "off", cache="off") == 0
    assert _differences(tmp_path / "all", tmp_path / "uncached") == []
    # Warm: the cache holds every conversion, so the child is not even started.
    assert _build(config, tmp_path / "warm", "all") == 0
    assert _differences(tmp_path / "warm", tmp_path / "uncached") == []


def test_the_default_meeting_in_the_middle_builds_the_same_site(tmp_path):
    config = _project(tmp_path / "project")
    _build(config, tmp_path / "on", "")      # however many pages the child reaches
    _build(config, tmp_path / "uncached", "off", cache="off")
    assert _differences(tmp_path / "on", tmp_path / "uncached") == []


# ---------------------------------------------------------------- the parts, with fakes

class FakePage:
    def __init__(self, name):
        self.name = name


def _convert(page, config, files, has):
    if page.name == "skip":
        return None
    if page.name == "broken":
        raise ValueError("a page the child cannot convert")
    return f"key-{page.name}", {"content": f"<p>{page.name}</p>" * 5000}   # frames larger than one read


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(workers.PRERENDER, "all")
    memo.start(Store(tmp_path, "stamp"), "stamp")
    yield
    prerender.stop()
    memo.stop(commit=False)


def test_the_build_takes_a_result_only_for_the_key_it_asks_for(cache):
    fakes = [FakePage(n) for n in ("a", "skip", "b", "broken", "c")]
    assert prerender.start(fakes, None, None, _convert)
    assert prerender.take(fakes[0], "key-x") is None            # no result under another key
    assert prerender.take(fakes[0], "key-a") == {"content": "<p>a</p>" * 5000}
    assert prerender.take(fakes[0], "key-a") is None            # taken once
    assert prerender.take(fakes[1], "key-skip") is None         # the child sent nothing for it
    assert prerender.take(FakePage("c"), "key-c") is None       # not one of the pages started with
    assert prerender.take(fakes[4], "key-c") is not None   # (a came after "broken": the child walks backwards)
    assert prerender.stop() == 2


def test_stop_ends_and_reaps_the_child(cache, monkeypatch):
    monkeypatch.setenv(workers.PRERENDER, "")

    def slow(page, config, files, has):
        time.sleep(30)
        return None
    assert prerender.start([FakePage("a"), FakePage("b")], None, None, slow)
    pid = prerender._state["pid"]
    assert prerender.stop() == 0
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)   # reaped: no zombie left behind


def test_nothing_starts_without_a_build_cache_or_when_switched_off(tmp_path, monkeypatch):
    assert not prerender.start([FakePage("a")], None, None, _convert)    # no build cache
    memo.start(Store(tmp_path, "stamp"), "stamp")
    try:
        monkeypatch.setenv(workers.PRERENDER, "off")
        assert not prerender.start([FakePage("a")], None, None, _convert)
    finally:
        memo.stop(commit=False)


def test_a_conversion_that_logged_a_warning_is_left_to_the_build(cache, monkeypatch, tmp_path):
    from mkdocs.structure.pages import Page

    class Plugins:
        def on_page_markdown(self, markdown, **kwargs):
            return markdown

    class Config(dict):
        plugins = Plugins()

    class File:
        src_uri = "speeches/2024/x.md"

    class SpeechPage:
        file, url, meta, toc = File(), "speeches/2024/x/", {"kind": "speech"}, []
        _title_from_render, present_anchor_ids, links_to_anchors = "t", set(), {}

        def read_source(self, config):
            self.markdown = "正文"

    def render(page, config, files, warn):
        page.content = "<p>正文</p>"
        if warn:
            logging.getLogger("mkdocs.test").warning("converted with a warning")
    monkeypatch.setattr(Page, "render", lambda p, c, f: render(p, c, f, False))
    key, done = pages.prerender_convert(SpeechPage(), Config(), None, None)
    assert key == memo.key_of("render", ("speeches/2024/x.md", "speeches/2024/x/", "正文", "speech"))
    assert done["content"] == "<p>正文</p>"
    monkeypatch.setattr(Page, "render", lambda p, c, f: render(p, c, f, True))
    assert pages.prerender_convert(SpeechPage(), Config(), None, None) is None
    # A page the cache holds is not converted again.
    assert pages.prerender_convert(SpeechPage(), Config(), None, lambda kind, k: k == key) is None
