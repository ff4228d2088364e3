"""Annual series built from real panels, ready to forecast: one region's indicator, a sum over
a macro-region, and a region's share of the nation.

Rules (conventions recorded in :attr:`PanelSeries.conventions`):

* values whose quality flag contains a letter of ``exclude_flags`` are dropped (default ``"E"``:
  the energy panel's "error, do not use" values); values with other flags are used, and a
  :class:`~revitalize.errors.DataQualityWarning` counts them by letter;
* a region the panel does not hold (``Northeast``, ``China`` in a provincial panel) is the sum
  of its member provinces (:func:`revitalize.model.regions.members`), only in years where every
  member has a value;
* a share is ``100 * region / reference`` (%) with the reference economy named by
  ``denominator``: ``"provinces"`` (default) -- the sum over the mainland provinces that report
  the indicator in the panel (31 for GDP and population, 30 for CO2: Tibet has no CO2
  inventory), only in years where each of them has a usable value -- or ``"national"`` -- the
  panel's national-total rows (``000000``), as published. Shares are refused for
  non-additive indicators (units with ``%``, ``per`` or ``index``).

Years where a value cannot be formed are kept as NaN, never filled: a forecast then needs a
gap-free span (:meth:`PanelSeries.span`).

Example (the Northeast's share of the 31-province GDP sum, values flagged E excluded; the
shared data's PROVENANCE.md reports 9.95% in 1995 and 5.03% in 2020)::

    from revitalize.data.readers import read_panel
    from revitalize.forecast.backtest import auto_forecast
    from revitalize.forecast.series import share_of_nation

    panel = read_panel("../shared/data/cn_prov_energy_panel/cn_prov_energy_econ_panel_long.csv")
    ne = share_of_nation(panel, "Northeast", "gdp")
    ne.missing_years()            # [2021, 2022, 2024]: a province's GDP is flagged E
    auto_forecast(ne.span(1995, 2020), horizon=3, models=["gm11", "ets", "naive"])
"""

from __future__ import annotations

import io
import re
import warnings
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, LayoutError, UnknownLabelError
from revitalize.errors import warn as _warn
from revitalize.model.panel import Panel
from revitalize.model.regions import REGIONS, members, normalise_region
from revitalize.results import Provenance

__all__ = ["DENOMINATORS", "PanelSeries", "longest_run", "read_series_csv", "region_series",
           "select_span", "series_from_spec", "share_of_nation"]

DENOMINATORS = ("provinces", "national")
_NON_ADDITIVE = re.compile(r"%|\bper\b|index", re.IGNORECASE)


@dataclass(frozen=True)
class PanelSeries:
    """One annual series built from a panel.

    Attributes
    ----------
    name
        Label used in forecast tables.
    values
        Float values indexed by year; NaN where the value cannot be formed.
    unit
        Unit of the values.
    provenance
        The panel's provenance, with the construction notes appended.
    conventions
        Every rule used (flags excluded, numerator, denominator, years without a value).
    """

    name: str
    values: pd.Series
    unit: str
    provenance: Provenance
    conventions: Mapping[str, Any] = field(default_factory=dict)

    def missing_years(self) -> list[int]:
        """Years between the first and last value that have no value."""
        v = self.values.loc[self.values.first_valid_index():self.values.last_valid_index()]
        return [int(y) for y in v.index[v.isna()]]

    def span(self, first: int | None = None, last: int | None = None) -> pd.Series:
        """Values of ``first..last`` (default: the whole series) as a named series.

        Raises :class:`InputError` when a year of the span has no value, naming the years and
        the longest gap-free span.
        """
        return select_span(self.values, first, last, name=self.name)


def select_span(values: pd.Series, first: int | None = None, last: int | None = None, *,
                name: str = "series", file=None) -> pd.Series:
    """Values of the years ``first..last`` (default: first to last value), named ``name``.

    Raises :class:`InputError` when the series has no value, or a year of the span has none
    (naming the years and the longest gap-free span).
    """
    v = values.dropna()
    if v.empty:
        raise InputError(f"series {name!r} has no values", file=file, field=name,
                         expected="annual values")
    first = int(v.index.min()) if first is None else int(first)
    last = int(v.index.max()) if last is None else int(last)
    years = pd.RangeIndex(first, last + 1, name="year")
    out = values.reindex(years)
    if out.isna().any() or len(years) == 0:
        lo, hi = longest_run(v.index)
        missing = [int(y) for y in years[out.isna()]]
        raise InputError(f"series {name!r} has no value for {missing[:8] or 'any year'}"
                         f" of {first}-{last}", file=file, field=name,
                         expected=f"a gap-free span of years, e.g. {lo}-{hi} (the longest)")
    return out.astype(float).rename(name)


