"""``revitalize indicators NAME``: regional indicators for every province and year the data allow.

The data come from ``--data`` (a file any reader reads, or a dataset name in the store). The
reference economy is a named, recorded argument wherever a measure compares with one.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import typer

from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, emit
from revitalize.errors import InputError

HELP = ("Regional indicators: location quotients, specialisation, structural similarity, shares "
        "of the nation, convergence, R&D gap, trade dependence, financial depth.")

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})

DataOption = typer.Option(..., "--data", "-d",
                          help="Input: a file (IO tables or a panel) or a dataset name in the store.")
RegionOption = typer.Option(None, "--region", "-r", help="Keep only this region (any spelling).")
YearsOption = typer.Option(None, "--years", help="Years to keep, FIRST-LAST (e.g. 2003-2022).")
ReferenceOption = typer.Option(
    "000000", "--reference",
    help="Reference economy (any spelling): 000000/China (default), NE/Northeast, a province.")
MeasureOption = typer.Option("value_added", "--measure",
                             help="Size variable from IO tables: value_added (default) or output.")


def _load(source: str):
    path = Path(source)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reader caveats are shown by `data read`
        if path.exists():
            from revitalize.data.readers import read_any

            return read_any(path)
        from revitalize.data.store import Store

        return Store().load(source)


def _years(spec: str | None):
    if spec is None:
        return None
    try:
        first, _, last = spec.partition("-")
        return list(range(int(first), int(last or first) + 1))
    except ValueError:
        raise InputError(f"bad --years {spec!r}", field="--years", expected="FIRST-LAST, e.g. 2003-2022") from None


def _sizes(source: str, measure: str) -> pd.DataFrame:
    """Regions x sectors sizes from a file of provincial IO tables."""
    from revitalize.io.table import IOTable

    obj = _load(source)
    if not isinstance(obj, dict) or not all(isinstance(t, IOTable) for t in obj.values()):
        raise InputError("needs provincial IO tables (e.g. cn_prov_io_2017_42.csv)", file=source,
                         field="--data", expected="a stacked provincial IO file or dataset")
    if measure not in ("value_added", "output"):
        raise InputError(f"unknown measure {measure!r}", field="--measure",
                         expected="value_added or output")
    get = (lambda t: t.total_value_added()) if measure == "value_added" else (lambda t: t.output)
    return pd.DataFrame({code: get(t) for code, t in obj.items()}).T.clip(lower=0)


def _keep_region(frame: pd.DataFrame, region: str | None) -> pd.DataFrame:
    if region is None:
        return frame
    from revitalize.data.regions import members, region_code

    codes = {region_code(region, where="--region"), *members(region)}
    level = "region" if "region" in (frame.index.names or []) else None
    idx = frame.index.get_level_values(level) if level else frame.index
    return frame[idx.isin(codes)]


@app.command("lq")
def lq(data: str = DataOption, reference: str = ReferenceOption, measure: str = MeasureOption,
       region: str | None = RegionOption, fmt: OutputFormat = FormatOption,
       output: Path | None = OutputOption) -> None:
    """Location quotient of every province and sector against the reference economy
    (its sizes: its row, or the sum of all its member provinces)."""
    from revitalize.indicators.structure import location_quotient

    res = location_quotient(_sizes(data, measure), reference=reference)
    long = res.table.stack().rename("location_quotient").reset_index()
    emit(type(res)(table=_keep_region(long.set_index("region"), region).reset_index(),
                   meta={**res.meta, "measure": measure}), fmt, output)


@app.command("krugman")
def krugman(data: str = DataOption, reference: str = ReferenceOption, measure: str = MeasureOption,
            halved: bool = typer.Option(False, "--halved", help="0-1 scale instead of 0-2."),
            region: str | None = RegionOption, fmt: OutputFormat = FormatOption,
            output: Path | None = OutputOption) -> None:
    """Krugman specialisation index of every province against the reference economy."""
    from revitalize.indicators.structure import krugman_index

    res = krugman_index(_sizes(data, measure), reference=reference, halved=halved)
    emit(type(res)(table=_keep_region(res.table, region), meta=res.meta), fmt, output)


@app.command("similarity")
def similarity(data: str = DataOption, measure: str = MeasureOption,
               region: str | None = RegionOption, fmt: OutputFormat = FormatOption,
               output: Path | None = OutputOption) -> None:
    """Structural similarity (cosine of sector shares) between every pair of provinces; with
    --region, the pairs within that region (e.g. Northeast)."""
    from revitalize.indicators.structure import structural_similarity

    sizes = _sizes(data, measure)
    if region is not None:
        sizes = _keep_region(sizes, region)
    res = structural_similarity(sizes)
    emit(type(res)(table=res.extra["pairs"], meta=res.meta), fmt, output)


@app.command("share")
def share(data: str = DataOption,
          indicator: str = typer.Option("gdp", "--indicator", help="Panel indicator, e.g. gdp, population."),
          region: str = typer.Option("NE", "--region", "-r", help="Region whose share is computed."),
          reference: str = ReferenceOption, years: str | None = YearsOption,
          exclude_flags: str = typer.Option("E", "--exclude-flags",
                                            help="Quality-flag letters whose values are dropped."),
          fmt: OutputFormat = FormatOption, output: Path | None = OutputOption) -> None:
    """Share (%) of a region in the reference economy by year, beside the fact base's figures."""
    from revitalize.indicators.demography import beside_facts, share_of_reference

    res = share_of_reference(_load(data), indicator, region=region, reference=reference,
                             exclude_flags=exclude_flags, years=_years(years))
    fact_code = {"gdp": "gdp_share_of_national", "population": "population_share_of_national"}.get(indicator)
    extra = {"facts": beside_facts(res, fact_code)} if fact_code and reference in ("000000", "China", "全国") else {}
    if extra and len(extra["facts"]):
        meta = {**res.meta, "fact_base": extra["facts"].to_dict(orient="records")}
    else:
        meta = res.meta
    emit(type(res)(table=res.table, meta=meta), fmt, output)


