"""``revitalize io aggregate`` and ``revitalize io regionalize``.

* ``aggregate SOURCE --concordance FILE|four_groups`` -- the table summed through a concordance
  (:func:`revitalize.io.aggregate.aggregate`): one row per target sector with its intermediate
  sales to every target sector, final use, imports, output and value added.
* ``regionalize SOURCE --province P (--regional-output FILE | --from-provincial FILE)
  --method slq|cilq|flq|aflq --delta D`` -- the national table scaled to a province by location
  quotients (:func:`revitalize.io.regionalize.regionalize`): per sector SLQ, output multiplier,
  influence and sensitivity coefficients. ``--validate`` (with ``--from-provincial``) prints
  instead the comparison with the province's survey table over the delta grid
  (:func:`revitalize.io.regionalize.validate_regionalization`).

``--regional-output FILE``: CSV with a column ``output`` and a column ``code`` (national sector
codes) or ``name_cn`` (sector names, matched by name); an optional ``region`` column is filtered
to ``--province``.
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import typer

from revitalize.cli.io_cmd import app
from revitalize.cli.io_common import SourceArgument, TechnologyOption, YearOption, load_io_table
from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, emit
from revitalize.errors import InputError, UnknownLabelError
from revitalize.results import Provenance, Result, build_meta

__all__ = ["AggregateSummary", "RegionalValidation", "regionalize_command"]


@dataclass(frozen=True)
class AggregateSummary(Result):
    """The aggregated table, one row per target sector."""


@dataclass(frozen=True)
class RegionalValidation(Result):
    """Regionalization errors against a survey table, one row per method and delta."""


def _data_dir(ctx: typer.Context):
    return (ctx.obj or {}).get("data_dir") if isinstance(ctx.obj, dict) else None


def _flush_warnings(caught) -> list[str]:
    messages = [" ".join(str(w.message).split()) for w in caught]
    for msg in messages:
        sys.stderr.write(f"warning: {msg}\n")
    return messages


def read_regional_output(path: Path, national, province_code: str) -> pd.Series:
    """Regional output by national code from a CSV (see the module docstring)."""
    from revitalize.data.regions import region_code
    from revitalize.data.sectors import match_sectors

    frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    if "output" not in frame.columns or not {"code", "name_cn"} & set(frame.columns):
        raise InputError(f"columns {list(frame.columns)}", file=path, field="columns",
                         expected="'output' and 'code' or 'name_cn'")
    if "region" in frame.columns:
        keep = [region_code(r, where=f"{path} row {i + 2}") == province_code
                for i, r in enumerate(frame["region"])]
        frame = frame[keep]
        if frame.empty:
            raise UnknownLabelError(f"no rows for region {province_code}", file=path,
                                    field="region", expected="rows of --province")
    if "code" in frame.columns:
        codes = frame["code"].str.strip()
    else:
        own = match_sectors(national.sectors["name_cn"], year=national.year, where=national.label)
        to_national = dict(zip(own.to_numpy(), national.codes))
        matched = match_sectors(frame["name_cn"], year=national.year, where=str(path))
        codes = pd.Series([to_national[c] for c in matched.to_numpy()], index=frame.index)
    unknown = [(int(i) + 2, c) for i, c in codes.items() if c not in set(national.codes)]
    if unknown:
        raise UnknownLabelError(f"sectors {[c for _, c in unknown]} are not in {national.label}",
                                file=path, row=[r for r, _ in unknown], field="code",
                                expected=f"national sector codes {national.codes[:3]}...")
    values = pd.to_numeric(frame["output"].str.replace(",", ""), errors="coerce")
    bad = [int(i) + 2 for i in frame.index[~(values >= 0)]]
    if bad:
        raise InputError("output is negative or not a number", file=path, row=bad,
                         field="output", expected="a non-negative number in every row")
    return pd.Series(values.to_numpy(float), index=codes.to_numpy(), name=province_code)


def _regional_input(national, province_code: str, regional_output: Path | None,
                    from_provincial: Path | None):
    if (regional_output is None) == (from_provincial is None):
        raise InputError("give exactly one of --regional-output and --from-provincial",
                         field="--regional-output/--from-provincial",
                         expected="one source of regional sector outputs")
    if from_provincial is not None:
        from revitalize.data.readers import read_provincial_io

        return read_provincial_io(from_provincial, province=province_code)
    prov = Provenance.from_file(regional_output, source="regional sector outputs",
                                reader="io_regional_cmd.read_regional_output")
    return read_regional_output(regional_output, national, province_code), prov


@app.command("regionalize")
def regionalize_command(
    ctx: typer.Context,
    source: str = SourceArgument,
    province: str = typer.Option(..., "--province", "-p",
                                 help="Province to regionalize to (any spelling)."),
    regional_output: Path | None = typer.Option(
        None, "--regional-output", help="CSV of the province's sector outputs (output and code "
                                        "or name_cn columns; optional region column)."),
    from_provincial: Path | None = typer.Option(
        None, "--from-provincial", help="Stacked provincial IO table file: take the province's "
                                        "sector outputs from it (and its survey table for "
                                        "--validate)."),
    method: str | None = typer.Option(None, "--method", "-m",
                                      help="slq, cilq, flq (default) or aflq."),
    delta: float | None = typer.Option(None, "--delta", "-d",
                                       help="FLQ/AFLQ size parameter in [0, 1) (default 0.3)."),
    diagonal: str = typer.Option("slq", "--diagonal",
                                 help="Diagonal rule: slq (Smith-Morrison, default) or cilq."),
    validate: bool = typer.Option(False, "--validate",
                                  help="Compare with the survey table of --from-provincial over "
                                       "methods and deltas 0.05..0.5 (or the given ones)."),
    survey_import_share: str = typer.Option(
        "supply", "--survey-import-share",
        help="--validate: net survey imports by m/(x+m) ('supply', default) or m/(x-e+m) "
             "('supply')."),
    year: int | None = YearOption,
    technology: str = TechnologyOption,
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Regionalize a national IO table to a province by location quotients (SLQ/CILQ/FLQ/AFLQ)."""
    from revitalize.data.regions import region_code
    from revitalize.io.regionalize import regionalize

    code = region_code(province, where="--province")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        national = load_io_table(source, year=year, data_dir=_data_dir(ctx))
        regional = _regional_input(national, code, regional_output, from_provincial)
        if validate:
            result = _validation(national, regional, method, delta, diagonal, technology,
                                 survey_import_share)
        else:
            xr, prov = regional if isinstance(regional, tuple) else (regional, None)
            result = regionalize(national, xr, method=method or "flq", delta=delta,
                                 diagonal=diagonal, technology=technology, region=code,
                                 source=prov)
    messages = _flush_warnings(caught)
    result = type(result)(table=result.table, meta={**result.meta, "warnings": messages},
                          extra=result.extra)
    emit(result, fmt, output, title=f"{national.label} -> {code} ({result.meta['method']})")


def _validation(national, regional, method, delta, diagonal, technology, share):
    from revitalize.io.regionalize import DEFAULT_DELTAS, METHODS, best_delta
    from revitalize.io.regionalize import validate_regionalization as run

    if isinstance(regional, tuple):
        raise InputError("--validate needs the survey table", field="--validate",
                         expected="--from-provincial FILE (not --regional-output)")
    frame = run(national, regional, methods=(method,) if method else METHODS,
                deltas=(delta,) if delta is not None else DEFAULT_DELTAS, diagonal=diagonal,
                technology=technology, survey_import_share=share)
    best = best_delta(frame) if frame["delta"].notna().any() else frame.iloc[0:0]
    meta = build_meta(
        "io_regionalize_validation", conventions=frame.attrs["conventions"],
        provenance=[national.provenance, regional.provenance], region=regional.region,
        best_delta={m: float(d) for m, d in zip(best["method"], best["delta"])})
    return RegionalValidation(table=frame, meta=meta)