def longest_run(years) -> tuple[int, int]:
    """First and last year of the longest run of consecutive years (ties: the latest)."""
    ys = sorted(int(y) for y in years)
    runs, start = [], ys[0]
    for prev, cur in pairwise(ys):
        if cur != prev + 1:
            runs.append((start, prev))
            start = cur
    runs.append((start, ys[-1]))
    return max(reversed(runs), key=lambda r: r[1] - r[0])


# ---------------------------------------------------------------------------- helpers
def _usable(panel: Panel, indicator: str, exclude_flags: str) -> pd.DataFrame:
    if indicator not in panel.indicators:
        raise UnknownLabelError(f"unknown indicator {indicator!r}", file=panel.provenance.file,
                                field="indicator", expected=f"one of {panel.indicators}")
    d = panel.data[panel.data["indicator"] == indicator]
    flags = d["flag"].fillna("")
    bad = flags.apply(lambda f: any(ch in f for ch in exclude_flags)) if exclude_flags else False
    return d[~bad] if exclude_flags else d


def _by_year(d: pd.DataFrame, codes: tuple[str, ...]) -> tuple[pd.Series, pd.DataFrame]:
    """Sum over ``codes`` per year, NaN unless every code has a value; and the rows used."""
    part = d[d["region"].isin(codes)]
    wide = part.pivot(index="year", columns="region", values="value")
    wide = wide.reindex(columns=list(codes))
    total = wide.sum(axis=1, min_count=len(codes)).where(wide.notna().all(axis=1))
    return total, part


def _count_flags(rows: pd.DataFrame) -> Counter:
    return Counter(f for cell in rows["flag"].fillna("") for f in cell.split(";") if f)


def _warn_flags(counts: Counter, name: str) -> dict[str, int]:
    if counts:
        text = ", ".join(f"{k}={n}" for k, n in sorted(counts.items()))
        _warn(f"series {name!r} uses values carrying quality flags: {text} "
                      "(see the panel's flag legend)", DataQualityWarning, stacklevel=3)
    return dict(sorted(counts.items()))


def _full_range(s: pd.Series, years) -> pd.Series:
    if len(years) == 0:
        return s.astype(float)
    idx = pd.RangeIndex(int(min(years)), int(max(years)) + 1, name="year")
    return s.reindex(idx).astype(float)


def _provenance(panel: Panel, notes) -> Provenance:
    return Provenance(**{**panel.provenance.to_dict(),
                         "notes": tuple(panel.provenance.notes) + tuple(notes)})


def _codes(panel: Panel, region, indicator) -> tuple[str, tuple[str, ...], str]:
    reg = normalise_region(region, where="region")
    have = set(panel.data.loc[panel.data["indicator"] == indicator, "region"])
    if reg.code in have:
        return reg.code, (reg.code,), f"{reg.name_en} ({reg.code}) as published"
    codes = members(reg.code)
    if reg.members and all(c in have for c in codes):
        return reg.code, tuple(codes), f"sum of {', '.join(codes)} ({reg.name_en})"
    raise UnknownLabelError(f"region {reg.name_en} ({reg.code}) has no {indicator!r} values "
                            "(nor all of its member provinces)", file=panel.provenance.file,
                            field="region", expected=f"one of {sorted(have)[:10]}...")


# ---------------------------------------------------------------------------- builders
def _region_part(panel, region, indicator, exclude_flags, name):
    """``(values, rows used, region code, how)`` of :func:`region_series` (no warning)."""
    d = _usable(panel, indicator, exclude_flags)
    code, codes, how = _codes(panel, region, indicator)
    total, used = _by_year(d, codes)
    all_years = panel.data.loc[panel.data["indicator"] == indicator, "year"].unique()
    values = _full_range(total, all_years).rename(name or f"{REGIONS[code].name_en}:{indicator}")
    return values, used[used["year"].isin(values.dropna().index)], code, how


