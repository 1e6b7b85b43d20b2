"""devtools.bench_text: the bench's text comes from the evaluation corpus, varied and reproducible."""

from __future__ import annotations

import random

import pytest

from devtools import bench_corpus as bc
from devtools import bench_text as bt
from safety_month.importer import pipeline
from tests import paths


@pytest.fixture(scope="module")
def corpus():
    return bt.corpus_sentences()


@pytest.fixture(scope="module")
def chain(corpus):
    return bt.build_chain(corpus)


def test_sentences_come_from_at_least_80_corpus_sources(corpus, chain):
    sources = {source for source, _ in corpus}
    assert len(sources) >= bt.MIN_SOURCES == 80
    cases = {p.name for p in bt.CASES.iterdir() if p.is_dir()}
    assert sources <= cases
    assert chain.sources == len(sources)
    sentences = [s for _, s in corpus]
    assert len(sentences) == len(set(sentences))           # distinct
    for s in sentences:
        assert s[-1] in "。！？!?" and not bc._NOISE.search(s)


def test_fewer_sources_than_the_minimum_is_an_error():
    sentences = [(f"case-{i}", "各单位要认真落实安全生产责任制度。") for i in range(3)]
    with pytest.raises(ValueError, match="only 3 sources"):
        bt.build_chain(sentences)
    assert bt.build_chain(sentences, minimum=3).sources == 3


def test_chain_is_deterministic_with_a_seed(chain):
    first = [chain.sentence(random.Random(7)) for _ in range(3)]
    again = [chain.sentence(random.Random(7)) for _ in range(3)]
    other = [chain.sentence(random.Random(8)) for _ in range(3)]
    assert first == again and first != other
    rng = random.Random(1)
    for _ in range(200):
        sentence = chain.sentence(rng)
        assert sentence[-1] in "。！？!?"


def test_chain_keeps_brackets_paired():
    sentences = [(f"c{i}", s) for i, s in enumerate([
        "各单位要按照方案（试行）的要求开展检查。", "全面开展隐患排查（二）治理工作。",
        "一）要落实企业主体责任。", "【重要】认真做好安全生产月各项工作。"])]
    chain = bt.build_chain(sentences, minimum=4)
    rng = random.Random(3)
    for _ in range(300):
        s = chain.sentence(rng)
        assert s.count("（") == s.count("）") and s.count("【") == s.count("】"), s


def test_han_recurrence_counts_occurrences_of_runs_seen_twice():
    share, runs, distinct = bt.han_recurrence(["安全生产，安全生产。", "责任落实。ABC"])
    assert (runs, distinct) == (3, 2) and share == pytest.approx(2 / 3)
    assert bt.han_recurrence(["abc", ""]) == (0.0, 0, 0)


def test_chain_text_recurs_far_less_than_the_seeds_generator(chain):
    """The reason for the corpus: the seeds' clause recombination repeats nearly every run."""
    seeds = bc.Clauses(bc.usable_sentences(paths.ROOT / "sources"))
    rng_a, rng_b = random.Random(5), random.Random(5)
    chain_share = bt.han_recurrence(chain.sentence(rng_a) for _ in range(3000))[0]
    seeds_share = bt.han_recurrence(seeds.sentence(rng_b) for _ in range(3000))[0]
    assert seeds_share > 0.9 and chain_share < 0.6


def test_raw_corpus_from_the_chain_is_numbered_from_first_and_imports(tmp_path, chain):
    bc.write_raw_corpus(tmp_path / "a", 3, seed=4, chars=600, sentences=chain, first=1000)
    bc.write_raw_corpus(tmp_path / "b", 3, seed=4, chars=600, sentences=chain, first=1000)
    files = sorted((tmp_path / "a").iterdir())
    assert [f.stem for f in files] == ["01000", "01001", "01002"]
    assert [f.read_bytes() for f in files] == [f.read_bytes() for f in sorted((tmp_path / "b").iterdir())]
    run = pipeline.import_paths([str(tmp_path / "a")], tmp_path / "out")
    assert not run.failed and len(list((tmp_path / "out").rglob("*.md"))) >= 3


def test_headings_and_sentences_never_leave_a_bracket_open(chain):
    """The site's text checks stop the build at an unpaired bracket (a 1,000-speech bench run
    failed on headings cut inside （…）)."""
    from safety_month.checks import pairs

    assert bc.heading_of("各单位要按照方案（试行）的要求开展检查。") == "各单位要按照方案（试行）的要"
    assert bc.heading_of("全面开展隐患排查治理工作（试行）的要求。") == "全面开展隐患排查治理工作试"
    assert bc.paired("落实『三个必须』要求") == "落实『三个必须』要求"
    assert bc.paired("落实『三个必须要求") == "落实三个必须要求"
    rng = random.Random(11)
    for _ in range(3000):
        assert not pairs.find([(1, chain.sentence(rng))]) and not pairs.find([(1, chain.heading(rng))])
