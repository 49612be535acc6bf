"""Batch scoring: chunks and processes never change the columns."""

from __future__ import annotations

import pytest

import irm
from irm.scoring.estimate import batch
from irm.scoring.estimate.batch import score_columns
from irm.scoring.estimate.estimates import AUTO_COLUMNS, estimate


@pytest.fixture(scope="module")
def sample():
    return irm.read_ogp_csv(irm.sample_path())


def test_chunks_and_processes_give_the_whole_table_columns(sample, monkeypatch):
    """Four-row chunks shared by two processes give what one estimate of the table gives."""
    from concurrent.futures import ProcessPoolExecutor

    pools: list[int] = []

    class Recorded(ProcessPoolExecutor):
        def __init__(self, workers, **kwargs):
            pools.append(workers)
            super().__init__(workers, **kwargs)

    monkeypatch.setattr(batch, "ProcessPoolExecutor", Recorded)
    whole = estimate(sample).columns()
    done: list[int] = []
    parallel = score_columns(sample, chunk=4, jobs=2, progress=done.append)
    assert pools == [2]  # the chunks really went to two processes
    assert parallel == whole
    assert list(parallel) == list(AUTO_COLUMNS)
    assert done == [4, 8, 12, 13]
    assert score_columns(sample, chunk=5, jobs=1) == whole


@pytest.mark.parametrize("kwargs", [{"jobs": -1}, {"chunk": 0}])
def test_bad_jobs_or_chunk_named(sample, kwargs):
    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=name):
        score_columns(sample, **kwargs)


def test_chunks_are_sent_a_few_at_a_time():
    """At most ``ahead`` chunks are in flight: the next is submitted only when the oldest
    result is taken, so a large file is not copied to the workers all at once."""
    from concurrent.futures import Future

    submitted: list[int] = []

    def futures():
        for k in range(6):
            submitted.append(k)
            done: Future[int] = Future()
            done.set_result(k)
            yield done

    results = batch._in_order(futures(), ahead=2)
    assert submitted == []  # nothing is sent before the first result is asked for
    assert next(results) == 0 and submitted == [0, 1, 2]
    assert list(results) == [1, 2, 3, 4, 5] and submitted == list(range(6))
