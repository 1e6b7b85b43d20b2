"""Text checks in worker processes give exactly the issues of the in-process checks."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from safety_month import checks
from safety_month.checks import pool, site
from safety_month.pages import reader

from tests._checks_helpers import FIXTURES


def _sources(copies: int):
    files = sorted(FIXTURES.glob("*.md"))
    assert files
    out = []
    for n in range(copies):
        for f in files:
            out.append((f"docs/c{n}/{f.name}", f"c{n}/{f.name}", f.read_bytes()))
    return out


def test_workers_find_the_same_issues_as_the_build_process():
    sources = _sources(copies=max(2, pool.MIN_PAGES // len(list(FIXTURES.glob("*.md"))) + 1))
    assert len(sources) >= pool.MIN_PAGES
    serial = site.check_pages(sources)
    text_checks = pool.TextChecks(workers=2)
    before = set(multiprocessing.active_children())
    parallel = site.check_pages(sources, text_checks)
    assert text_checks._pool is not None                   # the workers really took the pages
    for future in text_checks._futures:
        future.result(timeout=300)
    deadline = time.monotonic() + 60
    while set(multiprocessing.active_children()) - before and time.monotonic() < deadline:
        time.sleep(0.1)
    # the workers ended once they had checked every page, before the build asked for the issues
    assert not set(multiprocessing.active_children()) - before
    parallel = site.finish_text_checks(parallel, text_checks)
    assert serial.issues and serial.text() == parallel.text()
    assert sorted(map(repr, serial.issues)) == sorted(map(repr, parallel.issues))
    assert any(not i.code.startswith("fm.") for i in parallel.issues)


def test_few_pages_are_checked_in_process():
    sources = _sources(copies=1)[:3]
    text_checks = pool.TextChecks(workers=2)
    report = site.finish_text_checks(site.check_pages(sources, text_checks), text_checks)
    assert text_checks._pool is None
    assert report.text() == site.check_pages(sources).text()


def test_workers_setting(monkeypatch):
    monkeypatch.setenv(pool.WORKERS_ENV, "0")
    assert pool.default_workers() == 0
    monkeypatch.setenv(pool.WORKERS_ENV, "三")
    with pytest.raises(ValueError, match=pool.WORKERS_ENV):
        pool.default_workers()
    monkeypatch.delenv(pool.WORKERS_ENV)
    assert pool.default_workers() >= 1


def test_the_text_checks_read_no_front_matter_again(monkeypatch):
    """Workers and the build process check the page the front checks parsed: its YAML is not
    read a second time (the fields they get are the ones used)."""
    sources = _sources(copies=1)
    expected = site.check_pages(sources).text()
    text_checks = pool.TextChecks(workers=0)
    report = site.check_pages(sources, text_checks)

    def no_second_parse(*args, **kwargs):
        raise AssertionError("front matter parsed again by the text checks")
    monkeypatch.setattr(reader, "parse", no_second_parse)
    assert site.finish_text_checks(report, text_checks).text() == expected
    page = next(p for p in report.pages.values() if "#p-" in p.text and p.fm.data.get("kind") == "speech")
    chunk = [(page.path, page.text, page.src_uri, page.fm)]
    assert pool._check_chunk(chunk) == [checks.check_page(page, checks.TEXT_CHECKS)]
