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
    from revitalize.indicators.caveats import flags_for_meta
    from revitalize.indicators.demography import beta_convergence, sigma_convergence

    span = _years(years)
    panel = _load(data)
    wide = panel.select(exclude_flags="E").wide(indicator, warn_flags=False)
    wide = wide[[c for c in wide.columns if c != "000000"]]
    beta = beta_convergence(wide, start=span[0], end=span[-1])
    sig = sigma_convergence(wide.loc[wide.index.isin(span)].dropna(axis=1))
    meta = {**sig.meta, "beta": beta.table["value"].to_dict(), "beta_meta": dict(beta.meta),
            "excluded_flags": "E (values dropped)",
            "quality_flags": flags_for_meta(panel, indicator=indicator, years=span)}
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


# ---------------------------------------------------------------------------- FDI and caveats
def _panel(source: str):
    from revitalize.data.panel import Panel

    obj = _load(source)
    if not isinstance(obj, Panel):
        raise InputError("needs a panel (region x year x indicator)", file=source, field="--data",
                         expected="a panel file, e.g. cn_prov_energy_econ_panel_long.csv")
    return obj


@app.command("fdi")
def fdi(data: list[str] = typer.Option(..., "--data", "-d",
                                       help="The NBS national panel; optionally the WDI panel too "
                                            "(repeat --data)."),
        years: str | None = YearsOption,
        facts: bool = typer.Option(False, "--facts",
                                   help="Show the fact base's Northeast figures and the national "
                                        "data of their year instead of the yearly table."),
        fmt: OutputFormat = FormatOption, output: Path | None = OutputOption) -> None:
    """National FDI / GDP: NBS actually utilised FDI (converted with the NBS USD rate) beside WDI
    BoP net inflows, and the fact base's Northeast FDI figures (provincial FDI is not in the data)."""
    from revitalize.indicators.fdi import NBS_FDI, WDI_FDI, fdi_share_of_gdp

    panels = {d: _panel(d) for d in data}
    nbs = [p for p in panels.values() if NBS_FDI in p.indicators]
    wdi = [p for p in panels.values() if WDI_FDI in p.indicators]
    if len(nbs) != 1 or len(wdi) > 1 or len(nbs) + len(wdi) != len(panels):
        raise InputError(f"cannot tell the NBS and WDI panels apart in {list(panels)}", field="--data",
                         expected=f"one panel with {NBS_FDI!r}, optionally one with {WDI_FDI!r}")
    res = fdi_share_of_gdp(nbs[0], wdi[0] if wdi else None, years=_years(years))
    meta = {**res.meta, "fact_base": res.extra["facts"].to_dict(orient="records")}
    emit(type(res)(table=res.extra["facts"] if facts else res.table, meta=meta), fmt, output)


@app.command("caveats")
def caveats(data: str = DataOption,
            indicator: list[str] = typer.Option(None, "--indicator",
                                                help="Panel indicator(s) to check (repeatable)."),
            region: str | None = RegionOption, years: str | None = YearsOption,
            rows: bool = typer.Option(False, "--rows", help="List the flagged values themselves."),
            population: bool = typer.Option(False, "--population",
                                            help="Registered-vs-resident population breaks (flag P)."),
            fmt: OutputFormat = FormatOption, output: Path | None = OutputOption) -> None:
    """Quality flags touching a selection of a panel, with counts and the legend."""
    from revitalize.indicators.caveats import population_concept_breaks, quality_flags

    panel = _panel(data)
    if population:
        res = population_concept_breaks(panel, regions=region)
        emit(type(res)(table=res.extra["rows"] if rows else res.table, meta=res.meta), fmt, output)
        return
    res = quality_flags(panel, indicator=indicator or None, regions=region, years=_years(years))
    emit(type(res)(table=res.extra["rows"] if rows else res.table, meta=res.meta), fmt, output)


@app.command("gdp-vintages")
def gdp_vintages_cmd(
    io: list[str] = typer.Option(..., "--io", help="Provincial IO file(s) (repeat for years)."),
    panel: str = typer.Option(..., "--panel", help="Provincial panel with GDP (energy panel)."),
    region: str | None = RegionOption,
    tolerance: float = typer.Option(0.05, "--tolerance",
                                    help="|TVA/GDP - 1| counted as consistent (default 0.05)."),
    fmt: OutputFormat = FormatOption, output: Path | None = OutputOption,
) -> None:
    """IO-table total value added (first release) vs the panel's GDP (revised where flagged V),
    per province and IO year, with their ratio and status."""
    from revitalize.indicators.caveats import gdp_vintages

    tables = [_io_tables(s) for s in io]
    emit(gdp_vintages(tables, _panel(panel), regions=region, tolerance=tolerance), fmt, output)


