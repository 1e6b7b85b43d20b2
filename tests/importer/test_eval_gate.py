"""Quality gate: the clean stage's score on tests/fixtures/eval must not drop."""

from safety_month.importer.evaluate import evaluate, similarity

# Pinned from `python -m safety_month.importer.evaluate`; raise it when the cleaner improves.
PINNED_SCORE = 99.9
PINNED_MIN_CHECKS = 260


def test_score_does_not_drop():
    ev = evaluate()
    assert len([c for c in ev.cases if c.similarity is not None]) >= 12
    assert ev.score >= PINNED_SCORE, ev.score
    assert ev.checks >= PINNED_MIN_CHECKS
    assert not ev.failed, ev.failed


def test_similarity_measure():
    assert similarity("安全生产", "安全生产\n") == 1.0
    assert 0 < similarity("安全生产月", "安全生产") < 1
    assert similarity("甲乙", "丙丁") == 0.0
