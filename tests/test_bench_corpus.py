"""safety_month.bench_corpus: the one generator of benchmark speeches (raw sources and pages)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from safety_month import bench_corpus as bc
from safety_month import importer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sentences():
    return bc.usable_sentences(ROOT / "sources")


def test_seed_sentences_are_clean_simplified_chinese(sentences):
    assert len(sentences) >= 50
    for s in sentences:
        assert s[-1] in "。！？!?"
        assert not bc._NOISE.search(s) and not bc._QUOTES.search(s)
        assert "," not in s and "(" not in s
    assert not any(c in "".join(sentences) for c in "產區長發")   # seed 003 is traditional


def test_make_document_reaches_the_length_and_names_the_edition(sentences):
    title, lines = bc.make_document(random.Random(3), sentences, chars=3000, year=2015)
    assert title.endswith("的讲话")
    body = [line for line, level in lines if level == 0]
    assert sum(len(line) for line in body) >= 3000
    assert any("全国第14个“安全生产月”" in line for line in body)
    assert [line for line, level in lines if level == 2][0].startswith("一、")


def test_raw_corpus_mixes_forms_and_imports(tmp_path, sentences):
    size = bc.write_raw_corpus(tmp_path / "src", 40, seed=2, chars=800, sentences=sentences)
    files = sorted((tmp_path / "src").iterdir())
    assert len(files) == 40 and size == sum(f.stat().st_size for f in files)
    assert {f.suffix for f in files} >= {".txt", ".html"}
    run = importer.import_paths([str(tmp_path / "src")], tmp_path / "out")
    assert not run.failed
    pages = list((tmp_path / "out").rglob("*.md"))
    assert len(pages) == 40
    assert sum(p.parent.name != "undated" for p in pages) >= 10   # the edition sentence dates many


def test_raw_corpus_is_deterministic(tmp_path, sentences):
    bc.write_raw_corpus(tmp_path / "a", 5, seed=9, chars=500, sentences=sentences)
    bc.write_raw_corpus(tmp_path / "b", 5, seed=9, chars=500, sentences=sentences)
    assert [p.read_bytes() for p in sorted((tmp_path / "a").iterdir())] == \
        [p.read_bytes() for p in sorted((tmp_path / "b").iterdir())]


def test_speech_markdown_has_front_matter_headings_and_anchors(sentences):
    page = bc.speech_markdown(7, sentences, chars=3000)
    front, body = page.split("---\n", 2)[1:]
    assert "kind: speech" in front and f"year: {bc.speech_year(7)}" in front
    assert body.count("{: #p-") >= 3 and "## 一、" in body
    assert bc.speech_markdown(7, sentences, chars=3000) == page


def test_write_pages_by_year_and_needs_sentences(tmp_path):
    paths = bc.write_pages(tmp_path / "docs", ROOT / "sources", 3, chars=500)
    assert [p.parent.name for p in paths] == [str(bc.speech_year(n)) for n in range(3)]
    src = tmp_path / "sources"
    src.mkdir()
    (src / "a.txt").write_text("太短。", encoding="utf-8")
    with pytest.raises(ValueError, match="usable sentences"):
        bc.write_pages(tmp_path / "docs2", src, 1)
