"""buildcache.site_facts: the 五进 choice merged from each speech's kept candidates, and the
library lists made from each speech's kept items, are exactly what the uncached code makes,
after speeches are added, edited or dropped between builds; and the kept facts are read back
(not computed again) for the speeches that did not change."""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from safety_month import campaign
from safety_month.buildcache import memo, site_facts
from safety_month.buildcache.store import Store
from safety_month.pages.entry import SpeechEntry
from safety_month.site import library_pages, outreach
from tests.site.test_library_pages import entry, href
from tests.site.test_outreach import rules

_WORDS = ["企业", "主体责任", "落实", "培训", "。", "要", "演练", "社区", "楼道", "农机", "学校", "家庭", "，"]


@contextlib.contextmanager
def _builds():
    """A fresh cache; the managed value starts the next build (the last one committed) and
    gives the previous one's (hits, misses, written)."""
    with tempfile.TemporaryDirectory() as folder:
        memo.start(Store(Path(folder), "stamp"), "stamp")

        def next_build():
            counts = memo.stop(commit=True)
            memo.start(Store(Path(folder), "stamp"), "stamp")
            return counts
        try:
            yield next_build
        finally:
            memo.stop(commit=False)


def _speech(i: int, year, bonus: bool, paragraphs: list[list[str]], version: int = 0) -> SpeechEntry:
    body = "\n\n".join("".join(words) + ("" if version == 0 else f"版{version}") for words in paragraphs if words)
    return SpeechEntry(src_uri=f"speeches/s{i:02d}.md", title=f"讲话{i}", year=year, body=body + "\n",
                       audiences=("企业", "社区") if bonus else ())


def _choices(entries, r) -> dict:
    bests: dict = {}
    return {a: site_facts.outreach_choice(entries, a, r, lambda: [(e, outreach.parse_paragraphs(e.body)) for e in entries],
                                          bests) for a in r.audiences}


def _uncached(entries, r) -> dict:
    speeches = [(e, outreach.parse_paragraphs(e.body)) for e in entries]
    return {a: outreach.select(speeches, a, r) for a in r.audiences}


_RAW = st.lists(st.tuples(st.one_of(st.none(), st.integers(2015, 2025)), st.booleans(),
                          st.lists(st.lists(st.sampled_from(_WORDS), max_size=12), max_size=5)),
                min_size=1, max_size=8)


@settings(max_examples=40, deadline=None)
@given(_RAW, _RAW, st.sets(st.integers(0, 7)), st.sets(st.integers(0, 7)), st.integers(1, 3), st.integers(1, 6))
def test_the_merged_choice_equals_the_uncached_selection(raw, added, edited, moved, per_speech, per_page):
    r = rules(max_per_speech=per_speech, max_per_page=per_page, min_chars=2, min_score=2)
    first = [_speech(i, *row) for i, row in enumerate(raw)]
    # The next build: some speeches edited, some dropped (not re-added), new ones added.
    # (moved: the same text under another year and audiences, which the order and the bonus read)
    second = [_speech(i, *row, version=1) if i in edited else
              dataclasses.replace(e, year=(e.year or 2014) + 1, audiences=() if e.audiences else ("企业",)) if i in moved
              else e for i, (row, e) in enumerate(zip(raw, first)) if i % 5 != 4]
    second += [_speech(20 + i, *row) for i, row in enumerate(added)]
    with _builds() as next_build:
        assert _choices(first, r) == _uncached(first, r)
        assert next_build()[0] == 0
        assert _choices(second, r) == _uncached(second, r)
        unchanged = sum(1 for e in second if e in first)
        assert next_build()[0] == unchanged          # the others' candidates were read back


def test_without_the_cache_the_choice_is_the_selection():
    r = rules()
    entries = [_speech(1, 2023, True, [["企业", "主体责任", "要", "落实", "。"]])]
    assert not memo.active()
    got = site_facts.outreach_choice(entries, "企业", r, lambda: [(e, outreach.parse_paragraphs(e.body)) for e in entries], {})
    assert [x.paragraph.number for x in got] == [1] and got == outreach.select(
        [(e, outreach.parse_paragraphs(e.body)) for e in entries], "企业", r)


def _plan(entries, items=None):
    kwargs = {"entry": items, "base_slug": items.base_slug} if items is not None else {}
    return library_pages.plan(entries, campaign.all_campaigns(), href, budget=3_000, **kwargs)


def _same(a, b) -> None:
    assert a.pages == b.pages and a.lists == b.lists
    assert a.tag_pages == b.tag_pages and a.year_pages == b.year_pages


@settings(max_examples=15, deadline=None)
@given(st.integers(5, 40), st.lists(st.integers(0, 60), max_size=4), st.sets(st.integers(0, 40), max_size=4))
def test_lists_from_kept_items_equal_lists_made_afresh(n, added, retitled):
    """A small budget splits every listing into pages; an added speech moves the pages'
    boundaries, so items are needed for pages they were not kept for."""
    first = [entry(k) for k in range(n)]
    second = [entry(k, title=f"改{k}") if k in retitled else e for k, e in enumerate(first)]
    second += [entry(100 + k, year=2020 + k % 4, tags=("消防安全", f"新标签{k}")) for k in added]
    second = sorted(second, key=lambda e: (-(e.year or 0), e.src_uri))
    with _builds() as next_build:
        items = site_facts.ListItems(True)
        _same(_plan(first, items), _plan(first))
        items.save()
        next_build()
        again = site_facts.ListItems(True)
        _same(_plan(first, again), _plan(first))
        again.save()
        hits, _, written = next_build()
        assert written == 0 and hits == n + 1            # every item and the slugs read back, nothing new kept
        later = site_facts.ListItems(True)
        _same(_plan(second, later), _plan(second))
        later.save()


def test_list_items_are_keyed_on_the_url_style():
    with _builds() as next_build:
        items = site_facts.ListItems(True)
        _same(_plan([entry(1)], items), _plan([entry(1)]))
        items.save()
        assert next_build()[2] == 2                      # its items, the slugs of its tags
        other = site_facts.ListItems(False)
        _plan([entry(1)], other)
        assert next_build()[0] == 1                      # the slugs only: no item of the other URL style


def test_the_library_plan_is_kept_whole_under_its_key():
    entries = [entry(k) for k in range(12)]
    calls = []

    def compute():
        calls.append(1)
        return "历届主题", _plan(entries)
    with _builds() as next_build:
        themes, plan = site_facts.library_plan(("facts", 1), compute)
        next_build()
        again_themes, again = site_facts.library_plan(("facts", 1), compute)
        assert calls == [1] and again_themes == themes
        _same(again, plan)
        assert list(again.pages) == list(plan.pages)      # the generated files' order
        site_facts.library_plan(("facts", 2), compute)
        assert calls == [1, 1]
