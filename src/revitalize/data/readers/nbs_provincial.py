"""Readers of the provincial statistical datasets added for issue 20, into :class:`Panel`.

Four long CSV layouts of ``../shared/data`` are recognised by their header (never by file name,
:data:`NBS_PROVINCIAL_LAYOUTS`):

* ``nbs_provincial`` -- ``cn_prov_nbs_2000_2019`` (``province_code, province_en, year,
  source_table, indicator_cn, unit, value``; also the trade extension 2016-2024). Indicator =
  ``indicator_cn`` as published (e.g. ``经营单位所在地进出口总额``), unit as published (``千美元``,
  ``亿元``, ``万吨``, ``上年=100``...). Values of ``gdp_expenditure`` and ``gdp_income`` carry
  flag ``V``: they keep the first-release vintage, while ``gdp`` is the revised series
  (PROVENANCE: Jilin's levels differ by up to x1.55) -- never mix them in one level series.
  Two headers that the data team split at the wrong parenthesis (``地方财政国有资源`` /
  ``资产)有偿使用收入(亿元``; ``...工业销售产值`` / ``现价)(亿元``) are re-joined, and the
  re-join is written in the provenance notes.
* ``ceads_provincial`` -- ``cn_prov_co2_ceads`` (``region, year, sector, indicator, unit,
  value``). The sector travels inside the indicator name: ``"<indicator> | <sector>"``, e.g.
  ``"CO2 total (scope 1, fuels + process) | Total"`` (Mt CO2). The fuel header variant
  ``CO2 from CleanedCoal`` is read as ``CO2 from Cleaned Coal`` (noted).
* ``fiscal_transfers`` -- ``cn_prov_fiscal_transfers_2014_2016`` (``indicator`` codes such as
  ``revenue_central_transfer``; the labels go to the provenance notes; 100 million yuan).
* ``city_northeast`` -- ``cn_city_northeast``: regions are *city* codes (GB/T 2260, e.g.
  ``210100``) that are not in :mod:`revitalize.model.regions`; ``region_cn`` is the city name,
  ``region_en`` ``"<province>: <city>"``. Select cities by code on ``Panel.data``.

Rules as in :mod:`revitalize.data.readers.panel`: an unknown province, a non-numeric value, a
non-integer year, a duplicate region-year-indicator or mixed units raise, naming the file, the
line and the column; flagged values are counted in a :class:`DataQualityWarning`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, LayoutError, UnknownLabelError
from revitalize.errors import warn as _warn
from revitalize.model.panel import PANEL_COLUMNS, Panel
from revitalize.model.regions import REGIONS, region_code
from revitalize.results import Provenance

__all__ = [
    "NBS_PROVINCIAL_LAYOUTS",
    "NBS_PROVINCIAL_FLAGS",
    "ceads_indicator",
    "detect_nbs_provincial",
    "read_ceads_provincial",
    "read_city_northeast",
    "read_fiscal_transfers",
    "read_nbs_provincial",
    "read_nbs_provincial_any",
]

NBS_PROVINCIAL_FLAGS = {
    "V": "vintage: first-release level (gdp_expenditure / gdp_income tables); the gdp table holds "
         "the revised series -- do not mix them in one level series",
}

_NBS_SOURCE = ("NBS National Data provincial annual database (分省年度数据, dbcode=fsnd), scraped "
               "2021 via 3112944976/National-Visualization-Web-Application@2e3008c; trade "
               "2016-2024 via 142857110823/chlorpyrifos-mobile-detector@55243da (NBS easyquery)")
_CEADS_SOURCE = ("CEADs provincial CO2 inventories, 45 sectors x 17 fuels + process (Shan et al. "
                 "2018 Sci. Data 5:170201; Shan et al. 2020 Sci. Data 7:54; Guan et al. 2021 "
                 "Earth's Future 9:e2021EF002241) via Open-Earth-Foundation/OpenClimate@822037b")
_FISCAL_SOURCE = ("provincial general public budget final accounts (一般公共预算收支决算总表), "
                  "2014-2016, via lpstntw/ChinaLocalDebt@b560209")
_CITY_SOURCE = ("2010 and 2020 census gazettes, boundary-adjusted (Dong et al., leiii/census@0ba0f1e, "
                "MIT); CEADs 290-city CO2 inventory (Shan et al. 2018 Sci. Adv. 4:eaaq0390)")

# Header cells split at the wrong parenthesis by the data team: (indicator, unit) -> repaired.
_SPLIT_REPAIRS = {
    ("地方财政国有资源", "资产)有偿使用收入(亿元"): ("地方财政国有资源(资产)有偿使用收入", "亿元"),
    ("规模以上工业企业工业销售产值", "现价)(亿元"): ("规模以上工业企业工业销售产值(现价)", "亿元"),
    ("国有控股工业企业工业销售产值", "现价)(亿元"): ("国有控股工业企业工业销售产值(现价)", "亿元"),
}
_VINTAGE_TABLES = {"gdp_expenditure", "gdp_income"}
_CEADS_FUEL_VARIANTS = {"CO2 from CleanedCoal": "CO2 from Cleaned Coal"}


@dataclass(frozen=True)
class _Layout:
    name: str
    columns: frozenset[str]


NBS_PROVINCIAL_LAYOUTS: tuple[_Layout, ...] = (
    _Layout("nbs_provincial", frozenset({"province_code", "province_en", "year", "source_table",
                                         "indicator_cn", "unit", "value"})),
    _Layout("ceads_provincial", frozenset({"region", "year", "sector", "indicator", "unit",
                                           "value"})),
    _Layout("fiscal_transfers", frozenset({"province_code", "province_en", "province_cn", "year",
                                           "indicator", "indicator_label", "unit", "value"})),
    _Layout("city_northeast", frozenset({"city_code", "city_name", "province", "year",
                                         "indicator", "unit", "value", "source"})),
)


def detect_nbs_provincial(header: Sequence[str]) -> str | None:
    """The layout name of a header (see :data:`NBS_PROVINCIAL_LAYOUTS`), or ``None``.

    The header must hold exactly the layout's columns (any order): the R&D panel, for one, has
    every ``nbs_provincial`` column plus ``var_code`` and is a different dataset.
    """
    present = {str(c).strip().lstrip("\ufeff") for c in header}
    for layout in NBS_PROVINCIAL_LAYOUTS:
        if layout.columns == present:
            return layout.name
    return None


def ceads_indicator(sector: str = "Total",
                    indicator: str = "CO2 total (scope 1, fuels + process)") -> str:
    """Panel indicator name of a CEADs value: ``"<indicator> | <sector>"``."""
    return f"{indicator} | {sector}"


# ---------------------------------------------------------------------------- helpers
def _frame(path: Path, layout: str) -> pd.DataFrame:
    from revitalize.data.readers.text import decode_text

    text, note = decode_text(path)
    if note:
        raise LayoutError(f"{note}; the shared datasets are UTF-8", file=path.name,
                          expected="UTF-8 text")
    import io

    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame.columns = [c.strip() for c in frame.columns]
    want = next(x for x in NBS_PROVINCIAL_LAYOUTS if x.name == layout).columns
    missing = sorted(want - set(frame.columns))
    if missing:
        raise LayoutError(f"missing columns {missing} for the {layout} layout", file=path.name,
                          row=1, field="header", expected=f"columns {sorted(want)}")
    if frame.empty:
        raise LayoutError("header but no data rows", file=path.name, expected="data rows")
    frame["_line"] = np.arange(2, len(frame) + 2)
    return frame


def _codes(names: pd.Series, frame: pd.DataFrame, path: Path, field: str) -> pd.Series:
    codes = {}
    for name in names.unique():
        try:
            codes[name] = region_code(name)
        except UnknownLabelError as exc:
            line = int(frame.loc[names == name, "_line"].iloc[0])
            raise UnknownLabelError(f"unknown region {name!r}", file=path.name, row=line,
                                    field=field, expected=exc.expected) from None
    return names.map(codes)


def _years(frame: pd.DataFrame, path: Path) -> pd.Series:
    text = frame["year"].str.strip()
    bad = ~text.str.fullmatch(r"\d{4}")
    if bad.any():
        i = bad.idxmax()
        raise InputError(f"year {text[i]!r} is not an integer", file=path.name,
                         row=int(frame.at[i, "_line"]), field="year",
                         expected="a four-digit integer year such as 2017")
    return text.astype(int)


def _values(frame: pd.DataFrame, path: Path) -> pd.Series:
    values = pd.to_numeric(frame["value"].str.strip(), errors="coerce").astype(float)
    bad = ~np.isfinite(values.to_numpy())
    if bad.any():
        i = frame.index[bad][0]
        raise InputError(f"non-numeric value {frame.at[i, 'value']!r}", file=path.name,
                         row=int(frame.at[i, "_line"]), field="value",
                         expected="a finite number or an empty cell")
    return values


def _checked(data: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Unit and duplicate checks on the assembled long frame (with ``_line``)."""
    units = data.groupby("indicator")["unit"].nunique()
    if (units > 1).any():
        ind = units[units > 1].index[0]
        lines = data.loc[data["indicator"] == ind].drop_duplicates("unit")["_line"].tolist()
        raise InputError(f"indicator {ind!r} has mixed units", file=path.name, row=lines[1],
                         field="unit", expected="one unit per indicator")
    dup = data.duplicated(["region", "year", "indicator"], keep=False)
    if dup.any():
        first = data[dup].iloc[0]
        raise InputError(f"duplicate value for region {first['region']}, year {first['year']}, "
                         f"indicator {first['indicator']!r}", file=path.name,
                         row=int(data.loc[dup, "_line"].iloc[-1]), field="value",
                         expected="one value per region, year and indicator")
    data = data.sort_values(["indicator", "region", "year"], kind="stable")
    return data[list(PANEL_COLUMNS)].reset_index(drop=True)


