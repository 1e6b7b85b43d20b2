"""Evaluation of the importer on corpora with known answers (in the manner of
trafilatura's evaluation): `python -m safety_month.importer.evaluate [options]`.

Two corpora are scored:

* tests/corpus/ (issue 16): real pages, each imported whole (read -> clean -> structure ->
  render) and checked against what a careful editor's page must keep, drop and carry as
  metadata (tests/corpus/README.md). The cases are split once by a hash of their URL into a
  "tune" half, whose failures are listed in detail, and a "held" half, of which only the
  scores and the number of failures of each kind are ever printed: rules are written against
  the tune half, and the held half says whether they generalise.
* tests/fixtures/eval/ (below): the clean stage alone on hand-made cases with expected text.

Options: --corpus DIR / --sources DIR (the fixtures and the seeds), --real DIR (the real
corpus, default tests/corpus), --no-real / --no-fixtures (skip one), --quiet (scores and
failure counts only, no tune-half detail).

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
import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .clean import clean
from .model import CleanResult, RawDocument
from safety_month.pages.reader import fields as front_matter, front_block

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


# --- the real corpus (tests/corpus, issue 16) ------------------------------------------------

DEFAULT_REAL = REPO / "tests" / "corpus"
HALVES = ("tune", "held")
LEVELS = ("core", "stretch")
# Expectation keys in the order failures are listed; "import" is a case whose import failed
# (every check of it counts as failed).
KINDS = ("keep", "keep_unspun", "drop", "title", "year", "speaker", "role", "headings", "import")


def split_of(url: str) -> str:
    """The corpus's fixed split (tests/corpus/README.md): tune or held, from the URL alone."""
    return "tune" if int(hashlib.sha256(url.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0 else "held"


_ATTR_LIST = re.compile(r"\{:[^}]*\}")
_TAG = re.compile(r"<[^>]+>")
_ESCAPE = re.compile(r"\\(.)")
_MARKUP = re.compile(r"[*_#>`]")
_SPACE = re.compile(r"\s+")


def plain(markdown: str) -> str:
    """Page text as a reader sees it, with all whitespace and Markdown/HTML markup removed
    (how the corpus's expectations are meant to be checked)."""
    text = _TAG.sub("", _ATTR_LIST.sub("", markdown))
    text = _ESCAPE.sub(r"\1", html.unescape(text))
    return _SPACE.sub("", _MARKUP.sub("", text))


def _flat(value: object) -> str:
    return _SPACE.sub("", str(value))


def _body(page: str) -> str:
    block = front_block(page)
    if block is None:
        return page
    return page[page.index(block) + len(block):].split("\n", 1)[-1]


@dataclass
class Check:
    kind: str          # one of KINDS
    ok: bool
    what: str          # what was expected and what came out (printed for the tune half only)


def check_pages(spec: dict, pages: list[str]) -> list[Check]:
    """The checks of one expectation level (expect.core or expect.stretch) on the page texts
    an import produced (several pages when a compilation was split)."""
    metas = [front_matter(p) or {} for p in pages]
    bodies = [_body(p) for p in pages]
    body = "".join(plain(b) for b in bodies)
    titles = "".join(plain(str(m.get("title", ""))) for m in metas)
    meta = metas[0] if metas else {}
    out: list[Check] = []
    for kind in ("keep", "keep_unspun"):
        for phrase in spec.get(kind) or []:
            want = _flat(phrase)
            out.append(Check(kind, want in body or want in titles, f"{kind} {phrase}"))
    for phrase in spec.get("drop") or []:
        want = _flat(phrase)
        out.append(Check("drop", want not in body and want not in titles, f"drop {phrase}"))
    for key in ("title", "year", "speaker", "role"):
        if key in spec:
            got = meta.get(key)
            out.append(Check(key, got is not None and _flat(spec[key]) == _flat(got),
                             f"{key} {spec[key]!r}, got {got!r}"))
    if spec.get("headings"):
        heads = [plain(line) for b in bodies for line in b.splitlines() if line.startswith("#")]
        for h in spec["headings"]:
            want = _flat(h)
            out.append(Check("headings", any(want in x for x in heads), f"heading {h}"))
    return out


@dataclass
class Tally:
    passed: int = 0
    total: int = 0

    @property
    def percent(self) -> float:
        return round(100 * self.passed / self.total, 1) if self.total else 0.0


@dataclass
class RealEvaluation:
    """Scores per (half, level); failure counts per (half, level, kind); the tune half's
    failures as text. Nothing about a single held case is kept."""
    tallies: dict[tuple[str, str], Tally]
    failure_counts: dict[tuple[str, str, str], int]
    tune_failures: list[str]
    cases: dict[str, int]

    def percent(self, half: str, level: str) -> float:
        return self.tallies[(half, level)].percent


def _import_pages(source: Path) -> list[str]:
    from .pipeline import default_pipeline, plan_source
    from .read import read_source_with_reports

    raw, reports = read_source_with_reports(source)
    plan = plan_source(raw, reports, f"sources/{source.name}", default_pipeline())
    return [p.text for p in plan.pages]


def evaluate_real(corpus: Path = DEFAULT_REAL) -> RealEvaluation:
    tallies = {(h, lv): Tally() for h in HALVES for lv in LEVELS}
    counts: dict[tuple[str, str, str], int] = {}
    tune_failures: list[str] = []
    cases = {h: 0 for h in HALVES}
    for case_dir in sorted(p for p in (corpus / "cases").iterdir() if (p / "case.yml").is_file()):
        spec = yaml.safe_load((case_dir / "case.yml").read_text(encoding="utf-8")) or {}
        half = split_of(spec["url"])
        cases[half] += 1
        sources = sorted(case_dir.glob("source.*"))
        try:
            pages = _import_pages(sources[0])
            error = None
        except Exception as exc:  # noqa: BLE001 - a failed import is a scored outcome
            pages, error = [], f"{type(exc).__name__}: {exc}"
        for level in LEVELS:
            checks = check_pages((spec.get("expect") or {}).get(level) or {}, pages)
            if error is not None:
                checks = [Check("import", False, f"import failed ({error}); {c.what}")
                          for c in checks]
            tally = tallies[(half, level)]
            tally.total += len(checks)
            tally.passed += sum(c.ok for c in checks)
            for c in checks:
                if not c.ok:
                    key = (half, level, c.kind)
                    counts[key] = counts.get(key, 0) + 1
                    if half == "tune":
                        tune_failures.append(f"{case_dir.name} {level}: {c.what}")
    return RealEvaluation(tallies, counts, tune_failures, cases)


def report_real(ev: RealEvaluation, *, detail: bool = True) -> list[str]:
    lines = []
    if detail:
        lines += [f"  FAIL {f}" for f in ev.tune_failures]
    for half in HALVES:
        for level in LEVELS:
            t = ev.tallies[(half, level)]
            kinds = ", ".join(f"{k} {ev.failure_counts[(half, level, k)]}" for k in KINDS
                              if ev.failure_counts.get((half, level, k)))
            lines.append(f"real {half} {level:<7s} {t.passed:4d}/{t.total:<4d} = {t.percent:5.1f} %"
                         f"  ({ev.cases[half]} cases; failures: {kinds or 'none'})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="hand-made fixtures of the clean stage (default tests/fixtures/eval)")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES,
                        help="where the seeds named in the fixtures' seeds.yml are")
    parser.add_argument("--real", type=Path, default=DEFAULT_REAL,
                        help="the real-page corpus (default tests/corpus)")
    parser.add_argument("--no-real", action="store_true", help="skip the real-page corpus")
    parser.add_argument("--no-fixtures", action="store_true", help="skip the fixtures")
    parser.add_argument("--quiet", action="store_true",
                        help="scores and failure counts only (no per-case lines)")
    args = parser.parse_args(argv)
    status = 0
    if not args.no_fixtures:
        ev = evaluate(args.corpus, args.sources)
        for c in ev.cases:
            if args.quiet and not c.failures:
                continue
            sim = "   -  " if c.similarity is None else f"{100 * c.similarity:6.2f}"
            print(f"{sim}  {c.checks - len(c.failures):3d}/{c.checks:<3d} {c.name}")
            for f in c.failures:
                print(f"          FAIL {f}")
        print(f"fixtures score {ev.score:.2f}  checks {ev.checks - len(ev.failed)}/{ev.checks}")
        status = 0 if not ev.failed else 1
    if not args.no_real and args.real.is_dir():
        for line in report_real(evaluate_real(args.real), detail=not args.quiet):
            print(line)
    return status


if __name__ == "__main__":
    sys.exit(main())