# ---------------------------------------------------------------------------- shift-share, RCA
def _io_tables(source: str) -> dict:
    from revitalize.io.table import IOTable

    obj = _load(source)
    if not isinstance(obj, dict) or not all(isinstance(t, IOTable) for t in obj.values()):
        raise InputError("needs provincial IO tables (e.g. cn_prov_io_2017_42.csv)", file=source,
                         field="--data", expected="a stacked provincial IO file or dataset")
    return obj


def _two_years(sources: list[str]) -> dict[int, dict]:
    """Provincial tables of exactly two years, grouped by year and region."""
    flat = [t for s in sources for t in _io_tables(s).values()]
    years = sorted({int(t.year) for t in flat})
    if len(years) != 2:
        raise InputError(f"the inputs hold years {years}", field="--data",
                         expected="provincial IO tables of exactly two years")
    return {y: {t.region: t for t in flat if int(t.year) == y} for y in years}


def _on_common_sector_list(by_year: dict[int, dict], common_year: int | None, keep: set[str]
                    ) -> dict[int, dict]:
    """The ``keep`` provinces' tables of both years on one sector list, reclassified by name when
    asked (as competitiveness does)."""
    from revitalize.indicators.competitiveness import common_sector_list

    flat = common_sector_list([t for tabs in by_year.values() for c, t in tabs.items() if c in keep],
                        common_year)
    return {y: {t.region: t for t in flat if int(t.year) == y} for y in by_year}


def _sizes_of(tables: dict, codes, measure: str, what: str, year: int) -> pd.Series:
    missing = [c for c in codes if c not in tables]
    if missing:
        raise InputError(f"{year}: {what} lacks tables of {missing[:5]}", field="--data",
                         expected="every member province in both years")
    get = (lambda t: t.total_value_added()) if measure == "value_added" else (lambda t: t.output)
    total = sum(get(tables[c]) for c in codes)
    if (total < 0).any():
        raise InputError(f"{year}: {what} has negative {measure} in sectors "
                         f"{total.index[total < 0].tolist()} (as published)", field="--measure",
                         expected="non-negative sizes; try --measure output")
    return total


def _reference_codes(by_year: dict, ref_code: str, incomplete: str) -> tuple[list[str], list[str]]:
    from revitalize.data.regions import members

    want = list(members(ref_code))
    common = [c for c in want if all(c in tabs for tabs in by_year.values())]
    left_out = [c for c in want if c not in common]
    if left_out and incomplete != "common":
        raise InputError(f"reference {ref_code} lacks {left_out} in one of the years",
                         field="--incomplete-reference",
                         expected="every member in both years, or --incomplete-reference common")
    return common, left_out


def _aligned(vectors: list[pd.Series], unmatched: str) -> tuple[list[pd.Series], list[str]]:
    """The four size vectors on their common sectors; sectors one year's list lacks (e.g. 2017
    code 23, repair services, which no 2007 sector maps to by name) dropped or refused."""
    common = [c for c in vectors[1].index if all(c in v.index for v in vectors)]
    extra = sorted(set().union(*(set(v.index) for v in vectors)) - set(common))
    if extra and unmatched != "drop":
        raise InputError(f"sectors {extra} have no counterpart in the other year's list",
                         field="--unmatched", expected="--unmatched drop to leave them out")
    return [v.reindex(common) for v in vectors], extra


