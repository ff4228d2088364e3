"""``revitalize uncertainty io|ahp|flq|entropy``: how stable are the rankings?

Each command runs a Monte Carlo (or bootstrap) of one method and prints one row per item
(sector, criterion, alternative): the point estimate, mean, sd and percentile interval of every
metric, the rank distribution summary (median, interval, mode, probability of keeping the
point rank) and, for IO, the probability of each key-sector class. See
:mod:`revitalize.uncertainty` for the rules.

* ``io SOURCE`` -- noise on the technical coefficients of an IO table (``SOURCE``, ``--province``,
  ``--year``, ``--technology``... as ``revitalize io linkages``);
* ``ahp FILE`` -- judgments moved on the Saaty scale and/or experts resampled;
* ``flq NATIONAL --province P --from-provincial FILE | --regional-output FILE`` -- a distribution
  over the FLQ/AFLQ delta;
* ``entropy MATRIX --criteria SPEC`` -- bootstrap of the alternatives (as ``evaluate entropy``).

Common options: ``--draws N``, ``--seed S`` (recorded; a seed and a chunk size give the same
numbers on any backend), ``--chunk-size``, ``--level`` (interval), ``--workers N`` (a Dask
LocalCluster of N processes on 127.0.0.1) or ``--scheduler tcp://host:8786`` (an existing Dask
cluster; the package installed on every worker), ``--threads`` (local), ``--progress``,
``--chart FILE.html`` (rank-probability heat map and interval chart, offline HTML), and
``--format``/``--output``. Warnings go to standard error and ``meta["warnings"]``.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

import typer

from revitalize.cli.io_common import (
    ImportShareOption,
    ProvinceOption,
    SourceArgument,
    TechnologyOption,
    YearOption,
    load_io_table,
)
from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, atomic_write_text, emit
from revitalize.errors import InputError
from revitalize.results import Provenance

__all__ = ["HELP", "ahp_command", "app", "entropy_command", "flq_command", "io_command"]

HELP = ("Uncertainty of rankings: Monte Carlo over IO coefficients, AHP judgments, the FLQ "
        "delta, and a bootstrap of entropy weights (local or Dask).")

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})

DrawsOption = typer.Option(1000, "--draws", "-n", help="Number of draws (>= 1).")
SeedOption = typer.Option(None, "--seed", help="Seed (integer >= 0; default: fresh entropy, "
                                               "recorded in meta).")
ChunkOption = typer.Option(None, "--chunk-size",
                           help="Draws per chunk (default: 512, fewer for large tables); part of "
                                "the reproducibility key with --seed.")
LevelOption = typer.Option(0.9, "--level", help="Level of the percentile intervals (0-1).")
WorkersOption = typer.Option(None, "--workers",
                             help="Run on a Dask LocalCluster of N worker processes "
                                  "(127.0.0.1).")
SchedulerOption = typer.Option(None, "--scheduler",
                               help="Run on an existing Dask cluster, e.g. tcp://host:8786 "
                                    "(revitalize installed on every worker).")
ThreadsOption = typer.Option(None, "--threads",
                             help="Local backend: threads running chunks (default: CPU count).")
ProgressOption = typer.Option(None, "--progress/--no-progress",
                              help="Progress bar on standard error (default: when it is a "
                                   "terminal).")
ChartOption = typer.Option(None, "--chart", dir_okay=False,
                           help="Also write the rank-stability charts (HTML, works offline).")


def _data_dir(ctx: typer.Context) -> Path | None:
    obj = ctx.find_root().obj
    return obj.get("data_dir") if isinstance(obj, dict) else None


def _run(compute: Callable, *, draws, seed, chunk_size, level, workers, scheduler, threads,
         progress, fmt, output, chart, title: str, provenance=()) -> None:
    """Run ``compute(**run_kwargs)`` collecting warnings; print/write the result and charts."""
    kwargs = dict(draws=draws, seed=seed, chunk_size=chunk_size, level=level, workers=workers,
                  scheduler=scheduler, threads=threads,
                  progress=sys.stderr.isatty() if progress is None else progress)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = compute(**kwargs)
    messages = list(dict.fromkeys(" ".join(str(w.message).split()) for w in caught))
    for msg in messages:
        sys.stderr.write(f"warning: {msg}\n")
    meta = dict(result.meta)
    if provenance:
        meta["provenance"] = list(meta.get("provenance") or []) + [p.to_dict() for p in provenance]
    meta["warnings"] = messages
    result = type(result)(table=result.table, meta=MappingProxyType(meta), extra=result.extra)
    if chart is not None:
        from revitalize.uncertainty.charts import charts_html

        atomic_write_text(Path(chart), charts_html(result, max_items=60))
    emit(result.compact() if OutputFormat(fmt) is OutputFormat.table else result, fmt, output,
         title=title)


@app.command("io")
def io_command(
    ctx: typer.Context,
    source: str = SourceArgument,
    province: str | None = ProvinceOption,
    year: int | None = YearOption,
    technology: str = TechnologyOption,
    import_share: str = ImportShareOption,
    zero_output: str = typer.Option("raise", "--zero-output",
                                    help="Zero-output sectors: raise (default) or zero."),
    distribution: str = typer.Option(
        "lognormal", "--distribution",
        help="Noise on every coefficient a_ij: lognormal (eps = exp(sigma z), default) or "
             "uniform (eps ~ U(1-h, 1+h))."),
    sigma: float | None = typer.Option(None, "--sigma",
                                       help="Lognormal sigma (default 0.1)."),
    half_width: float | None = typer.Option(None, "--half-width",
                                            help="Uniform half-width h, 0 <= h < 1 (default "
                                                 "0.1, i.e. +-10%)."),
    column_rule: str = typer.Option(
        "redraw", "--column-rule",
        help="Drawn columns of A summing to >= 1: redraw (default), rescale (to the point "
             "column sum) or raise."),
    forward: str = typer.Option("leontief", "--forward",
                                help="Forward linkage: leontief (row sums of L) or ghosh."),
    influence_weights: str = typer.Option("none", "--influence-weights",
                                          help="none, final_demand, output, value_added."),
    sensitivity_weights: str = typer.Option("none", "--sensitivity-weights",
                                            help="none, final_demand, output, value_added."),
    rank_by: str = typer.Option(
        "influence_coefficient", "--rank-by",
        help="Ranked metric: influence_coefficient (default), sensitivity_coefficient, "
             "output_multiplier, forward_linkage."),
    draws: int = DrawsOption, seed: int | None = SeedOption,
    chunk_size: int | None = ChunkOption, level: float = LevelOption,
    workers: int | None = WorkersOption, scheduler: str | None = SchedulerOption,
    threads: int | None = ThreadsOption, progress: bool | None = ProgressOption,
    chart: Path | None = ChartOption,
    fmt: OutputFormat = FormatOption, output: Path | None = OutputOption,
) -> None:
    """Monte Carlo of influence/sensitivity coefficients, key-sector classes and ranks under
    multiplicative noise on the technical coefficients."""
    from revitalize.uncertainty.io_mc import io_monte_carlo

    def compute(**run):
        table = load_io_table(source, province=province, year=year, data_dir=_data_dir(ctx))
        return io_monte_carlo(table, distribution=distribution, sigma=sigma,
                              half_width=half_width, column_rule=column_rule, forward=forward,
                              influence_weights=influence_weights,
                              sensitivity_weights=sensitivity_weights, rank_by=rank_by,
                              technology=technology, import_share=import_share,
                              zero_output=zero_output, **run)

    _run(compute, draws=draws, seed=seed, chunk_size=chunk_size, level=level, workers=workers,
         scheduler=scheduler, threads=threads, progress=progress, fmt=fmt, output=output,
         chart=chart, title=f"io Monte Carlo: {source}")


@app.command("ahp")
def ahp_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                help="Judgments: YAML/JSON (one matrix, a group of experts, a "
                                     "hierarchy) or a filled Excel questionnaire."),
    steps: int = typer.Option(1, "--steps",
                              help="A moved judgment moves by 1..STEPS steps on the Saaty "
                                   "scale (default 1)."),
    probability: float = typer.Option(0.2, "--probability",
                                      help="Probability that a judgment moves (default 0.2; "
                                           "0 disables)."),
    resample_experts: bool = typer.Option(False, "--resample-experts",
                                          help="Bootstrap the experts of every group node."),
    method: str = typer.Option("eigenvector", "--method",
                               help="eigenvector (default), geometric or arithmetic."),
    ri_table: str = typer.Option("saaty1980", "--ri-table", help="Random-index table."),
    cr_threshold: float = typer.Option(0.1, "--cr-threshold",
                                       help="CR counted as consistent (share in meta)."),
    draws: int = DrawsOption, seed: int | None = SeedOption,
    chunk_size: int | None = ChunkOption, level: float = LevelOption,
    workers: int | None = WorkersOption, scheduler: str | None = SchedulerOption,
    threads: int | None = ThreadsOption, progress: bool | None = ProgressOption,
    chart: Path | None = ChartOption,
    fmt: OutputFormat = FormatOption, output: Path | None = OutputOption,
) -> None:
    """Monte Carlo of AHP (global) weights and ranks under perturbed judgments or resampled
    experts; meta["node_consistency"] gives each node's share of draws with CR <= threshold."""
    from revitalize.uncertainty.ahp_mc import ahp_monte_carlo

    def compute(**run):
        res = ahp_monte_carlo(file, steps=steps, probability=probability,
                              resample_experts=resample_experts, method=method,
                              ri_table=ri_table, cr_threshold=cr_threshold, name=file.name,
                              **run)
        cons = res.extra["consistency"].reset_index().to_dict(orient="records")
        return type(res)(table=res.table, meta={**res.meta, "node_consistency": cons},
                         extra=res.extra)

    _run(compute, draws=draws, seed=seed, chunk_size=chunk_size, level=level, workers=workers,
         scheduler=scheduler, threads=threads, progress=progress, fmt=fmt, output=output,
         chart=chart, title=f"AHP Monte Carlo: {file.name}")


