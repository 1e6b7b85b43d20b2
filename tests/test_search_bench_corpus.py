"""safety_month.search_bench_corpus: generated speeches for the search benchmark."""

from __future__ import annotations

from pathlib import Path

import pytest

from safety_month import search_bench_corpus as bc

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sentences():
    return bc.seed_sentences(ROOT / "sources")


def test_seed_sentences_are_clean_simplified_chinese(sentences):
    assert len(sentences) >= 50
    for s in sentences:
        assert s[-1] in "。！？!?"
        assert not bc._NOISE.search(s) and not bc._QUOTES.search(s)
        assert "," not in s and "(" not in s
    # seed 003 is traditional Chinese; its sentences arrive simplified
    assert not any(c in "".join(sentences) for c in "產區長發")


def test_speech_markdown_has_front_matter_headings_and_anchors(sentences):
    page = bc.speech_markdown(7, sentences, chars=3000)
    front, body = page.split("---\n", 2)[1:]
    assert "kind: speech" in front and f"year: {bc.speech_year(7)}" in front
    assert "edition: " in front and "audiences: [企业]" in front
    assert body.count("{: #p-") >= 3 and "## 一、" in body
    text = "".join(line for line in body.splitlines() if not line.startswith(("##", "{:")))
    assert len(text) >= 3000
    assert bc.speech_markdown(7, sentences, chars=3000) == page     # deterministic


def test_write_corpus_files_by_year(tmp_path):
    paths = bc.write_corpus(tmp_path, ROOT / "sources", 3, chars=500)
    assert [p.parent.name for p in paths] == [str(bc.speech_year(n)) for n in range(3)]
    assert all(p.read_text(encoding="utf-8").startswith("---\ntitle: ") for p in paths)


def test_write_corpus_needs_sentences(tmp_path):
    src = tmp_path / "sources"
    src.mkdir()
    (src / "a.txt").write_text("太短。", encoding="utf-8")
    with pytest.raises(ValueError, match="usable sentences"):
        bc.write_corpus(tmp_path / "docs", src, 1)
