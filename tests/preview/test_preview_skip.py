"""safety_month.preview.skip: unchanged speech pages leave MkDocs' per-page work out of a
preview rebuild, and what another speech's edit changes on them is still shown (mkdocs serve
emulated in-process, as in test_preview_pages)."""

from __future__ import annotations

import re

from devtools import bench_corpus
from safety_month.preview import pages as preview_pages, skip
from safety_month.site import listing
from tests.preview.test_preview_pages import ROOT, _build, _tree, project  # noqa: F401 (fixture)


def _one_per_page(items, render, page_src, budget=listing.CONTENT_BUDGET):
    """listing.paginate with one speech per page: the year pages' split is then the order."""
    return [(page_src(k), [render(item, page_src(k))]) for k, item in enumerate(items, 1)] or [(page_src(1), [])]


def _year_link(html: str) -> str:
    return re.search(r'<p class="sm-speech-head__kicker">.*?· <a href="([^"]+)">2004年</a>', html, re.S).group(1)


def _clear_caches() -> None:
    preview_pages.clear()
    skip.clear()


def test_another_speechs_edit_moves_an_unchanged_speech_to_another_year_page(project, tmp_path, monkeypatch):
    """Two speeches of 2004, one per year page, ordered by title. Retitling the first moves the
    second, whose file is untouched and the site key unchanged, to the first year page: its
    year link follows (the recorded year_page answer differs, so it is rendered again), the
    other unchanged speeches are skipped whole, and the served site equals a fresh build."""
    monkeypatch.setattr(listing, "paginate", _one_per_page)
    docs, site = project / "docs", tmp_path / "served"
    sentences = bench_corpus.usable_sentences(ROOT / "sources")
    # The six newest speeches (2020-2025) fill the home page's latest list (config.extra, in
    # the site key): a 2004 title is then not in it.
    for n in (22, *range(16, 22)):
        path = docs / "speeches" / str(bench_corpus.speech_year(n)) / f"bench-{n:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(bench_corpus.speech_markdown(n, sentences, 600), encoding="utf-8")
    moved = docs / "speeches" / "2004" / "bench-0022.md"
    first = docs / "speeches" / "2004" / "bench-0000.md"
    out = site / moved.relative_to(docs).with_suffix("") / "index.html"
    _clear_caches()
    _build(project, site)
    before, key = _year_link(out.read_text(encoding="utf-8")), preview_pages.current_site()
    assert before.rstrip("/").endswith("2")                       # second on the 2004 pages
    first.write_text(first.read_text(encoding="utf-8").replace("（样本0000）", "（样本9999）", 1), encoding="utf-8")
    _build(project, site)
    assert preview_pages.current_site() == key                    # nothing the site key covers changed
    assert skip.skipped() >= 8                                    # the other speeches
    after = _year_link(out.read_text(encoding="utf-8"))
    assert after != before and not after.rstrip("/").endswith("2")
    _clear_caches()
    _build(project, tmp_path / "fresh")
    served, fresh = _tree(site), _tree(tmp_path / "fresh")
    assert served.keys() == fresh.keys()
    assert [k for k in served if served[k] != fresh[k]] == []


def test_a_speech_whose_checks_box_changes_is_rendered_again(project, tmp_path):
    """The editors' checks box goes into a page's content after the page is read (on_env): an
    unchanged speech whose link to a paragraph of another speech breaks when that speech loses
    the paragraph (site key unchanged: speeches' text is not in it) gets the box; before that,
    with nothing changed, it was skipped whole."""
    docs, site = project / "docs", tmp_path / "served"
    speech, other = sorted((docs / "speeches").rglob("bench-*.md"))[1:3]
    link = f"../{other.parent.name}/{other.name}#p-2"
    text = speech.read_text(encoding="utf-8")
    speech.write_text(text.replace("\n{: #p-1 }", f"见[另一篇讲话第二段]({link})。\n{{: #p-1 }}", 1), encoding="utf-8")
    out = site / speech.relative_to(docs).with_suffix("") / "index.html"
    _clear_caches()
    _build(project, site)
    assert "sm-editor-issues" not in out.read_text(encoding="utf-8")
    _build(project, site)
    assert skip.skipped() >= 3                                     # nothing changed: all skipped
    key = preview_pages.current_site()
    body = other.read_text(encoding="utf-8")
    other.write_text(body[:body.index("{: #p-1 }") + len("{: #p-1 }")] + "\n", encoding="utf-8")
    _build(project, site)
    assert preview_pages.current_site() == key
    assert "sm-editor-issues" in out.read_text(encoding="utf-8")
    _clear_caches()
    _build(project, tmp_path / "fresh")
    served, fresh = _tree(site), _tree(tmp_path / "fresh")
    assert served.keys() == fresh.keys()
    assert [k for k in served if served[k] != fresh[k]] == []
