"""Read region x year x indicator panels from long or wide CSV files into a :class:`Panel`.

Layouts (:data:`PANEL_LAYOUTS`):

* ``long``  -- one row per value: region, year, indicator, value, optional unit, flag, flag_note;
* ``wide``  -- one row per region-year, one column per indicator;
* ``wide_years`` -- one row per region, one column per year, a single indicator named by
  ``indicator=``.

Known shared datasets are recognised by their header columns (never by file name, see
:data:`KNOWN_PANELS`) so that their citation, units and flag legend travel with the values.
Every other file is read generically.

Rules (STYLE.md section 6): region names go through
:func:`revitalize.model.regions.region_code`; a cell that is empty or one of ``NA``, ``NaN``,
``N/A``, ``null`` is a missing value (skipped and counted in the provenance notes). The reader
raises (naming the file, its line number -- the header is line 1 --, the column and what was
expected) on an unknown region, a non-numeric or non-finite value, a year that is not a
four-digit integer, a duplicate region-year-indicator, missing columns and mixed units for one
indicator; it warns (:class:`DataQualityWarning`) when values carry quality flags, with their
counts, and when a file states no unit.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from revitalize.errors import (
    DataQualityWarning,
    InputError,
    LayoutError,
    UnknownLabelError,
    ValidationError,
)
from revitalize.errors import warn as _warn
from revitalize.model.panel import PANEL_COLUMNS, Panel
from revitalize.model.regions import REGIONS, region_code
from revitalize.results import Provenance

__all__ = ["KNOWN_PANELS", "PANEL_LAYOUTS", "UNKNOWN_UNIT", "WDI_PWT_UNITS", "KnownPanel",
           "detect_panel_layout", "read_panel"]

PANEL_LAYOUTS = ("auto", "long", "wide", "wide_years")
UNKNOWN_UNIT = "unknown"
_MISSING = {"", "na", "nan", "n/a", "null"}
_YEAR_RE = re.compile(r"^\d{4}$")

# Generic column names, in order of preference (codes before names).
_REGION_COLUMNS = ("region_code", "province_code", "region", "province", "region_cn",
                   "province_cn", "region_en", "province_en", "地区代码", "地区", "省份")
_YEAR_COLUMNS = ("year", "年份")
_INDICATOR_COLUMNS = ("indicator", "variable", "指标")
_VALUE_COLUMNS = ("value", "数值")
_LABEL_COLUMNS = frozenset(_REGION_COLUMNS) | {"name", "region_name", "province_name",
                                                "region_4", "macro_region"}

# World Bank WDI / PWT 10.01 / IMF FM columns of cn_national_wdi_pwt (units per its PROVENANCE.md).
WDI_PWT_UNITS: dict[str, str] = {
    "gdp_current_usd": "current US$",
    "household_consumption_current_usd": "current US$",
    "government_consumption_current_usd": "current US$",
    "gross_capital_formation_current_usd": "current US$",
    "exports_goods_services_current_usd": "current US$",
    "imports_goods_services_current_usd": "current US$",
    "fdi_net_inflows_pct_gdp": "% of GDP",
    "population_total": "persons",
    "labor_force_total": "persons",
    "tax_revenue_pct_gdp_imf_fm": "% of GDP",
    "pwt_rgdpo_mn_2017usd": "million 2017 US$ (chained PPPs)",
    "pwt_rkna_index_2017eq1": "index, 2017 = 1",
    "pwt_pl_gdpo": "price level, USA 2017 = 1",
    "pwt_cgdpo_mn_usd": "million US$ (current PPPs)",
    "pwt_hc_index": "index",
    "trade_pct_gdp_derived": "% of GDP",
}

# cn_prov_capital_inputs value columns (units per its PROVENANCE.md).
_CAPITAL_UNITS = {
    "gfcf_current_100m_yuan": "100 million yuan, current prices",
    "gfcf_volume_index_source": "index, previous year = 100",
    "investment_price_index_1952eq1": "index, 1952 = 1",
    "depreciation_current_100m_yuan": "100 million yuan, current prices",
}

# original/raw_data.csv of the energy panel -> indicator names of its long version.
_ENERGY_RAW_NAMES = {
    "Regional GDP": "gdp",
    "Secondary industry value added": "va_secondary",
    "Tertiary industry value added from Long": "va_tertiary",
    "GDP per capita from Long": "gdp_per_capita",
    "Industrial value added from Long": "va_industry",
    "Total electricity generation": "electricity_generation",
    "Population": "population",
    "Hydropower generation from Long": "hydropower_generation",
    "Raw coal production from Long": "raw_coal_production",
    "Non fossil electricity generation": "nonfossil_electricity_generation",
    "SO2 emissions": "so2_emissions",
    "Natural gas production from Long": "natural_gas_production",
    "Total apparent CO2 emissions (mt)": "co2_emissions_apparent",
    "Total energy consumption": "energy_consumption",
}

ENERGY_FLAG_LEGEND = {
    "E": "error: value inconsistent with official totals (GDP < 60% of the GDP implied by the "
         "NBS R&D bulletin, or mis-keyed); do not use",
    "V": "vintage: revised NBS series (post-2017 corrections, 4th economic census, post-2020-"
         "census population); usable, but do not mix with first-release vintages",
    "J": "jump: year-on-year change beyond x1.6 or x0.625 in GDP / sector value added; check",
    "S": "sector inconsistency: GDP - secondary - tertiary value added < 0 or > 45% of GDP",
    "B": "boundary: Sichuan population before 1997 includes Chongqing (double counting)",
    "P": "population concept break: household-registered (hukou), not resident population",
}
CAPITAL_FLAG_LEGEND = {
    "X": "estimated, not published: NBS stopped publishing provincial GFCF after 2017; the "
         "package author extended it with fixed-asset-investment growth (2020-2022 price index "
         "replaced by the retail price index)",
}

_ENERGY_SOURCE = ("China Statistical Yearbook / provincial yearbooks, China Energy Statistical "
                  "Yearbook, China Statistical Yearbook on Environment, CEADs via "
                  "WangMeng0734/china-provincial-energy-consumption-panel@b55589e")


@dataclass
class _Context:
    """What a parser needs: the file, the caller's keywords, and notes collected on the way."""

    path: Path
    region_col: str | None = None
    year_col: str | None = None
    indicator: str | None = None
    unit: str | Mapping[str, str] | None = None
    region_field: str = "region"
    year_field: str = "year"
    notes: list[str] = field(default_factory=list)

    @property
    def file(self) -> str:
        # the file's name, as the other readers give it: a full path would put the reader's
        # cache or the user's home directory into shared results (bundled files are read from
        # a cache directory)
        return self.path.name


