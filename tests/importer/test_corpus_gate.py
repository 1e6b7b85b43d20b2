"""Quality gate on real pages (tests/corpus, issue 16): the importer's scores on both halves
of the corpus must not drop below the pinned figures.

The tune half is the one rules are written against; the held half is only ever scored (its
cases are never printed), so its figure says whether the rules generalise. Raise the pins
when the importer improves (`python -m safety_month.importer.evaluate --no-fixtures --quiet`
prints the current figures); never lower them to make a change pass.
"""

from __future__ import annotations

import pytest

from safety_month.importer.evaluate import (
    DEFAULT_REAL, HALVES, LEVELS, Check, check_pages, evaluate_real, plain, report_real, split_of)

# (half, level) -> least percentage of expectations met. Measured on this branch; see the
# README's evaluation section for the history.
PINNED = {
    ("tune", "core"): 99.0,
    ("tune", "stretch"): 75.0,
    ("held", "core"): 90.1,
    ("held", "stretch"): 60.0,
}


@pytest.fixture(scope="module")
def evaluation():
    return evaluate_real(DEFAULT_REAL)


def test_both_halves_are_scored(evaluation):
    # The corpus README's counts: 60 tune and 70 held cases, every level with checks.
    assert evaluation.cases == {"tune": 60, "held": 70}
    for half in HALVES:
        for level in LEVELS:
            assert evaluation.tallies[(half, level)].total > 40


@pytest.mark.parametrize("half", HALVES)
@pytest.mark.parametrize("level", LEVELS)
def test_score_does_not_drop(evaluation, half, level):
    got = evaluation.percent(half, level)
    assert got >= PINNED[(half, level)], "\n".join(report_real(evaluation, detail=False))


def test_held_half_is_never_shown_in_detail(evaluation):
    # Only counts of the held half are kept; every listed failure is a tune case.
    held = {d.name for d in (DEFAULT_REAL / "cases").iterdir()
            if (d / "case.yml").is_file() and _half(d) == "held"}
    assert held
    assert not any(line.split(" ", 1)[0] in held for line in evaluation.tune_failures)
    printed = "\n".join(report_real(evaluation, detail=True))
    assert not any(name in printed for name in held)


def _half(case_dir):
    import yaml
    return split_of(yaml.safe_load((case_dir / "case.yml").read_text(encoding="utf-8"))["url"])


PAGE = """---
title: 在安全生产月启动仪式上的讲话
year: 2023
speaker: 李明华
---

## 一、提高认识

今年是第22个全国“安全生产月”\\*

分享到：微博
"""


def test_checks_score_keep_drop_and_metadata():
    spec = {"keep": ["今年是第22个全国", "不在页面里的句子"], "drop": ["分享到", "上一篇"],
            "title": "在安全生产月启动仪式上的讲话", "year": 2022, "speaker": "李明华",
            "role": "区长", "headings": ["一、提高认识", "二、压实责任"]}
    got = {(c.kind, c.ok) for c in check_pages(spec, [PAGE])}
    assert got == {("keep", True), ("keep", False), ("drop", False), ("drop", True),
                   ("title", True), ("year", False), ("speaker", True), ("role", False),
                   ("headings", True), ("headings", False)}
    assert all(isinstance(c, Check) for c in check_pages(spec, []))
    assert not any(c.ok for c in check_pages({"keep": ["今年是第22个全国"], "year": 2023}, []))


def test_plain_removes_markup_and_escapes():
    assert plain("## 一、<b>提高</b> 认识 {: .x }\n\\*安全\\_") == "一、提高认识安全"

