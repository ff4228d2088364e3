"""``revitalize evaluate extension`` (matter-element extension evaluation of a YAML
configuration) and ``revitalize evaluate system`` (a declared indicator system on provincial
panels: subsystem indices, score, rank and coupling coordination per province-year).

Records: ``extension`` -- ``{object, grade, grade_index, K_1..K_m, j_star}``; ``system`` --
``{region, region_en, region_cn, year, <subsystems>, score, rank, n_ranked, coupling_C,
coupling_T, coupling_D, coupling_class}``. The methods and every convention are in ``meta``
(see :mod:`revitalize.evaluate.extension` and :mod:`revitalize.evaluate.system`).
"""

from __future__ import annotations

import dataclasses
import re
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

import typer

from revitalize.cli.evaluate_cmd import app
from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, emit
from revitalize.errors import InputError
from revitalize.results import Result

__all__ = ["extension", "parse_years", "system"]


def parse_years(text: str | None) -> list[int] | None:
    """``"2015"``, ``"2011-2015"`` or ``"2011,2013,2015-2016"`` -> sorted years (None for None)."""
    if text is None:
        return None
    years: set[int] = set()
    for part in (p.strip() for p in text.split(",") if p.strip()):
        m = re.fullmatch(r"(\d{4})(?:\s*-\s*(\d{4}))?", part)
        if not m or (m.group(2) and int(m.group(2)) < int(m.group(1))):
            raise InputError(f"years {part!r}", field="--years",
                             expected="YYYY, YYYY-YYYY (ascending) or a comma-separated list")
        years.update(range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1))
    if not years:
        raise InputError("no years given", field="--years", expected="e.g. 2011-2015")
    return sorted(years)


def _with_warnings(compute: Callable[[], Result]) -> Result:
    """Run ``compute``; print each distinct warning once to standard error as ``warning: ...``
    (also when it fails) and keep them in ``meta["warnings"]``."""
    texts: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = compute()
        finally:
            texts = list(dict.fromkeys(" ".join(str(w.message).split()) for w in caught))
            for text in texts:
                sys.stderr.write(f"warning: {text}\n")
    meta = {**dict(result.meta), "warnings": texts}
    return dataclasses.replace(result, meta=MappingProxyType(meta))


@app.command("extension")
def extension(
    config: Path = typer.Argument(..., help="YAML configuration: grades, indicators with nodal "
                                            "and classical domains and weights (and objects)."),
    values: Path | None = typer.Option(None, "--values", "-v", dir_okay=False,
                                       help="Objects to grade: CSV (object, one column per "
                                            "indicator) or YAML {object: {indicator: value}}; "
                                            "default: the objects in CONFIG."),
    variant: str | None = typer.Option(None, "--variant",
                                       help="Dependent function: elementary (default; Cai's "
                                            "piecewise form with the nodal domain) or simple."),
    outside: str | None = typer.Option(None, "--outside",
                                       help="Values outside the nodal domain: raise (default), "
                                            "clip (to the nodal bound, warned) or allow."),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Grade objects by matter-element extension evaluation (Cai Wen): degrees K_j per grade,
    the grade of largest degree and the grade-variable characteristic value j*."""
    from revitalize.evaluate.extension import (
        evaluate_extension,
        load_extension_config,
        read_extension_values,
    )

    def compute() -> Result:
        model, objects, options = load_extension_config(config)
        if values is not None:
            objects = read_extension_values(values)
        if objects is None:
            raise InputError("no objects to evaluate", file=config, field="objects",
                             expected="objects in the configuration or --values FILE")
        options.update({k: v for k, v in (("variant", variant), ("outside", outside)) if v})
        return evaluate_extension(objects, model, **options)

    emit(_with_warnings(compute), fmt, output, title="Matter-element extension evaluation")


@app.command("system")
def system(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Indicator system: a shipped name (five_securities, "
                                         "economy_society_environment) or a YAML file."),
    data: list[str] = typer.Option(..., "--data", "-d",
                                   help="Panels: a directory holding the datasets (e.g. "
                                        "../shared/data), panel CSV files or store dataset "
                                        "names, as [dataset=]ref; repeat or comma-separate."),
    years: str | None = typer.Option(None, "--years", "-y",
                                     help="Years reported: 2015, 2011-2015 or 2011,2015."),
    region: str | None = typer.Option(None, "--region", "-r",
                                      help="Regions reported (any spelling; NE = the three "
                                           "Northeast provinces); comma-separated."),
    weights: str | None = typer.Option(None, "--weights",
                                       help="Override every declared weight method: equal, "
                                            "entropy or critic."),
    coupling: bool = typer.Option(True, "--coupling/--no-coupling",
                                  help="Add the coupling coordination of the subsystems."),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Evaluate an indicator system for every province and year with complete data: subsystem
    indices, overall score, rank within the year and coupling coordination. Ranks and the
    min-max normalisation always use every province; --years/--region only select rows."""
    from revitalize.evaluate.system import evaluate_system, load_panels
    from revitalize.evaluate.systems import load_system

    spec = load_system(name)
    wanted_years = parse_years(years)
    regions = [r.strip() for r in region.split(",") if r.strip()] if region else None

    def compute() -> Result:
        panels = load_panels([d for item in data for d in item.split(",")],
                             data_dir=(ctx.obj or {}).get("data_dir"),
                             needed=spec.datasets_needed())
        return evaluate_system(spec, panels, years=wanted_years, regions=regions,
                               weight_method=weights, coupling=coupling)

    emit(_with_warnings(compute), fmt, output, title=spec.title)