def _drop_empty(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    empty = frame["value"].str.strip().str.lower().isin({"", "na", "nan", "n/a", "null"})
    if empty.any():
        notes.append(f"{int(empty.sum())} empty/NA cells skipped")
    return frame[~empty].reset_index(drop=True)


def _province_names(data: pd.DataFrame) -> pd.DataFrame:
    data["region_en"] = data["region"].map(lambda c: REGIONS[c].name_en)
    data["region_cn"] = data["region"].map(lambda c: REGIONS[c].name_cn)
    return data


def _panel(data: pd.DataFrame, path: Path, source: str, reader: str, notes: list[str],
           legend: dict[str, str] | None = None) -> Panel:
    flagged = data["flag"] != ""
    if flagged.any():
        counts = data.loc[flagged, "flag"].value_counts().to_dict()
        msg = (f"{int(flagged.sum())} of {len(data)} values carry quality flags: "
               + ", ".join(f"{k}={n}" for k, n in sorted(counts.items())))
        notes.append(msg)
        _warn(f"{path.name}: {msg}; see Panel.flag_legend", DataQualityWarning, stacklevel=3)
    prov = Provenance.from_file(path, source=source, reader=reader, notes=notes)
    return Panel(data, prov, dict(legend or {}))


# ---------------------------------------------------------------------------- readers
def read_nbs_provincial(path: str | Path, *, indicator: str | Sequence[str] | None = None) -> Panel:
    """Read ``cn_prov_nbs_2000_2019`` (or its 2016-2024 trade extension) into a :class:`Panel`.

    Parameters
    ----------
    path
        ``cn_prov_nbs_2000_2019_long.csv`` or ``cn_prov_trade_totals_2016_2024_long.csv``.
    indicator
        Keep only this indicator (or these), by their Chinese NBS name (``indicator_cn``).

    Returns
    -------
    Panel
        Province codes (GB/T 2260), NBS indicator names and units as published; flag ``V`` on
        the first-release ``gdp_expenditure`` / ``gdp_income`` values.
    """
    path = Path(path)
    frame = _frame(path, "nbs_provincial")
    notes: list[str] = [f"recognised by its header as dataset {path.parent.name or path.stem}"]
    frame = _drop_empty(frame, notes)
    ind, unit = frame["indicator_cn"].str.strip(), frame["unit"].str.strip()
    for (bad_ind, bad_unit), (good_ind, good_unit) in _SPLIT_REPAIRS.items():
        hit = (ind == bad_ind) & (unit == bad_unit)
        if hit.any():
            ind, unit = ind.where(~hit, good_ind), unit.where(~hit, good_unit)
            notes.append(f"header re-joined: {bad_ind!r} + unit {bad_unit!r} -> {good_ind!r} "
                         f"({good_unit}) on {int(hit.sum())} rows")
    table = frame["source_table"].str.strip()
    vintage = table.isin(_VINTAGE_TABLES)
    data = pd.DataFrame({
        "_line": frame["_line"], "region": _codes(frame["province_code"].str.strip(), frame, path,
                                                  "province_code"),
        "year": _years(frame, path), "indicator": ind, "unit": unit,
        "value": _values(frame, path), "flag": np.where(vintage, "V", ""),
        "flag_note": np.where(vintage, "table " + table + ": first-release vintage", ""),
    })
    if indicator is not None:
        wanted = [indicator] if isinstance(indicator, str) else list(indicator)
        unknown = sorted(set(wanted) - set(data["indicator"]))
        if unknown:
            raise UnknownLabelError(f"unknown indicator(s) {unknown}", file=path.name,
                                    field="indicator", expected="indicator_cn names of the file")
        data = data[data["indicator"].isin(wanted)]
    tables = sorted(table.unique())
    notes.append(f"source tables: {', '.join(tables)}")
    data = _checked(_province_names(data), path)
    return _panel(data, path, _NBS_SOURCE, "nbs_provincial_csv", notes, NBS_PROVINCIAL_FLAGS)


def read_ceads_provincial(path: str | Path, *, sector: str | Sequence[str] | None = None) -> Panel:
    """Read ``cn_prov_co2_ceads_sectoral_long.csv`` into a :class:`Panel` (Mt CO2).

    The indicator is ``"<indicator> | <sector>"`` (:func:`ceads_indicator`); ``sector`` keeps
    only these CEADs sector names (``"Total"``, ``"Ordinary Machinery"``...).
    """
    path = Path(path)
    frame = _frame(path, "ceads_provincial")
    notes: list[str] = ["recognised by its header as dataset cn_prov_co2_ceads",
                        "CEADs sectoral (IPCC) inventory: differs from the apparent CO2 of the "
                        "energy panel; do not mix"]
    frame = _drop_empty(frame, notes)
    sectors = frame["sector"].str.strip()
    if sector is not None:
        wanted = [sector] if isinstance(sector, str) else list(sector)
        unknown = sorted(set(wanted) - set(sectors))
        if unknown:
            raise UnknownLabelError(f"unknown CEADs sector(s) {unknown}", file=path.name,
                                    field="sector", expected=f"some of {sorted(sectors.unique())}")
        keep = sectors.isin(wanted)
        frame, sectors = frame[keep].reset_index(drop=True), sectors[keep].reset_index(drop=True)
    ind = frame["indicator"].str.strip()
    for bad, good in _CEADS_FUEL_VARIANTS.items():
        if (ind == bad).any():
            notes.append(f"fuel header variant {bad!r} read as {good!r} on {int((ind == bad).sum())} rows")
            ind = ind.replace(bad, good)
    data = pd.DataFrame({
        "_line": frame["_line"],
        "region": _codes(frame["region"].str.strip(), frame, path, "region"),
        "year": _years(frame, path), "indicator": ind + " | " + sectors,
        "unit": frame["unit"].str.strip(), "value": _values(frame, path), "flag": "",
        "flag_note": ""})
    data = _checked(_province_names(data), path)
    return _panel(data, path, _CEADS_SOURCE, "ceads_provincial_csv", notes)


def read_fiscal_transfers(path: str | Path) -> Panel:
    """Read ``cn_prov_fiscal_transfers_2014_2016_long.csv`` (100 million yuan) into a Panel."""
    path = Path(path)
    frame = _frame(path, "fiscal_transfers")
    notes: list[str] = ["recognised by its header as dataset cn_prov_fiscal_transfers_2014_2016"]
    frame = _drop_empty(frame, notes)
    labels = frame.drop_duplicates("indicator")
    notes += [f"{i} = {lab}" for i, lab in zip(labels["indicator"], labels["indicator_label"])]
    data = pd.DataFrame({
        "_line": frame["_line"],
        "region": _codes(frame["province_code"].str.strip(), frame, path, "province_code"),
        "year": _years(frame, path), "indicator": frame["indicator"].str.strip(),
        "unit": frame["unit"].str.strip(), "value": _values(frame, path), "flag": "",
        "flag_note": ""})
    data = _checked(_province_names(data), path)
    return _panel(data, path, _FISCAL_SOURCE, "fiscal_transfers_csv", notes)


def read_city_northeast(path: str | Path) -> Panel:
    """Read ``cn_city_northeast_long.csv``: regions are city codes (not registered regions).

    ``region_cn`` is the city name as in the source, ``region_en`` ``"<province>: <city>"``;
    ``flag_note`` names each value's source (census or CEADs).
    """
    path = Path(path)
    frame = _frame(path, "city_northeast")
    notes: list[str] = ["recognised by its header as dataset cn_city_northeast",
                        "regions are prefecture-level city codes (GB/T 2260), not provinces"]
    frame = _drop_empty(frame, notes)
    code = frame["city_code"].str.strip()
    bad = ~code.str.fullmatch(r"\d{6}")
    if bad.any():
        i = bad.idxmax()
        raise InputError(f"city code {code[i]!r}", file=path.name, row=int(frame.at[i, "_line"]),
                         field="city_code", expected="a six-digit GB/T 2260 code")
    name = frame["city_name"].str.strip()
    data = pd.DataFrame({
        "_line": frame["_line"], "region": code,
        "region_en": frame["province"].str.strip() + ": " + name, "region_cn": name,
        "year": _years(frame, path), "indicator": frame["indicator"].str.strip(),
        "unit": frame["unit"].str.strip(), "value": _values(frame, path), "flag": "",
        "flag_note": "source: " + frame["source"].str.strip()})
    data = _checked(data, path)
    return _panel(data, path, _CITY_SOURCE, "city_northeast_csv", notes)


_READERS = {"nbs_provincial": read_nbs_provincial, "ceads_provincial": read_ceads_provincial,
            "fiscal_transfers": read_fiscal_transfers, "city_northeast": read_city_northeast}


def read_nbs_provincial_any(path: str | Path, **kw) -> Panel:
    """Read any of the four layouts, recognised by the header (used by ``read_any``)."""
    from revitalize.data.readers.text import decode_text
    from revitalize.data.readers.text import header_of as _header

    path = Path(path)
    text, _ = decode_text(path)
    layout = detect_nbs_provincial(_header(text))
    if layout is None:
        raise LayoutError("header matches none of the provincial statistics layouts",
                          file=path.name, row=1, field="header",
                          expected=", ".join(x.name for x in NBS_PROVINCIAL_LAYOUTS))
    return _READERS[layout](path, **kw)
