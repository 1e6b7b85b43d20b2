"""Evaluation of the clean stage on a corpus with known answers (in the manner of
trafilatura's evaluation): `python -m safety_month.importer.evaluate [--corpus DIR] [--sources DIR]`.

Corpus layout (tests/fixtures/eval/):
  <case>/input.txt     a noisy input, in the encoding named by case.yml
  <case>/expected.txt  the text a perfect cleaner returns
  <case>/case.yml      encoding, description, must_survive, must_vanish, hints (expected
                       meta_hints / source_url values), review_rules (rules that must list a
                       review item), report_min (rule -> least count)
  seeds.yml            the same checks (no expected text) for the real seeds in sources/

Score: the mean normalized similarity (difflib ratio, 0–100) between cleaned and expected
text over the cases; every check is reported and counted separately.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .clean import clean
from .model import CleanResult, RawDocument

REPO = Path(__file__).resolve().parents[3]
DEFAULT_CORPUS = REPO / "tests" / "fixtures" / "eval"
DEFAULT_SOURCES = REPO / "sources"


@dataclass
class CaseResult:
    name: str
    similarity: float | None           # None for seeds (no expected text)
    failures: list[str] = field(default_factory=list)
    checks: int = 0


@dataclass
class Evaluation:
    cases: list[CaseResult]

    @property
    def score(self) -> float:
        sims = [c.similarity for c in self.cases if c.similarity is not None]
        return round(100 * sum(sims) / len(sims), 2) if sims else 0.0

    @property
    def checks(self) -> int:
        return sum(c.checks for c in self.cases)

    @property
    def failed(self) -> list[str]:
        return [f"{c.name}: {f}" for c in self.cases for f in c.failures]


def similarity(a: str, b: str) -> float:
    """Normalized similarity of two texts (1.0 = identical), line ends normalized."""
    a, b = a.strip(), b.strip()
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _document(path: Path, encoding: str) -> RawDocument:
    data = path.read_bytes()
    text = data.decode(encoding)
    return RawDocument(path=str(path), sha256=hashlib.sha256(data).hexdigest(), text=text,
                       encoding=encoding, kind="txt")


def check(name: str, result: CleanResult, spec: dict) -> CaseResult:
    out = CaseResult(name, None)
    text = result.text

    def expect(ok: bool, what: str) -> None:
        out.checks += 1
        if not ok:
            out.failures.append(what)

    for s in spec.get("must_survive") or []:
        expect(s in text, f"must survive: {s}")
    for s in spec.get("must_vanish") or []:
        s = s.replace("\\n", "\n")
        expect(s not in text, f"must vanish: {s!r}")
    hints = spec.get("hints") or {}
    for key, want in hints.items():
        if key == "source_url":
            got = result.source_url
        elif key == "title_first":
            cands = result.meta_hints.get("title_candidates") or []
            got = cands[0] if cands else None
        else:
            got = result.meta_hints.get(key)
        expect(got == want, f"hint {key}: want {want!r}, got {got!r}")
    rules = {r.rule for r in result.review}
    for rule in spec.get("review_rules") or []:
        expect(rule in rules, f"review item of rule {rule}")
    counts = {r.rule: r.count for r in result.reports}
    for rule, least in (spec.get("report_min") or {}).items():
        expect(counts.get(rule, 0) >= least, f"report {rule} >= {least}, got {counts.get(rule, 0)}")
    for item in result.review:
        expect(1 <= item.line <= text.count("\n") + 1 or item.line == 0,
               f"review line {item.line} out of range")
    return out


def evaluate(corpus: Path = DEFAULT_CORPUS, sources: Path = DEFAULT_SOURCES) -> Evaluation:
    cases: list[CaseResult] = []
    for case_dir in sorted(p for p in corpus.iterdir() if (p / "case.yml").is_file()):
        spec = yaml.safe_load((case_dir / "case.yml").read_text(encoding="utf-8")) or {}
        raw = _document(case_dir / "input.txt", spec.get("encoding", "utf-8"))
        result = clean(raw)
        res = check(case_dir.name, result, spec)
        expected = (case_dir / "expected.txt").read_text(encoding="utf-8")
        res.similarity = similarity(result.text, expected)
        cases.append(res)
    seeds_file = corpus / "seeds.yml"
    if seeds_file.is_file() and sources.is_dir():
        seeds = yaml.safe_load(seeds_file.read_text(encoding="utf-8")) or {}
        for name, spec in seeds.items():
            path = sources / name
            if not path.is_file():
                cases.append(CaseResult(f"seed {name}", None, [f"missing {path}"], 1))
                continue
            result = clean(_document(path, "utf-8"))
            cases.append(check(f"seed {name}", result, spec or {}))
    return Evaluation(cases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    args = parser.parse_args(argv)
    ev = evaluate(args.corpus, args.sources)
    for c in ev.cases:
        sim = "   -  " if c.similarity is None else f"{100 * c.similarity:6.2f}"
        print(f"{sim}  {c.checks - len(c.failures):3d}/{c.checks:<3d} {c.name}")
        for f in c.failures:
            print(f"          FAIL {f}")
    print(f"score {ev.score:.2f}  checks {ev.checks - len(ev.failed)}/{ev.checks}")
    return 0 if not ev.failed else 1


if __name__ == "__main__":
    sys.exit(main())
