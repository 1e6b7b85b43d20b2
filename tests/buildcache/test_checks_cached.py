"""The editors' checks in a build with the page cache (checks.cached): a page whose bytes an
earlier build checked is neither parsed nor checked again, gives the same Page and the same
issues in the same order, and hands its fields to the build's other readers
(pages.known_fields) as the parse would have; anything its checks read that changed (bytes,
path, the year) makes it checked again."""

from __future__ import annotations

from safety_month.buildcache import memo
from safety_month.checks import cached, pool, site
from safety_month.checks.page_codec import same
from safety_month.pages import known_fields, reader

from tests._checks_helpers import FIXTURES


def _sources(copies: int = 1):
    files = sorted(FIXTURES.glob("*.md"))
    assert files
    return [(f"docs/c{n}/{f.name}", f"c{n}/{f.name}", f.read_bytes()) for n in range(copies) for f in files]


def _checked(sources, workers=0):
    text_checks = pool.TextChecks(workers, memo)
    report = site.check_pages(sources, text_checks, lambda name: name == "speech.html", memo)
    return site.finish_text_checks(report, text_checks), text_checks


def _store():
    return memo._state["store"]


def test_a_second_build_reads_every_page_and_issue_from_the_cache(build):
    sources = _sources(copies=max(2, pool.MIN_PAGES // len(_sources()) + 1))
    first, checks_run = _checked(sources, workers=2)
    assert checks_run._futures and len(checks_run.items) == len(sources)   # workers checked them
    assert first.issues and any(i.code.startswith("text.") for i in first.issues)
    assert any(i.code.startswith("fm.") for i in first.issues)
    build()
    second, checks_run = _checked(sources, workers=2)
    assert checks_run.items == [] and checks_run._futures == []      # no page checked, no worker
    assert _store().misses == 0 and _store().hits == 2 * len(sources)
    assert second.issues == first.issues                           # same issues, same order
    assert second.text() == first.text() == site.check_pages(sources).text()
    assert second.pages.keys() == first.pages.keys()
    for uri, page in first.pages.items():
        again = second.pages[uri]
        assert again.text == page.text and same(again.fm.data, page.fm.data)
        assert again.fm.key_pos == page.fm.key_pos and again.fm.errors == page.fm.errors


def test_a_page_read_from_the_cache_gives_its_fields_to_the_other_readers(build):
    speech = next(s for s in _sources() if b"kind: speech" in s[2])
    _checked([speech])
    build()
    known_fields.forget()
    report, _ = _checked([speech])
    page = report.pages[speech[1]]
    block = reader.front_block(page.text)
    assert known_fields.known(block) is not None and same(known_fields.known(block), page.fm.data)


def test_what_the_checks_read_is_in_the_key(build):
    display, uri, data = next(s for s in _sources() if s[1].endswith("text_halfwidth_ok.md"))
    _checked([(display, uri, data)])
    build()
    moved, _ = _checked([("docs/elsewhere/x.md", "elsewhere/x.md", data)])
    assert _store().hits == 0                                  # another path: checked again
    assert all(i.path == "docs/elsewhere/x.md" for i in moved.issues)
    edited = data + "\n同志们,大家好。\n".encode()
    report, _ = _checked([(display, uri, edited)])
    assert _store().hits == 0 and any(i.code == "text.halfwidth" for i in report.issues)
    assert cached.parts(display, uri, data, 2025) != cached.parts(display, uri, data, 2026)


def test_a_file_that_cannot_be_read_is_reported_every_time(build):
    missing = ("docs/gone.md", "gone.md", FileNotFoundError(2, "No such file"))
    for _ in range(2):
        report, _ = _checked([missing])
        assert [i.code for i in report.issues] == ["file.unreadable"]
        build()
    not_utf8 = ("docs/gbk.md", "gbk.md", "---\ntitle: 讲话\n---\n\n正文\n".encode("gbk"))
    first, _ = _checked([not_utf8])
    build()
    second, _ = _checked([not_utf8])
    assert _store().hits == 1 and second.issues == first.issues and [i.code for i in first.issues] == ["file.encoding"]