def region_series(panel: Panel, region, indicator: str, *, exclude_flags: str = "E",
                  name: str | None = None) -> PanelSeries:
    """One region's annual values of ``indicator`` (a macro-region: the sum of its members).

    See the module docstring for the flag and aggregation rules.
    """
    values, used, code, how = _region_part(panel, region, indicator, exclude_flags, name)
    label = str(values.name)
    flags = _warn_flags(_count_flags(used), label)
    conv = {"region": code, "indicator": indicator, "values": how,
            "exclude_flags": exclude_flags, "flags_used": flags}
    out = PanelSeries(label, values, panel.unit_of(indicator), _provenance(panel, [
        f"{label}: {how}; values flagged {exclude_flags!r} excluded"]), conv)
    return _with_missing(out)


def _with_missing(s: PanelSeries) -> PanelSeries:
    conv = {**dict(s.conventions), "years_without_value": s.missing_years()}
    return PanelSeries(s.name, s.values, s.unit, s.provenance, conv)


def _denominator(panel, d, indicator, denominator) -> tuple[pd.Series, pd.DataFrame, str]:
    if denominator == "national":
        if "000000" not in set(d["region"]):
            raise InputError(f"the panel has no national-total rows for {indicator!r}",
                             file=panel.provenance.file, field="denominator",
                             expected="denominator='provinces' for this panel")
        total, used = _by_year(d, ("000000",))
        return total, used, "national total (000000) as published"
    reporting = panel.data.loc[panel.data["indicator"] == indicator, "region"].unique()
    provinces = tuple(c for c in sorted(reporting) if REGIONS[c].kind == "province"
                      and c not in ("710000", "810000", "820000"))
    total, used = _by_year(d, provinces)
    absent = sorted(set(members("000000")) - set(provinces))
    return total, used, (f"sum of the {len(provinces)} mainland provinces reporting {indicator}"
                         + (f" (absent: {', '.join(absent)})" if absent else ""))


def share_of_nation(panel: Panel, region, indicator: str, *, exclude_flags: str = "E",
                    denominator: str = "provinces", name: str | None = None) -> PanelSeries:
    """``100 * region / reference`` (%) per year; the reference is named by ``denominator``.

    Parameters
    ----------
    panel
        A provincial panel (e.g. ``read_panel(".../cn_prov_energy_econ_panel_long.csv")``).
    region
        Any spelling (``"Northeast"``, ``"辽宁"``, ``210000``).
    indicator
        An additive indicator of the panel (GDP, population, CO2 ...).
    exclude_flags
        Flag letters whose values are dropped (default ``"E"``).
    denominator
        ``"provinces"`` (default) or ``"national"`` (see the module docstring).
    """
    if denominator not in DENOMINATORS:
        raise InputError(f"unknown denominator {denominator!r}", field="denominator",
                         expected=f"one of {list(DENOMINATORS)}")
    unit = panel.unit_of(indicator)
    if _NON_ADDITIVE.search(unit):
        raise InputError(f"indicator {indicator!r} is in {unit!r}, not additive across regions",
                         field="indicator", expected="an additive indicator (a level, not a ratio)")
    num, num_rows, code, num_how = _region_part(panel, region, indicator, exclude_flags, None)
    d = _usable(panel, indicator, exclude_flags)
    total, used, how = _denominator(panel, d, indicator, denominator)
    share = (100 * num / total.reindex(num.index)).astype(float)
    label = name or f"{REGIONS[code].name_en.lower().replace(' ', '_')}_{indicator}_share"
    valid = share.dropna().index
    flags = _warn_flags(_count_flags(num_rows[num_rows["year"].isin(valid)])
                        + _count_flags(used[used["year"].isin(valid)]), label)
    conv = {"region": code, "indicator": indicator, "numerator": num_how, "denominator": how,
            "exclude_flags": exclude_flags, "flags_used": flags,
            "formula": "100 * numerator / denominator"}
    out = PanelSeries(label, share.rename(label), f"% of {how}",
                      _provenance(panel, [f"{label}: 100 * ({num_how}) / ({how}); "
                                          f"values flagged {exclude_flags!r} excluded"]), conv)
    return _with_missing(out)


