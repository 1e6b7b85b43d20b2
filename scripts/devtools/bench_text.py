"""Benchmark text drawn from the real evaluation corpus (tests/corpus/cases/, 130 web pages).

The first bench generator recombined clauses of the five seeds in sources/: 99% of its Han
runs recurred, so vocabulary-dependent figures (search index size, segmentation, caches)
looked better than a real archive would. Here each case's source is run through the
importer's read and clean stages (what a page shows), cut into sentences with the seeds'
filter (devtools.bench_corpus), and the sentences of every source feed one word chain:

- words are jieba's cut (no HMM, deterministic) of each distinct sentence;
- the next word follows the last two (a second-order Markov chain), except where those two
  were only ever followed by one word in the corpus: there the chain falls back to the last
  word alone. Without that fallback most of the chain copies corpus sentences verbatim (the
  corpus is about 45,000 characters of sentences); with it sentences are new but their word
  pairs and vocabulary are the corpus's.

`han_recurrence` gives the figure the bench prints to show it: the share of Han runs (maximal
runs of Han characters) whose text occurs more than once in the texts.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from devtools import bench_corpus

CASES = Path(__file__).resolve().parents[2] / "tests" / "corpus" / "cases"
# The issue asks for text from at least this many corpus sources.
MIN_SOURCES = 80
_START = "^"
_ENDS = frozenset("。！？!?")
# A generated sentence stops at this many words even without a full stop (cycles in the chain).
MAX_WORDS = 80
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Bracketed spans stay one word, and a bracket without its partner is dropped: the chain
# would otherwise open brackets it never closes (the site's text checks stop the build;
# bench_corpus.paired is the last guard, for nested marks).
_PAIRED = re.compile(r"(（[^（）]*）|【[^【】]*】|〔[^〔〕]*〕|［[^［］]*］)")
_STRAY = re.compile(r"[（）【】〔〕［］]")


def case_texts(cases: Path = CASES) -> list[tuple[str, str]]:
    """(case id, cleaned text) of every case whose source reads and cleans, sorted by id."""
    from safety_month.importer.clean import clean
    from safety_month.importer.errors import SourceError
    from safety_month.importer.read import read_source

    out = []
    for case in sorted(p for p in cases.iterdir() if p.is_dir()):
        sources = sorted(case.glob("source.*"))
        if not sources:
            continue
        try:
            out.append((case.name, clean(read_source(sources[0])).text))
        except SourceError:
            continue
    return out


def corpus_sentences(cases: Path = CASES) -> list[tuple[str, str]]:
    """(case id, sentence): the distinct clean-looking sentences of the corpus, first source wins."""
    seen: dict[str, str] = {}
    for case, text in case_texts(cases):
        for sentence in bench_corpus.clean_sentences(text):
            seen.setdefault(sentence, case)
    return [(case, sentence) for sentence, case in seen.items()]


@dataclass
class Chain:
    """A word chain over corpus sentences; `sentence(rng)` and `heading(rng)` like
    bench_corpus.Clauses, so bench_corpus.make_document takes either."""
    pairs: dict[tuple[str, str], list[str]]
    singles: dict[str, list[str]]
    sentences: list[str]
    sources: int
    # The word pairs followed by more than one word in the corpus (the others fall back).
    branching: frozenset[tuple[str, str]] = frozenset()

    def sentence(self, rng: random.Random) -> str:
        a, b, words = _START, _START, []
        while len(words) < MAX_WORDS:
            options = self.pairs.get((a, b))
            if (a, b) not in self.branching:
                options = self.singles[b]
            word = rng.choice(options)
            words.append(word)
            if word in _ENDS:
                break
            a, b = b, word
        text = bench_corpus.paired("".join(words))
        return text if text[-1] in _ENDS else text + "。"

    def heading(self, rng: random.Random) -> str:
        return bench_corpus.heading_of(rng.choice(self.sentences))


def build_chain(sentences: list[tuple[str, str]], minimum: int = MIN_SOURCES) -> Chain:
    """The chain of these (source, sentence) pairs; ValueError when they come from fewer
    than `minimum` sources (the bench would quietly measure a narrower vocabulary)."""
    import jieba

    sources = {source for source, _ in sentences}
    if len(sources) < minimum:
        raise ValueError(f"{CASES}: sentences from only {len(sources)} sources, the bench needs {minimum}")
    jieba.setLogLevel(60)

    def words(sentence: str) -> list[str]:
        out: list[str] = []
        for i, part in enumerate(_PAIRED.split(sentence)):
            out += [part] if i % 2 else jieba.lcut(_STRAY.sub("", part), HMM=False)
        return [w for w in out if w]

    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    singles: dict[str, list[str]] = defaultdict(list)
    for _, sentence in sentences:
        seq = [_START, _START] + words(sentence)
        for i in range(2, len(seq)):
            pairs[(seq[i - 2], seq[i - 1])].append(seq[i])
            singles[seq[i - 1]].append(seq[i])
    branching = frozenset(pair for pair, nexts in pairs.items() if pair[1] == _START or len(set(nexts)) > 1)
    return Chain(dict(pairs), dict(singles), [s for _, s in sentences], len(sources), branching)


def corpus_chain(cases: Path = CASES) -> Chain:
    return build_chain(corpus_sentences(cases))


def han_recurrence(texts) -> tuple[float, int, int]:
    """(share of Han-run occurrences whose text occurs more than once, occurrences, distinct
    runs) over the texts; 0.0 share for texts without Han characters."""
    counts = Counter(run for text in texts for run in _HAN_RUN.findall(text))
    total = sum(counts.values())
    recurring = sum(n for n in counts.values() if n > 1)
    return (recurring / total if total else 0.0), total, len(counts)