def _regional(national, code: str, regional_output: Path | None, from_provincial: Path | None):
    if (regional_output is None) == (from_provincial is None):
        raise InputError("give exactly one of --regional-output and --from-provincial",
                         field="--regional-output/--from-provincial",
                         expected="one source of regional sector outputs")
    if from_provincial is not None:
        from revitalize.data.readers import read_provincial_io

        return read_provincial_io(from_provincial, province=code), None
    from revitalize.cli.io_regional_cmd import read_regional_output

    prov = Provenance.from_file(regional_output, source="regional sector outputs",
                                reader="io_regional_cmd.read_regional_output")
    return read_regional_output(regional_output, national, code), prov


@app.command("flq")
def flq_command(
    ctx: typer.Context,
    source: str = SourceArgument,
    province: str = typer.Option(..., "--province", "-p", help="Province (any spelling)."),
    from_provincial: Path | None = typer.Option(
        None, "--from-provincial", help="Stacked provincial IO table file: the province's "
                                        "sector outputs."),
    regional_output: Path | None = typer.Option(
        None, "--regional-output", help="CSV of the province's sector outputs (as "
                                        "'io regionalize')."),
    delta: str = typer.Option("uniform(0.1, 0.4)", "--delta",
                              help="Distribution of delta: uniform(a, b) (default uniform(0.1, "
                                   "0.4)), triangular(a, mode, b) or fixed(d)."),
    method: str = typer.Option("flq", "--method", "-m", help="flq (default) or aflq."),
    diagonal: str = typer.Option("slq", "--diagonal", help="slq (Smith-Morrison) or cilq."),
    rank_by: str = typer.Option("output_multiplier", "--rank-by",
                                help="output_multiplier (default), influence or sensitivity."),
    year: int | None = YearOption,
    technology: str = TechnologyOption,
    draws: int = DrawsOption, seed: int | None = SeedOption,
    chunk_size: int | None = ChunkOption, level: float = LevelOption,
    workers: int | None = WorkersOption, scheduler: str | None = SchedulerOption,
    threads: int | None = ThreadsOption, progress: bool | None = ProgressOption,
    chart: Path | None = ChartOption,
    fmt: OutputFormat = FormatOption, output: Path | None = OutputOption,
) -> None:
    """Monte Carlo of regional multipliers, linkages, key-sector classes and ranks over a
    distribution of the FLQ/AFLQ delta."""
    from revitalize.data.regions import region_code
    from revitalize.uncertainty.flq_mc import flq_monte_carlo

    code = region_code(province, where="--province")

    def compute(**run):
        national = load_io_table(source, year=year, data_dir=_data_dir(ctx))
        regional, prov = _regional(national, code, regional_output, from_provincial)
        return flq_monte_carlo(national, regional, delta=delta, method=method,
                               diagonal=diagonal, technology=technology, rank_by=rank_by,
                               region=code, source=prov, **run)

    _run(compute, draws=draws, seed=seed, chunk_size=chunk_size, level=level, workers=workers,
         scheduler=scheduler, threads=threads, progress=progress, fmt=fmt, output=output,
         chart=chart, title=f"{method} Monte Carlo: {source} -> {code}")