@dataclass(frozen=True)
class KnownPanel:
    """A shared dataset recognised by its header: all of ``columns`` must be present."""

    name: str
    columns: frozenset[str]
    layout: str
    source: str
    parse: Callable[[pd.DataFrame, _Context], pd.DataFrame]
    flag_legend: Mapping[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------- CSV text
def _csv_frame(text: str, ctx: _Context) -> pd.DataFrame:
    """All cells as ``str`` plus ``_line`` (file line of the record); blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))  # "" : CR-only and mixed endings read
    try:
        header = [h.strip() for h in next(reader)]
        rows, lines = [], []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise LayoutError(f"record has {len(row)} fields, the header has {len(header)}",
                                  file=ctx.file, row=reader.line_num,
                                  expected="the same number of fields on every line")
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise LayoutError(f"not a readable CSV file ({exc})", file=ctx.file,
                          expected="comma-separated text") from None
    except StopIteration:
        raise LayoutError("no header row", file=ctx.file, expected="a CSV header") from None
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup or "" in header:
        raise LayoutError(f"duplicate or unnamed columns {dup or ['(empty)']}", file=ctx.file,
                          row=1, expected="distinct, non-empty column names")
    if not rows:
        raise LayoutError("header but no data rows", file=ctx.file, expected="data rows")
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    frame["_line"] = lines
    return frame


def _columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c != "_line"]


def _find(columns, wanted: str | None, candidates) -> str | None:
    if wanted is not None:
        return wanted if wanted in columns else None
    lower = {c.lower(): c for c in columns}
    return next((lower[c.lower()] for c in candidates if c.lower() in lower), None)


def _require(frame: pd.DataFrame, ctx: _Context, columns, layout: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise LayoutError(f"missing columns {missing} for the {layout} layout", file=ctx.file,
                          row=1, field="header",
                          expected=f"columns {list(columns)}; the file has {_columns(frame)}")


# ---------------------------------------------------------------------------- units
def _units_for(columns, ctx: _Context, stated: Mapping[str, str] | None) -> dict[str, str]:
    """Unit of each value column: the file's own statement, else ``unit=``, else a warning.

    ``unit=`` may be one string (every column) or a mapping column -> unit; it is refused when
    the file already states its units, so that two statements can never silently disagree.
    """
    given = ctx.unit
    if stated and given is not None:
        raise InputError("unit= given, but this file states its own units", file=ctx.file,
                         field="unit", expected="unit= only for files that state no unit")
    if isinstance(given, Mapping):
        unknown = sorted(set(given) - set(columns))
        if unknown:
            raise UnknownLabelError(f"unit= names columns {unknown} not in the file",
                                    file=ctx.file, field="unit", expected=f"some of {list(columns)}")
    out, missing = {}, []
    for col in columns:
        if stated and col in stated:
            out[col] = stated[col]
        elif isinstance(given, str):
            out[col] = given
        elif isinstance(given, Mapping) and col in given:
            out[col] = given[col]
        else:
            out[col] = UNKNOWN_UNIT
            missing.append(col)
    if missing:
        _warn(f"{ctx.file}: no unit stated for {missing}; recorded as {UNKNOWN_UNIT!r} "
                      "(pass unit=)", DataQualityWarning, stacklevel=4)
        ctx.notes.append(f"unit unknown for {len(missing)} column(s)")
    return out


# ---------------------------------------------------------------------------- shapes
def _from_long(frame, ctx, *, region, year, indicator, value, unit=None, flag=None, note=None):
    """Raw long frame (all text) from named columns of a long file."""
    ctx.region_field, ctx.year_field = region, year
    need = [c for c in (region, year, indicator, value, unit, flag, note) if c]
    _require(frame, ctx, need, "long")
    if unit is None:
        names = frame[indicator].str.strip()
        units = _units_for(sorted(names.unique()), ctx, None)
        unit_values = names.map(units)
    else:
        if ctx.unit is not None:
            raise InputError(f"unit= given, but the file states units in column {unit!r}",
                             file=ctx.file, field="unit", expected="no unit= for this file")
        unit_values = frame[unit].str.strip()
    empty = pd.Series("", index=frame.index)
    return pd.DataFrame({  # text only: checked and converted in _finish
        "line": frame["_line"], "region": frame[region], "year": frame[year],
        "indicator": frame[indicator].str.strip(), "unit": unit_values, "value": frame[value],
        "flag": frame[flag].str.strip() if flag else empty,
        "flag_note": frame[note].str.strip() if note else empty, "field": value,
    })


def _melt(frame, ctx, *, region, year, value_cols, units, names=None, flag=None, note=""):
    """Raw long frame from a wide file: one column per indicator (``names`` renames them)."""
    ctx.region_field, ctx.year_field = region, year
    _require(frame, ctx, [region, year, *value_cols], "wide")
    if not value_cols:
        raise LayoutError("no value columns", file=ctx.file, row=1, field="header",
                          expected="one column per indicator after the region and year columns")
    names = names or {}
    flags = flag if flag is not None else pd.Series("", index=frame.index)
    parts = [pd.DataFrame({
        "line": frame["_line"], "region": frame[region], "year": frame[year],
        "indicator": names.get(col, col), "unit": units[col], "value": frame[col],
        "flag": flags, "flag_note": np.where(flags != "", note, ""), "field": col,
    }) for col in value_cols]
    return pd.concat(parts, ignore_index=True)


def _melt_years(frame, ctx, *, region, indicator):
    """Raw long frame from one row per region and one column per year (single indicator)."""
    ctx.region_field = region
    if not indicator:
        raise InputError("a region x year table holds one indicator: pass indicator=",
                         file=ctx.file, field="indicator", expected="indicator='name'")
    years = [c for c in _columns(frame) if _YEAR_RE.match(c)]
    others = [c for c in _columns(frame) if c not in years and c != region
              and c.lower() not in _LABEL_COLUMNS]
    if not years or others:
        raise LayoutError(f"columns {others or '(no year columns)'} are neither labels nor years",
                          file=ctx.file, row=1, field="header",
                          expected="a region column, then one column per year (e.g. 2019, 2020)")
    unit = _units_for([indicator], ctx, None)[indicator]
    parts = [pd.DataFrame({
        "line": frame["_line"], "region": frame[region], "year": y, "indicator": indicator,
        "unit": unit, "value": frame[y], "flag": "", "flag_note": "", "field": y,
    }) for y in years]
    return pd.concat(parts, ignore_index=True)


# ---------------------------------------------------------------------------- known datasets
def _energy_long(frame, ctx):
    return _from_long(frame, ctx, region="province_code", year="year", indicator="indicator",
                      value="value", unit="unit", flag="flag", note="flag_note")


def _energy_raw(frame, ctx):
    dictionary = ctx.path.parent / "variable_dictionary.csv"
    stated = None
    if dictionary.is_file():
        table = pd.read_csv(dictionary, dtype=str, encoding="utf-8-sig", keep_default_na=False)
        stated = dict(zip(table["Column"].str.strip(), table["Unit"].str.strip()))
        ctx.notes.append(f"units from {dictionary.name} beside the file")
    value_cols = [c for c in _columns(frame) if c not in ("Province", "Year", "Region")]
    units = _units_for(value_cols, ctx, stated)
    ctx.notes.append("un-imputed source panel: no quality flags (see the long version's E/V/J/S/B/P)")
    return _melt(frame, ctx, region="Province", year="Year", value_cols=value_cols, units=units,
                 names=_ENERGY_RAW_NAMES)


def _rd_fiscal(frame, ctx):
    return _from_long(frame, ctx, region="province_code", year="year", indicator="indicator",
                      value="value", unit="unit")


def _capital(frame, ctx):
    est = frame["estimated_2018_2022"].str.strip()
    bad = ~est.isin(["0", "1"])
    if bad.any():
        i = bad.idxmax()
        raise InputError(f"estimated flag {est[i]!r}", file=ctx.file, row=int(frame["_line"][i]),
                         field="estimated_2018_2022", expected="0 or 1")
    flags = pd.Series(np.where(est == "1", "X", ""), index=frame.index)
    cols = [c for c in _CAPITAL_UNITS if c in frame.columns]
    return _melt(frame, ctx, region="province_code", year="year", value_cols=cols,
                 units=_units_for(cols, ctx, _CAPITAL_UNITS), flag=flags,
                 note="estimated, not published (estimated_2018_2022 = 1)")


def _nbs_national(frame, ctx):
    return _from_long(frame.assign(_region="000000"), ctx, region="_region", year="year",
                      indicator="indicator_cn", value="value", unit="unit")


def _wdi_pwt(frame, ctx):
    frame = frame.assign(_region="000000")
    cols = [c for c in _columns(frame) if c not in ("year", "_region")]
    ctx.notes.append("trade_pct_gdp_derived is computed by the data team, not in the source; "
                     "pwt_rkna_index_2017eq1 is rounded to 2 decimals")
    return _melt(frame, ctx, region="_region", year="year", value_cols=cols,
                 units=_units_for(cols, ctx, WDI_PWT_UNITS))


KNOWN_PANELS: tuple[KnownPanel, ...] = (
    KnownPanel("cn_prov_energy_panel", frozenset(
        {"province_code", "province_cn", "region_4", "year", "indicator", "unit", "value", "flag",
         "flag_note", "source_column"}), "long", _ENERGY_SOURCE, _energy_long, ENERGY_FLAG_LEGEND),
    KnownPanel("cn_prov_energy_panel (original raw_data.csv)", frozenset(
        {"Province", "Year", "Region", "Regional GDP", "Population", "Total energy consumption"}),
        "wide", _ENERGY_SOURCE, _energy_raw),
    KnownPanel("cn_prov_rd_fiscal", frozenset(
        {"province_code", "province_cn", "year", "indicator", "indicator_cn", "unit", "value",
         "source_table", "var_code"}), "long",
        "NBS/MOST/MOF Statistical Bulletin on National Expenditure on Science and Technology; "
        "China Statistical Yearbook on Science and Technology; China Statistical Yearbook "
        "(public finance) via huhuaping/techme@9ad60a1", _rd_fiscal),
    KnownPanel("cn_prov_capital_inputs", frozenset(
        {"province_code", "year", "gfcf_current_100m_yuan", "investment_price_index_1952eq1",
         "estimated_2018_2022"}), "wide",
        "NBS provincial gross fixed capital formation and fixed-asset investment price indices "
        "(China Statistical Yearbooks; Zhang, Wu & Zhang 2004) via "
        "common2016/CapitalStock@35640d3", _capital, CAPITAL_FLAG_LEGEND),
    KnownPanel("cn_national_nbs_1978_2014", frozenset(
        {"source_table", "indicator_cn", "year", "value", "unit"}), "long",
        "NBS National Data annual national series (2015-2016 scrape, pre-2018 GDP revision) via "
        "yiyuezhuo/National-Data@60fd721", _nbs_national),
    KnownPanel("cn_national_wdi_pwt", frozenset({"year", "gdp_current_usd", "pwt_hc_index"}),
               "wide", "World Bank World Development Indicators; Penn World Table 10.01; IMF "
               "Fiscal Monitor via fernando-duarte/china-data@141da9a", _wdi_pwt),
)


# ---------------------------------------------------------------------------- generic files
def _generic(frame, ctx, layout):
    cols = _columns(frame)
    region = _find(cols, ctx.region_col, _REGION_COLUMNS)
    year = _find(cols, ctx.year_col, _YEAR_COLUMNS)
    if region is None:
        raise LayoutError("no region column", file=ctx.file, row=1, field="header",
                          expected=f"region_col= or one of {list(_REGION_COLUMNS)}")
    if layout == "wide_years":
        return _melt_years(frame, ctx, region=region, indicator=ctx.indicator)
    if year is None:
        raise LayoutError("no year column", file=ctx.file, row=1, field="header",
                          expected=f"year_col= or one of {list(_YEAR_COLUMNS)}")
    if layout == "long":
        ind = _find(cols, None, _INDICATOR_COLUMNS) or "indicator"
        return _from_long(frame, ctx, region=region, year=year, indicator=ind,
                          value=_find(cols, None, _VALUE_COLUMNS) or "value",
                          unit=_find(cols, None, ("unit", "单位")), flag=_find(cols, None, ("flag",)),
                          note=_find(cols, None, ("flag_note",)))
    value_cols = [c for c in cols if c not in (region, year) and c.lower() not in _LABEL_COLUMNS]
    return _melt(frame, ctx, region=region, year=year, value_cols=value_cols,
                 units=_units_for(value_cols, ctx, None))


def detect_panel_layout(columns, *, region_col: str | None = None,
                        year_col: str | None = None) -> tuple[str, KnownPanel | None] | None:
    """Which panel layout a header has: ``(layout, known dataset or None)``, or ``None``.

    Known datasets (:data:`KNOWN_PANELS`) are tried first, by their header columns. Otherwise:
    region + year + indicator + value columns -> ``long``; region + year-named columns (no year
    column) -> ``wide_years``; region + year + further columns -> ``wide``.
    """
    columns = [str(c).strip() for c in columns]
    present = set(columns)
    for known in KNOWN_PANELS:
        if known.columns <= present:
            return known.layout, known
    region = _find(columns, region_col, _REGION_COLUMNS)
    year = _find(columns, year_col, _YEAR_COLUMNS)
    if region is None:
        return None
    if year and _find(columns, None, _INDICATOR_COLUMNS) and _find(columns, None, _VALUE_COLUMNS):
        return "long", None
    if year is None and any(_YEAR_RE.match(c) for c in columns):
        return "wide_years", None
    if year and len(columns) > 2:
        return "wide", None
    return None


def _no_layout(ctx: _Context, columns) -> LayoutError:
    known = ", ".join(k.name for k in KNOWN_PANELS)
    return LayoutError(
        f"header {list(columns)[:8]} matches no panel layout; tried known datasets ({known}), "
        "long (region, year, indicator, value), wide (region, year, one column per indicator), "
        "wide_years (region, one column per year, indicator=)",
        file=ctx.file, row=1, field="header", expected="one of these layouts (or pass layout=)")


# ---------------------------------------------------------------------------- checks
def _check_regions(raw: pd.DataFrame, ctx: _Context) -> pd.Series:
    names = raw["region"].str.strip()
    codes = {}
    for name in names.unique():
        try:
            codes[name] = region_code(name)
        except UnknownLabelError as exc:
            row = raw[names == name].iloc[0]
            raise UnknownLabelError(f"unknown region {name!r}", file=ctx.file,
                                    row=int(row["line"]), field=ctx.region_field,
                                    expected=exc.expected) from None
    return names.map(codes)


def _check_years(raw: pd.DataFrame, ctx: _Context) -> pd.Series:
    years = raw["year"].astype(str).str.strip()
    bad = ~years.str.fullmatch(r"\d{4}")
    if bad.any():
        row = raw[bad].iloc[0]
        raise InputError(f"year {row['year']!r} is not an integer", file=ctx.file,
                         row=int(row["line"]), field=ctx.year_field,
                         expected="a four-digit integer year such as 2020")
    return years.astype(int)


def _check_values(raw: pd.DataFrame, ctx: _Context) -> pd.Series:
    text = raw["value"].str.strip()
    values = pd.to_numeric(text, errors="coerce").astype(float)
    bad = ~np.isfinite(values.to_numpy())
    if bad.any():
        row = raw[bad].iloc[0]
        raise InputError(f"non-numeric value {row['value']!r}", file=ctx.file,
                         row=int(row["line"]), field=row["field"],
                         expected="a finite number ('.' as decimal point, no thousands "
                                  "separators) or an empty cell")
    return values


def _check_units(data: pd.DataFrame, ctx: _Context) -> None:
    counts = data.groupby("indicator")["unit"].nunique()
    mixed = counts[counts > 1]
    if len(mixed):
        ind = mixed.index[0]
        part = data[data["indicator"] == ind].drop_duplicates("unit")
        where = ", ".join(f"{u!r} (line {ln})" for u, ln in zip(part["unit"], part["line"]))
        raise ValidationError(f"indicator {ind!r} has mixed units: {where}", file=ctx.file,
                              row=int(part["line"].iloc[1]), field="unit",
                              expected="one unit per indicator (convert first)")


def _check_duplicates(data: pd.DataFrame, ctx: _Context) -> None:
    key = ["region", "year", "indicator"]
    dup = data.duplicated(key, keep=False)
    if dup.any():
        first = data[dup].iloc[0]
        same = data[dup & (data[key] == first[key]).all(axis=1)]
        raise InputError(
            f"duplicate value for region {first['region']}, year {first['year']}, indicator "
            f"{first['indicator']!r} on lines {same['line'].tolist()}", file=ctx.file,
            row=int(same["line"].iloc[-1]), field=first["field"],
            expected="one value per region, year and indicator")


def _finish(raw: pd.DataFrame, ctx: _Context) -> pd.DataFrame:
    """Validate the raw (text) long frame and return the :data:`PANEL_COLUMNS` frame."""
    empty = raw["value"].str.strip().str.lower().isin(_MISSING)
    if empty.any():
        ctx.notes.append(f"{int(empty.sum())} empty/NA cells skipped")
    raw = raw[~empty].reset_index(drop=True)
    if raw.empty:
        raise InputError("no values in the file", file=ctx.file, expected="numeric values")
    data = raw.assign(region=_check_regions(raw, ctx), year=_check_years(raw, ctx),
                      value=_check_values(raw, ctx))
    data["unit"] = data["unit"].replace("", UNKNOWN_UNIT)
    _check_units(data, ctx)
    _check_duplicates(data, ctx)
    data["region_en"] = data["region"].map(lambda c: REGIONS[c].name_en)
    data["region_cn"] = data["region"].map(lambda c: REGIONS[c].name_cn)
    data = data.sort_values(["indicator", "region", "year"], kind="stable")
    return data[list(PANEL_COLUMNS)].reset_index(drop=True)


def _warn_flags(data: pd.DataFrame, legend: Mapping[str, str], ctx: _Context) -> None:
    flagged = data["flag"] != ""
    if not flagged.any():
        return
    counts = Counter(f.strip() for cell in data.loc[flagged, "flag"] for f in cell.split(";")
                     if f.strip())
    parts = [f"{k}={n} ({legend.get(k, 'not in the legend').split(':')[0]})"
             for k, n in sorted(counts.items())]
    msg = f"{int(flagged.sum())} of {len(data)} values carry quality flags: {', '.join(parts)}"
    ctx.notes.append(msg)
    _warn(f"{ctx.file}: {msg}; see Panel.flag_legend", DataQualityWarning, stacklevel=3)


# ---------------------------------------------------------------------------- entry point
def read_panel(path, *, layout: str = "auto", region_col: str | None = None,
               year_col: str | None = None, indicator: str | None = None,
               unit: str | Mapping[str, str] | None = None) -> Panel:
    """Read a provincial or national panel CSV (long or wide) into a :class:`Panel`.

    Parameters
    ----------
    path
        CSV file, UTF-8 (with or without BOM); GBK files are detected and read, with a note.
    layout
        ``"auto"`` (default: recognise a known dataset by its header, else infer), ``"long"``,
        ``"wide"`` or ``"wide_years"`` (see the module docstring).
    region_col, year_col
        Names of the region and year columns of a generic file (default: the first of
        ``region_code, province_code, region, province, ...`` and ``year``).
    indicator
        ``wide_years``: the name of the one indicator; other layouts: keep only this indicator.
    unit
        Unit of a generic file's values when the file states none: one string, or a mapping
        column -> unit. Refused when the file states its units (no silent disagreement).

    Returns
    -------
    Panel
        One row per region, year and indicator; quality flags kept; provenance names the
        source (the citation of a recognised dataset) and the reader ``panel_<layout>_csv``.
    """
    from revitalize.data.readers.text import decode_text

    if layout not in PANEL_LAYOUTS:
        raise InputError(f"unknown layout {layout!r}", field="layout",
                         expected=f"one of {list(PANEL_LAYOUTS)}")
    ctx = _Context(Path(path), region_col, year_col, indicator, unit)
    text, note = decode_text(ctx.path)
    if note:
        ctx.notes.append(note)
    frame = _csv_frame(text, ctx)
    found = detect_panel_layout(_columns(frame), region_col=region_col, year_col=year_col)
    if layout == "auto" and found is None:
        raise _no_layout(ctx, _columns(frame))
    known = found[1] if found else None
    if known is not None and (layout not in ("auto", known.layout) or region_col or year_col):
        known = None  # the caller overrides the layout or names the columns: read generically
    used = known.layout if known else (found[0] if layout == "auto" else layout)
    raw = known.parse(frame, ctx) if known else _generic(frame, ctx, used)
    data = _finish(raw, ctx)
    legend = dict(known.flag_legend) if known else {}
    if known:
        ctx.notes.insert(0, f"recognised by its header as dataset {known.name}")
    source = known.source if known else f"{ctx.path.name} (generic panel CSV; source not stated)"
    _warn_flags(data, legend, ctx)
    prov = Provenance.from_file(ctx.path, source=source, reader=f"panel_{used}_csv",
                                notes=ctx.notes)
    panel = Panel(data, prov, legend)
    if indicator is not None and used != "wide_years":
        panel = panel.select(indicator=indicator)
    return panel
