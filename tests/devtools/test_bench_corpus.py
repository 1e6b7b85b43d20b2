"""devtools.bench_corpus: the one generator of benchmark speeches (raw sources and pages)."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest

from devtools import bench_corpus as bc
from safety_month.importer import pipeline
from safety_month.importer.clean.spin import is_spun
from tests import paths

ROOT = paths.ROOT


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
    # drawn from the CLEANED seeds: the spun seed 001 contributes its original wording
    joined = "".join(sentences)
    assert "原那么" not in joined and "平安生产" not in joined and "效劳" not in joined
    assert not is_spun(joined)


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
    run = pipeline.import_paths([str(tmp_path / "src")], tmp_path / "out")
    assert not run.failed
    pages = list((tmp_path / "out").rglob("*.md"))
    assert len(pages) >= 40   # a compilation gives two pages
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


def test_noise_rates_have_reasons_and_cover_source_noise_kinds():
    assert bc.SPEECH_CHARS == 5000
    for kind, (rate, reason) in bc.NOISE_RATES.items():
        assert 0 < rate < 1 and len(reason) > 10, kind
    assert bc.NOISE_RATES["chrome"][0] > 0.5 > bc.NOISE_RATES["spun"][0]
    assert bc.NOISE_RATES["traditional_pinyin"][0] < bc.NOISE_RATES["spun"][0]


def test_spin_forward_is_detected_by_the_importer(sentences):
    text = "".join(sentences[:60])
    spun = bc.spin(random.Random(0), text)
    assert spun != text and is_spun(spun) and not is_spun(text)
    # every pair can apply: with enough rolls each original word is seen replaced
    seen = {orig for n in range(30) for orig, word in bc._spin_pairs()
            if orig in text and word in bc.spin(random.Random(n), text)}
    assert {"安全", "原则"} & seen


def test_traditional_pinyin_annotates_converted_characters():
    out = bc.traditional_pinyin(random.Random(1), "发展安全生产")
    assert "發(fā)" in out and "產(chǎn)" in out and "安全" in out


def test_add_noise_reports_kinds_and_mix_follows_rates(tmp_path, sentences):
    mix = Counter()
    bc.write_raw_corpus(tmp_path / "src", 300, seed=4, chars=200, sentences=sentences, mix=mix)
    for kind, (rate, _) in bc.NOISE_RATES.items():
        assert abs(mix[kind] / 300 - rate) < 0.1, kind
    assert sum(mix[f] for f in ("txt (UTF-8)", "txt (GB18030)", "html", "docx")) == 300
    assert mix["txt (GB18030)"] and mix["html"] and mix["docx"]
    lines = bc.describe_mix(mix, 300)
    assert lines[0].startswith("chrome: ") and lines[-1].startswith("forms: ")
    rng = random.Random(8)
    title, body = bc.make_document(rng, sentences, 600, year=2020)
    for _ in range(50):
        _, noisy, kinds = bc.add_noise(rng, title, body)
        text = "\n".join(line for line, _ in noisy)
        if "spun" in kinds:
            assert text != "\n".join(line for line, _ in body)
        if "traditional_pinyin" in kinds:
            assert re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)", text)
        if "chrome" in kinds:
            assert any(line in bc.CHROME for line, _ in noisy)