def series_from_spec(panel: Panel, spec: str, *, exclude_flags: str = "E",
                     denominator: str = "provinces") -> PanelSeries:
    """A series named as on the command line.

    ``REGION:INDICATOR`` (``210000:gdp``, ``Liaoning:gdp``, ``Northeast:gdp``) gives
    :func:`region_series`, labelled ``spec``; ``<region>_<indicator>_share``
    (``northeast_gdp_share``, ``northeast_population_share``,
    ``northeast_co2_emissions_apparent_share``) gives :func:`share_of_nation`.
    """
    spec = str(spec).strip()
    if ":" in spec:
        region, _, indicator = spec.partition(":")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataQualityWarning)
            normalise_region(region, where=f"--series {spec}")
        return region_series(panel, region, indicator.strip(), exclude_flags=exclude_flags,
                             name=spec)
    if spec.endswith("_share"):
        body = spec[: -len("_share")]
        for cut in range(1, len(body)):
            region, indicator = body[:cut], body[cut + 1:]
            if body[cut] == "_" and indicator in panel.indicators:
                try:
                    normalise_region(region)
                except UnknownLabelError:
                    continue
                return share_of_nation(panel, region, indicator, exclude_flags=exclude_flags,
                                       denominator=denominator, name=spec)
    raise UnknownLabelError(f"cannot read series {spec!r}", field="--series",
                            expected="REGION:INDICATOR (e.g. 210000:gdp, Liaoning:gdp) or "
                                     "<region>_<indicator>_share (e.g. northeast_gdp_share) with "
                                     f"an indicator of the dataset: {panel.indicators[:8]}...")


# ---------------------------------------------------------------------------- CSV files
_PERIOD_COLUMNS = ("period", "year")


def _numbers(frame: pd.DataFrame, column: str, path: Path, *, integer: bool) -> pd.Series:
    text = frame[column].str.strip()
    values = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "") & ~np.isfinite(values.to_numpy(dtype=float))
    if integer:
        bad |= (text == "") | (values.notna() & (values != values.round()))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"{frame[column].iloc[i]!r} is not {'a year' if integer else 'a number'}",
                         file=path, row=i + 2, field=column,
                         expected="an integer year such as 2020" if integer
                         else "a finite number or an empty cell")
    return values.astype(int) if integer else values.astype(float)


def read_series_csv(path) -> tuple[dict[str, pd.Series], Provenance]:
    """Annual series from a CSV file: ``period`` (or ``year``) and one column per series
    (wide), or the columns ``series, period, value`` (long). Empty cells are missing values.

    Returns the series (float, indexed by integer year, named) and the file's provenance.
    Raises :class:`~revitalize.errors.LayoutError` for another header and
    :class:`~revitalize.errors.InputError` (file, line, column) for a value that is not a
    number, a period that is not an integer year, or a period given twice for one series.
    """
    from revitalize.data.readers.detect import decode_text

    path = Path(path)
    text, note = decode_text(path)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    period = next((c for c in frame.columns if c.lower() in _PERIOD_COLUMNS), None)
    lower = {c.lower() for c in frame.columns}
    if period is None or len(frame) == 0 or len(frame.columns) < 2:
        raise LayoutError(f"header {list(frame.columns)[:6]} (and {len(frame)} rows)", file=path,
                          row=1, field="header", expected="a 'period' (or 'year') column and one "
                          "column per series, or the columns series, period, value; data rows")
    years = _numbers(frame, period, path, integer=True)
    if {"series", "value"} <= lower and len(frame.columns) == 3:
        names = frame[next(c for c in frame.columns if c.lower() == "series")].str.strip()
        values = _numbers(frame, next(c for c in frame.columns if c.lower() == "value"), path,
                          integer=False)
        long = pd.DataFrame({"series": names, "year": years, "value": values})
    else:
        cols = [c for c in frame.columns if c != period]
        long = pd.concat([pd.DataFrame({"series": c, "year": years, "line": frame.index + 2,
                                        "value": _numbers(frame, c, path, integer=False)})
                          for c in cols], ignore_index=True)
    dup = long.duplicated(["series", "year"])
    if dup.any():
        first = long[dup].iloc[0]
        raise InputError(f"series {first['series']!r} has period {first['year']} twice", file=path,
                         field=period, expected="one value per series and period")
    out = {str(k): g.set_index("year")["value"].sort_index().rename(str(k))
           for k, g in long.groupby("series", sort=False)}
    prov = Provenance.from_file(path, source=f"{path.name} (series CSV; source not stated)",
                                reader="series_csv", notes=[note] if note else [])
    return out, prov