@app.command("rd-gap")
def rd_gap(data: str = DataOption, reference: str = ReferenceOption,
           region: str | None = RegionOption, years: str | None = YearsOption,
           fmt: OutputFormat = FormatOption, output: Path | None = OutputOption) -> None:
    """R&D intensity of Liaoning, Jilin, Heilongjiang and the Northeast and the gap to the reference."""
    from revitalize.indicators.opening import rd_intensity_gap

    res = rd_intensity_gap(_load(data), reference=reference)
    t = _keep_region(res.table, region)
    if years:
        t = t[t.index.get_level_values("year").isin(_years(years))]
    emit(type(res)(table=t, meta=res.meta), fmt, output)


@app.command("trade-dependence")
def trade_dependence(data: str = DataOption, region: str | None = RegionOption,
                     fmt: OutputFormat = FormatOption, output: Path | None = OutputOption) -> None:
    """(Exports + imports) / GDP: by province from provincial IO tables (inter-provincial trade
    separately), or nationally from the NBS national series."""
    from revitalize.data.panel import Panel
    from revitalize.indicators.opening import trade_dependence_io, trade_dependence_national

    obj = _load(data)
    res = trade_dependence_national(obj) if isinstance(obj, Panel) else trade_dependence_io(obj)
    emit(type(res)(table=_keep_region(res.table, region) if not isinstance(obj, Panel) else res.table,
                   meta=res.meta), fmt, output)


@app.command("financial-depth")
def financial_depth_cmd(data: str = DataOption, fmt: OutputFormat = FormatOption,
                        output: Path | None = OutputOption) -> None:
    """(Deposits + loans) / GDP and loans / deposits from the NBS national series."""
    from revitalize.indicators.opening import financial_depth

    emit(financial_depth(_load(data)), fmt, output)


@app.command("convergence")
def convergence(data: str = DataOption,
                indicator: str = typer.Option("gdp_per_capita", "--indicator",
                                              help="Per-capita indicator of the panel."),
                years: str = typer.Option(..., "--years", help="FIRST-LAST for beta convergence."),
                fmt: OutputFormat = FormatOption, output: Path | None = OutputOption) -> None:
    """Sigma convergence by year and absolute beta convergence over FIRST-LAST (31 provinces)."""
    from revitalize.indicators.demography import beta_convergence, sigma_convergence

    span = _years(years)
    wide = _load(data).select(exclude_flags="E").wide(indicator, warn_flags=False)
    wide = wide[[c for c in wide.columns if c != "000000"]]
    beta = beta_convergence(wide, start=span[0], end=span[-1])
    sig = sigma_convergence(wide.loc[wide.index.isin(span)].dropna(axis=1))
    meta = {**sig.meta, "beta": beta.table["value"].to_dict(), "beta_meta": dict(beta.meta)}
    emit(type(sig)(table=sig.table, meta=meta), fmt, output)


@app.command("competitiveness")
def competitiveness(
    data: list[str] = typer.Option(..., "--data", "-d",
                                   help="Provincial IO files or datasets (repeat for several years)."),
    sector: list[str] = typer.Option(None, "--sector", help="Sector codes to keep (repeatable)."),
    region: list[str] = typer.Option(None, "--region", "-r",
                                     help="Provinces to report (default Liaoning, Jilin, Heilongjiang)."),
    reference: str = ReferenceOption,
    common_year: int | None = typer.Option(
        None, "--common-year", help="Put tables of different years on this year's sector list "
                                    "(matched by name) so codes compare across years."),
    incomplete_reference: str = typer.Option(
        "raise", "--incomplete-reference",
        help="raise (default) or present: use the provinces present when the reference lacks some "
             "(2002 and 2007 have no Tibet)."),
    fmt: OutputFormat = FormatOption, output: Path | None = OutputOption,
) -> None:
    """Market share (output / the reference's output) and profit level (operating surplus /
    output) of each sector by province and year, from provincial IO tables."""
    from revitalize.indicators.competitiveness import market_share_profit

    tables = [_load(d) for d in data]
    res = market_share_profit(tables, reference=reference, sectors=sector or None,
                              regions=region or ("210000", "220000", "230000"),
                              incomplete_reference=incomplete_reference, common_year=common_year)
    emit(res, fmt, output)