@app.command("shift-share")
def shift_share_cmd(
    data: list[str] = typer.Option(..., "--data", "-d",
                                   help="Provincial IO files of two years (repeat --data)."),
    region: str = typer.Option(..., "--region", "-r", help="Region decomposed (province or NE)."),
    reference: str = typer.Option(..., "--reference", help="Reference economy, e.g. 000000."),
    variant: str = typer.Option("classic", "--variant", help="classic or esteban_marquillas."),
    measure: str = MeasureOption,
    common_year: int | None = typer.Option(
        None, "--common-year", help="Put both years on this year's sector list (matched by name)."),
    incomplete_reference: str = typer.Option(
        "raise", "--incomplete-reference",
        help="raise (default) or common: use the reference's provinces present in both years "
             "(2002 and 2007 have no Tibet)."),
    unmatched: str = typer.Option(
        "drop", "--unmatched",
        help="Sectors without a counterpart in the other year's list: drop (default; named in "
             "the conventions) or raise."),
    fmt: OutputFormat = FormatOption, output: Path | None = OutputOption,
) -> None:
    """Shift-share decomposition of a region's change by sector between two IO years, against a
    named reference (the sum of its member provinces), at current prices."""
    from revitalize.data.regions import members, region_code
    from revitalize.indicators.shift_share import shift_share

    if measure not in ("value_added", "output") or incomplete_reference not in ("raise", "common"):
        raise InputError(f"--measure {measure!r} / --incomplete-reference {incomplete_reference!r}",
                         field="--measure", expected="value_added|output and raise|common")
    by_year = _two_years(data)
    ref, reg = region_code(reference, where="--reference"), region_code(region, where="--region")
    ref_codes, left_out = _reference_codes(by_year, ref, incomplete_reference)
    reg_codes = list(members(reg))
    keep = set(ref_codes) | set(reg_codes)
    (y0, tabs0), (yt, tabs_t) = _on_common_sector_list(by_year, common_year, keep).items()
    vectors, dropped = _aligned([_sizes_of(tabs0, reg_codes, measure, reg, y0),
                                 _sizes_of(tabs_t, reg_codes, measure, reg, yt),
                                 _sizes_of(tabs0, ref_codes, measure, ref, y0),
                                 _sizes_of(tabs_t, ref_codes, measure, ref, yt)], unmatched)
    res = shift_share(*vectors, reference=ref, variant=variant)
    last = next(iter(tabs_t.values()))
    table = res.table.copy()
    table.insert(0, "name", [last.sectors["name_cn"].get(s, "") for s in table.index])
    conventions = {**res.meta["conventions"], "region": reg, "years": f"{y0}-{yt}",
                   "measure": measure, "prices": "current (no deflation)",
                   "sector_list": last.classification, "unmatched_sectors_dropped": dropped,
                   "reference_members_left_out": left_out}
    meta = {**res.meta, "conventions": conventions, "unit": last.unit}
    emit(type(res)(table=table, meta=meta), fmt, output)


@app.command("rca")
def rca(data: str = DataOption,
        reference: str = typer.Option(..., "--reference", help="Reference economy, e.g. 000000."),
        region: str | None = RegionOption,
        zero_reference: str = typer.Option(
            "drop", "--zero-reference",
            help="Sectors the reference does not export: drop (default, listed in meta) or raise."),
        fmt: OutputFormat = FormatOption, output: Path | None = OutputOption) -> None:
    """Revealed comparative advantage (Balassa) of every province and sector from the provincial
    IO tables' exports column EX (2012/2017 layouts), against the named reference."""
    from revitalize.data.regions import members, region_code
    from revitalize.indicators.structure import revealed_comparative_advantage

    if zero_reference not in ("drop", "raise"):
        raise InputError(f"--zero-reference {zero_reference!r}", field="--zero-reference",
                         expected="drop or raise")
    tables = _io_tables(data)
    no_ex = sorted({t.year for t in tables.values() if "EX" not in t.final_demand.columns})
    if no_ex:
        raise InputError(f"the {no_ex} tables have no exports column EX (2002: net outflow only; "
                         "2007: FU302 mixes exports and inter-provincial outflow)", file=data,
                         field="EX", expected="a 2012 or 2017 provincial IO file")
    X = pd.DataFrame({c: t.final_demand["EX"] for c, t in tables.items()}).T
    ref = region_code(reference, where="--reference")
    want = [ref] if ref in X.index else [m for m in members(ref) if m in X.index]
    zero = X.columns[X.reindex(want).sum() <= 0].tolist()
    if zero_reference == "drop":
        X = X.drop(columns=zero)
    res = revealed_comparative_advantage(X, reference=ref)
    names = next(iter(tables.values())).sectors["name_cn"]
    long = res.table.stack().rename("rca").reset_index()
    long.insert(2, "name", long["sector"].map(names))
    long.insert(3, "exports", [X.loc[r, s] for r, s in zip(long["region"], long["sector"])])
    conventions = {**res.meta["conventions"], "exports": "EX column of the provincial IO tables",
                   "zero_reference": zero_reference,
                   "dropped_sectors": zero if zero_reference == "drop" else []}
    meta = {**res.meta, "conventions": conventions}
    emit(type(res)(table=_keep_region(long.set_index("region"), region).reset_index(), meta=meta),
         fmt, output)


def _register_tasks() -> None:
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    for name in ("indicators.share", "indicators.rd_gap"):
        add_task_command(app, TASKS[name])


_register_tasks()
