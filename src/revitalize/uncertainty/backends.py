"""Where the Monte Carlo chunks run: locally (vectorised chunks on a few threads) or on Dask.

Every driver describes one chunk as a module-level *task* ``task(payload, rng, size) -> dict of
arrays`` (each with ``size`` rows) and hands it with its *payload* (a small frozen dataclass of
numpy arrays: the point coefficients, judgments, quotients...) to :func:`run_chunks`, which

1. lays out the chunks (:func:`revitalize.uncertainty.draws.chunk_layout`) and gives chunk ``i``
   its generator (child ``i`` of ``SeedSequence(seed)``, :func:`~revitalize.uncertainty.draws.
   chunk_generator`) -- the same whatever the backend and the number of workers;
2. runs the chunks:

   * ``backend="local"`` (default): in this process, each chunk vectorised over its draws
     (``(k, n, n)`` stacks, batched LAPACK; no Python loop per draw), the chunks spread over
     ``threads`` threads (numpy's batched linear algebra and random fills release the GIL)
     with one BLAS thread each;
   * Dask (``workers=N``: a ``distributed.LocalCluster`` of ``N`` single-threaded worker
     *processes* on 127.0.0.1, no dashboard, quiet logs, closed afterwards; or
     ``scheduler="tcp://host:8786"``: an existing cluster). The payload is put once into the
     task graph (``dask.delayed``, one node every chunk task depends on), one task per chunk
     index is computed (``client.compute``), progress follows ``distributed.as_completed``;

3. gathers the chunk outputs *in chunk order* and concatenates them, so that the result is
   identical (bit for bit on one software stack) on every backend and worker count.

Running on several machines. The same code scales past one machine with a Dask cluster
(``dask scheduler`` / ``dask worker``; ``dask-scheduler`` / ``dask-worker`` in older
releases)::

    # on the scheduler machine
    dask scheduler --port 8786                     # listens on tcp://<host>:8786
    # on every worker machine (the package installed there: pip install revitalize)
    dask worker tcp://<host>:8786 --nworkers 4 --nthreads 1
    # on the client
    revitalize uncertainty io table.csv --draws 100000 --scheduler tcp://<host>:8786

or, in Python, ``io_monte_carlo(table, draws=100_000, scheduler="tcp://<host>:8786")``.
Tasks refer to the package's functions by name (``revitalize.uncertainty.*``), so the package
(same version) must be installed on every worker. The data travel as numpy arrays inside the
task graph (the payload node: a few hundred kB for a 153-sector table), never as file paths, so
workers need no access to the input files; the client reads the files, the workers only
compute, and the draws come back as numpy arrays. One thread per worker (``--nthreads 1``)
keeps BLAS single-threaded, as here; Dask's nannies already set ``OMP_NUM_THREADS=1``.
Different CPUs or BLAS builds on the workers may change results in the last bits of floating
point only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from revitalize.errors import InputError
from revitalize.uncertainty.draws import (
    check_chunk_size,
    check_draws,
    check_level,
    chunk_generator,
    chunk_layout,
    default_chunk_size,
    resolve_seed,
)

__all__ = ["Execution", "RunOptions", "execution_plan", "run_chunk", "run_chunks", "run_options"]

SEED_RULE = ("chunk i of chunk_size draws uses numpy.random.default_rng(SeedSequence(seed, "
             "spawn_key=(i,))), i.e. child i of SeedSequence(seed).spawn(); results depend on "
             "seed and chunk_size only, not on the backend or the number of workers")

Task = Callable[[Any, np.random.Generator, int], dict[str, np.ndarray]]


@dataclass(frozen=True)
class Execution:
    """How the chunks run: ``backend`` ``"local"`` (``threads``) or ``"dask"`` (``workers`` of
    a LocalCluster, or an existing ``scheduler``). Never changes the results."""

    backend: str
    threads: int | None = None
    workers: int | None = None
    scheduler: str | None = None

    def describe(self) -> dict[str, Any]:
        if self.backend == "local":
            return {"backend": "local", "threads": self.threads}
        if self.scheduler is not None:
            return {"backend": "dask", "scheduler": self.scheduler}
        return {"backend": "dask", "local_cluster_workers": self.workers}


def execution_plan(workers: int | None = None, scheduler: str | None = None,
                   threads: int | None = None) -> Execution:
    """Validate the backend options (``workers`` and ``scheduler`` exclude each other)."""
    if workers is not None and scheduler is not None:
        raise InputError("both workers and scheduler given", field="workers/scheduler",
                         expected="workers (a LocalCluster) or scheduler (an existing cluster)")
    if workers is not None:
        if not isinstance(workers, (int, np.integer)) or isinstance(workers, bool) or workers < 1:
            raise InputError(f"workers={workers!r}", field="workers", expected="an integer >= 1")
        return Execution("dask", workers=int(workers))
    if scheduler is not None:
        if not isinstance(scheduler, str) or not scheduler.strip():
            raise InputError(f"scheduler={scheduler!r}", field="scheduler",
                             expected="a Dask scheduler address such as tcp://host:8786")
        return Execution("dask", scheduler=scheduler.strip())
    if threads is None:
        threads = os.cpu_count() or 1
    if not isinstance(threads, (int, np.integer)) or isinstance(threads, bool) or threads < 1:
        raise InputError(f"threads={threads!r}", field="threads", expected="an integer >= 1")
    return Execution("local", threads=int(threads))


@dataclass(frozen=True)
class RunOptions:
    """Validated options shared by every driver."""

    draws: int
    seed: int
    chunk_size: int
    level: float
    execution: Execution
    progress: bool = False

    def meta(self) -> dict[str, Any]:
        """The ``meta`` entries of a run: draws, seed, chunks, interval level, execution."""
        lo, hi = (1.0 - self.level) / 2.0, (1.0 + self.level) / 2.0
        return {"draws": self.draws, "seed": self.seed, "chunk_size": self.chunk_size,
                "chunks": len(chunk_layout(self.draws, self.chunk_size)), "level": self.level,
                "interval": f"percentile, level {self.level:g}: quantiles {lo:g} and {hi:g} of "
                            "the draws (numpy 'linear'); rank intervals and medians are observed "
                            "ranks (numpy 'inverted_cdf')",
                "rank_rule": "rank 1 = largest value; ties share the smallest rank",
                "seed_rule": SEED_RULE, "execution": self.execution.describe()}


def run_options(*, draws, seed, chunk_size, level, workers, scheduler, threads=None,
                progress: bool = False, problem_size: int = 1) -> RunOptions:
    """Validate the common options; ``chunk_size=None`` takes
    :func:`~revitalize.uncertainty.draws.default_chunk_size` of ``problem_size``."""
    draws = check_draws(draws)
    chunk = default_chunk_size(problem_size) if chunk_size is None else check_chunk_size(chunk_size)
    return RunOptions(draws=draws, seed=resolve_seed(seed), chunk_size=chunk,
                      level=check_level(level),
                      execution=execution_plan(workers, scheduler, threads),
                      progress=bool(progress))


def run_chunk(task: Task, payload: Any, seed: int, index: int, size: int) -> dict[str, np.ndarray]:
    """Run chunk ``index`` of ``size`` draws with its own generator."""
    return task(payload, chunk_generator(seed, index), size)


def _combine(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    if len(parts) == 1:  # one chunk: no copy
        return dict(parts[0])
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


@contextlib.contextmanager
def _progress(enabled: bool, total: int, label: str) -> Iterator[Callable[[], None]]:
    """A rich progress bar on standard error (or a no-op); yields ``advance()``."""
    if not enabled:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=False) as bar:
        job = bar.add_task(label, total=total)
        yield lambda: bar.advance(job)


def _run_local(task, payload, seed, sizes, threads, advance) -> list[dict[str, np.ndarray]]:
    from threadpoolctl import threadpool_limits

    def one(i: int) -> dict[str, np.ndarray]:
        out = run_chunk(task, payload, seed, i, sizes[i])
        advance()
        return out

    with threadpool_limits(1):
        if threads == 1 or len(sizes) == 1:
            return [one(i) for i in range(len(sizes))]
        with ThreadPoolExecutor(max_workers=min(threads, len(sizes))) as pool:
            return list(pool.map(one, range(len(sizes))))


@contextlib.contextmanager
def _client(execution: Execution):
    from distributed import Client, LocalCluster

    if execution.scheduler is not None:
        try:
            client = Client(execution.scheduler, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(f"cannot reach the Dask scheduler ({exc})", field="scheduler",
                             expected="a running dask-scheduler address such as "
                                      "tcp://host:8786") from None
        with client:
            yield client
        return
    with warnings.catch_warnings():
        # no dashboard; the scheduler's small HTTP server moves to a free port when 8787 is
        # taken (another cluster), which distributed announces with a UserWarning
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        cluster = LocalCluster(n_workers=execution.workers, threads_per_worker=1,
                               processes=True, host="127.0.0.1", dashboard_address=None,
                               silence_logs=logging.ERROR)
    with cluster, Client(cluster, set_as_default=False) as client:
        yield client


def _run_dask(task, payload, seed, sizes, execution, advance) -> list[dict[str, np.ndarray]]:
    import dask
    from distributed import as_completed

    data = dask.delayed(payload, pure=True)  # one graph node holding the arrays
    chunk = dask.delayed(run_chunk, pure=False)  # unique keys, no re-hashing of the payload
    with _client(execution) as client:
        futures = client.compute([chunk(task, data, seed, i, size)
                                  for i, size in enumerate(sizes)])
        for _ in as_completed(futures, loop=client.loop):
            advance()
        return client.gather(futures)


def run_chunks(task: Task, payload: Any, options: RunOptions,
               label: str = "draws") -> dict[str, np.ndarray]:
    """Run ``options.draws`` draws of ``task`` in chunks; concatenate the outputs in chunk order.

    ``task`` and ``payload`` as in the module docstring; ``options`` from :func:`run_options`
    (with ``progress``, a rich progress bar on standard error advances per finished chunk).
    """
    sizes = chunk_layout(options.draws, options.chunk_size)
    ex = options.execution
    text = f"{label}: {options.draws} draws in {len(sizes)} chunks"
    with _progress(options.progress, len(sizes), text) as advance:
        if ex.backend == "local":
            parts = _run_local(task, payload, options.seed, sizes, ex.threads, advance)
        else:
            parts = _run_dask(task, payload, options.seed, sizes, ex, advance)
    return _combine(parts)
