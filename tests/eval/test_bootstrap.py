"""Bootstrap intervals and the paired bootstrap of --compare."""

from __future__ import annotations

import pytest

from extractor.evaluation.bootstrap import bootstrap_ci, paired_bootstrap, percentile, resamples
from extractor.evaluation.scoring import Counts


def test_resamples_are_seeded_and_draw_documents_with_replacement():
    a, b = resamples(7), resamples(7)
    assert a == b
    assert len(a) == 1000 and all(len(idx) == 7 for idx in a)
    assert any(len(set(idx)) < 7 for idx in a)  # with replacement
    assert resamples(7, seed=1) != a


def test_percentile_interpolates():
    assert percentile([0.0, 1.0], 0.5) == 0.5
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.25) == 2.0


def test_identical_documents_give_a_point_interval():
    docs = [Counts(3, 4, 5)] * 6
    ci = bootstrap_ci(docs)
    p, r = 3 / 4, 3 / 5
    assert ci["precision"] == (0.75, 0.75)
    assert ci["recall"] == (0.6, 0.6)
    assert ci["f1"] == (round(2 * p * r / (p + r), 4),) * 2


def test_interval_spans_the_documents_scores():
    docs = [Counts(10, 10, 10), Counts(0, 10, 10), Counts(5, 10, 10), Counts(8, 10, 10)]
    lo, hi = bootstrap_ci(docs)["f1"]
    # Micro F1 is 23/40; resamples range between the worst and best documents.
    assert 0.0 <= lo < 23 / 40 < hi <= 1.0


def test_paired_bootstrap_of_a_run_against_itself_is_no_change():
    docs = [Counts(3, 4, 5), Counts(1, 2, 2), Counts(4, 4, 6)]
    d = paired_bootstrap(docs, docs)
    assert (d.delta, d.low, d.high, d.significant) == (0.0, 0.0, 0.0, False)


def test_paired_bootstrap_sees_a_consistent_improvement():
    old = [Counts(5, 10, 10) for _ in range(8)]
    new = [Counts(8, 10, 10) for _ in range(8)]
    d = paired_bootstrap(old, new)
    assert d.delta == pytest.approx(0.3)
    assert d.significant and d.low > 0 and d.p_worse == 0.0


def test_paired_bootstrap_calls_a_one_document_swing_noise():
    old = [Counts(5, 10, 10) for _ in range(6)]
    new = list(old)
    new[0] = Counts(9, 10, 10)  # one document better ...
    new[1] = Counts(2, 10, 10)  # ... another worse
    d = paired_bootstrap(old, new)
    assert d.delta == pytest.approx(1 / 60)
    assert not d.significant and d.low < 0 < d.high


def test_paired_bootstrap_needs_the_same_documents():
    with pytest.raises(ValueError):
        paired_bootstrap([Counts()], [Counts(), Counts()])