@app.command("entropy")
def entropy_command(
    matrix: Path = typer.Argument(..., exists=True, dir_okay=False,
                                  help="Decision matrix CSV (rows alternatives)."),
    criteria: str = typer.Option(..., "--criteria", "-c",
                                 help="Criteria 'name:direction,...' (+ benefit, - cost) or a "
                                      "JSON/YAML file, as 'evaluate entropy'."),
    id_column: str | None = typer.Option(None, "--id-column",
                                         help="Column of the alternative labels."),
    score: str = typer.Option(
        "none", "--score",
        help="none (rank the criteria by weight, default), weighted_sum (entropy-weighted "
             "index of min-max values) or topsis: rank the alternatives."),
    normalisation: str = typer.Option("vector", "--normalisation",
                                      help="TOPSIS normalisation: vector (default) or minmax."),
    zero_handling: str = typer.Option("shift", "--zero-handling", help="shift or zero_log."),
    epsilon: float = typer.Option(1e-4, "--epsilon", help="Shift of --zero-handling shift."),
    standardisation: str = typer.Option("minmax", "--standardisation", help="minmax or none."),
    draws: int = DrawsOption, seed: int | None = SeedOption,
    chunk_size: int | None = ChunkOption, level: float = LevelOption,
    workers: int | None = WorkersOption, scheduler: str | None = SchedulerOption,
    threads: int | None = ThreadsOption, progress: bool | None = ProgressOption,
    chart: Path | None = ChartOption,
    fmt: OutputFormat = FormatOption, output: Path | None = OutputOption,
) -> None:
    """Bootstrap (alternatives resampled with replacement) of entropy weights, and of the
    alternatives' scores and ranks with --score."""
    from revitalize.evaluate.io import parse_criteria, read_matrix
    from revitalize.uncertainty.entropy_mc import entropy_bootstrap

    def compute(**run):
        spec = parse_criteria(criteria)
        frame = read_matrix(matrix, spec, id_column)
        return entropy_bootstrap(frame, {n: d for n, d, _ in spec}, score=score,
                                 normalisation=normalisation, zero_handling=zero_handling,
                                 epsilon=epsilon, standardisation=standardisation,
                                 name=str(matrix), **run)

    prov = Provenance.from_file(matrix, source="user-supplied CSV", reader="pandas.read_csv")
    _run(compute, draws=draws, seed=seed, chunk_size=chunk_size, level=level, workers=workers,
         scheduler=scheduler, threads=threads, progress=progress, fmt=fmt, output=output,
         chart=chart, title=f"Entropy bootstrap: {matrix.name}", provenance=(prov,))
