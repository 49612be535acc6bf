"""Batch scoring: the ``auto_*`` columns of a whole table, chunk by chunk,
optionally in several processes.

Each chunk is estimated on its own (a commitment's estimates never depend on
the other rows), so the columns are the same whatever the chunk size or the
number of processes; results are gathered in row order.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterator

from irm.errors import InvalidValueError, check_choice
from irm.models.calibration import Calibration
from irm.models.lexicon import LexiconDefinition
from irm.models.table import CommitmentTable, subset
from irm.scoring.estimate.estimates import AUTO_COLUMNS, estimate
from irm.scoring.estimate.evidence import EVIDENCE_MODES
from irm.scoring.estimate.features import READ_COLUMNS
from irm.scoring.estimate.lexicon import Lexicon, compile_lexicon

__all__ = ["score_columns", "score_chunks", "available_cores"]

#: rows estimated together: large enough for whole-array numpy, small enough to
#: keep memory flat and the progress bar moving
CHUNK = 2000


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the OS tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


#: lexicons compiled in this process, by digest (a worker gets each chunk's definition)
_COMPILED: dict[str, Lexicon] = {}


def _compiled(definition: LexiconDefinition) -> Lexicon:
    if definition.digest not in _COMPILED:
        _COMPILED[definition.digest] = compile_lexicon(definition)
    return _COMPILED[definition.digest]


def _chunk_columns(chunk: CommitmentTable, calibration: Calibration | None,
                   lexicon: LexiconDefinition | None = None,
                   evidence: str = "compact") -> dict[str, list[str]]:
    return estimate(chunk, calibration=calibration,
                    lexicon=None if lexicon is None else _compiled(lexicon)).columns(
                        evidence=evidence)


def score_chunks(table: CommitmentTable, *, calibration: Calibration | None = None,
                 lexicon: Lexicon | None = None, jobs: int = 1, chunk: int | None = None,
                 evidence: str = "compact") -> Iterator[tuple[range, dict[str, list[str]]]]:
    """The ``auto_*`` columns of ``table`` chunk by chunk, in row order, each as
    soon as it is ready (so a caller can write one chunk while later ones are
    estimated): ``(rows, columns)`` pairs. Arguments as :func:`score_columns`,
    checked at once (not when the first chunk is asked for)."""
    chunk = CHUNK if chunk is None else chunk
    check_choice("evidence", evidence, EVIDENCE_MODES)
    if chunk < 1:
        raise InvalidValueError("chunk too small", expected="at least 1 row", got=chunk)
    jobs = available_cores() if jobs == 0 else jobs
    if jobs < 1:
        raise InvalidValueError("jobs out of range", expected="0 (one per core) or more",
                                got=jobs)
    bounds = [range(start, min(start + chunk, len(table)))
              for start in range(0, len(table), chunk)]
    definition = None if lexicon is None else lexicon.definition
    return _chunks(table, bounds, calibration, definition, jobs, evidence)


def _chunks(table: CommitmentTable, bounds: list[range], calibration: Calibration | None,
            lexicon: LexiconDefinition | None, jobs: int,
            evidence: str) -> Iterator[tuple[range, dict[str, list[str]]]]:
    if jobs == 1 or len(bounds) < 2:
        for rows in bounds:
            yield rows, _chunk_columns(_read_part(table, rows), calibration, lexicon, evidence)
        return
    # spawn, not fork: safe in a process that runs threads (a notebook, a server)
    context = multiprocessing.get_context("spawn")
    workers = min(jobs, len(bounds))
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_die_with,
                               initargs=(os.getpid(),))
    try:
        pending = (pool.submit(_chunk_columns, _read_part(table, rows), calibration, lexicon,
                               evidence) for rows in bounds)
        yield from zip(bounds, _in_order(pending, ahead=2 * workers))
    except BaseException:  # interrupted, terminated, or the caller stopped reading
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _read_part(table: CommitmentTable, rows: range) -> CommitmentTable:
    """The rows of one chunk with only the columns an estimate reads: a worker is sent
    a dozen columns, not all 171 of the export (done in one process too, so that an
    estimate that read another column would differ on every path, not only in workers)."""
    part = subset(table, rows)
    return part.without_columns([c for c in part.columns if c not in READ_COLUMNS])


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now: no chunk is waited for."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()


def _die_with(parent: int) -> None:
    """In a worker: end when the parent process ends, however it ends (killed by the OOM
    killer or a supervisor, it cannot tell its workers). On Linux the kernel sends the
    signal; elsewhere a thread watches the parent."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="irm-parent-watch", daemon=True).start()


def score_columns(table: CommitmentTable, *, calibration: Calibration | None = None,
                  lexicon: Lexicon | None = None, jobs: int = 1, chunk: int | None = None,
                  progress: Callable[[int], None] | None = None,
                  evidence: str = "compact") -> dict[str, list[str]]:
    """The ``auto_*`` columns of every row of ``table``.

    ``jobs`` processes share the chunks when there is more than one chunk
    (0: one per available core); ``chunk`` rows are estimated together (default
    :data:`CHUNK`); ``progress`` is called with the number of rows done after
    each chunk. Worker processes are started fresh (spawn), so a script that
    asks for ``jobs > 1`` keeps its own work under ``if __name__ == "__main__":``.

    Examples
    --------
    >>> import irm
    >>> table = irm.read_ogp_csv(irm.sample_path())
    >>> columns = score_columns(table, chunk=5)
    >>> len(columns["auto_evidence"]) == len(table)
    True
    """
    columns: dict[str, list[str]] = {c: [] for c in AUTO_COLUMNS}
    for rows, part in score_chunks(table, calibration=calibration, lexicon=lexicon, jobs=jobs,
                                   chunk=chunk, evidence=evidence):
        for name in AUTO_COLUMNS:
            columns[name].extend(part[name])
        if progress is not None:
            progress(rows.stop)
    return columns


def _in_order(futures: Iterator[Future[dict[str, list[str]]]],
              ahead: int) -> Iterator[dict[str, list[str]]]:
    """Results of ``futures`` in order, submitting at most ``ahead`` at a time
    (``pool.map`` would pickle every chunk up front: a second copy of the text)."""
    window: deque[Future[dict[str, list[str]]]] = deque(islice(futures, ahead))
    while window:
        part = window.popleft().result()
        window.extend(islice(futures, 1))
        yield part
