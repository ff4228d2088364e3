"""Employment by sector (GB/T 4754-2017 sections and divisions) mapped to the NBS 42 IO sectors.

Reads ``shared/data/cn_sector_employment/cn_employment_by_sector_1990_2018.csv`` (Wang, Jia &
Wang 2021, 《统计研究》 38(12), via the ionet R package; columns ``Code, Description,
DescriptionInChinese, 1990..2018``; rows ``TOT``, sections ``A``..``T`` and divisions coded
letter + running number, e.g. ``C01`` = GB/T 4754-2017 division 13; unit 10,000 persons) and maps
it to the 42-sector list of the 2017/2018/2020 national and 2017 provincial IO tables
(``nbs42_2017``) with ``revitalize/data/concordance/employment_gbt4754_to_nbs42.csv``.

Mapping rule (named by ``split``, recorded in ``attrs``):

* a section that lies in one IO sector (A, E..L, N..S) goes to it whole;
* a section that spans several IO sectors (B, C, D, M) is split --
  ``split="divisions"`` (default): by its divisions' shares of their sum, scaled to the section
  total (the published divisions sum to their section within 0.5 %);
  ``split="compensation"``: the section total in proportion to the compensation of employees
  (``VA001``) of those IO sectors in ``table``;
* section T (international organisations) is excluded: it is not domestic production.

Values are returned in persons (the file's 10,000 persons x 10,000).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, LayoutError, UnknownLabelError
from revitalize.errors import warn as _warn
from revitalize.model.table import IOTable

__all__ = ["CONCORDANCE_FILE", "check_nbs42_sectors", "read_concordance", "read_employment"]

CONCORDANCE_FILE = (Path(__file__).resolve().parents[1] / "concordance"
                    / "employment_gbt4754_to_nbs42.csv")
_CLASSIFICATION = "nbs42_2017"
_FILE_UNIT = 1e4  # the file is in 10,000 persons
_SPLIT_TOLERANCE = 0.01  # divisions vs their section: warn beyond 1 %
Split = Literal["divisions", "compensation"]


def read_concordance(path: str | Path = CONCORDANCE_FILE) -> pd.DataFrame:
    """The concordance: ``employment_code, level, gbt4754_2017, name_cn, nbs42_code, note``."""
    frame = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    need = {"employment_code", "level", "nbs42_code"}
    if not need <= set(frame.columns):
        raise LayoutError("not an employment concordance", file=Path(path).name,
                          expected=f"columns {sorted(need)}")
    bad = frame[~frame["level"].isin(["section", "division"])
                | ((frame["level"] == "division") & (frame["nbs42_code"] == ""))]
    if len(bad):
        raise LayoutError(f"rows {bad['employment_code'].tolist()} have an unknown level or a "
                          "division without an IO sector", file=Path(path).name, field="level",
                          expected="level 'section' or 'division'; divisions map to a sector")
    return frame


def _read_file(path: Path, year: int) -> pd.Series:
    frame = pd.read_csv(path, dtype={"Code": str})
    if "Code" not in frame.columns or "DescriptionInChinese" not in frame.columns:
        raise LayoutError("not the sector employment layout", file=path.name, field="header",
                          expected="columns Code, Description, DescriptionInChinese, <years>")
    years = [c for c in frame.columns if str(c).isdigit()]
    if str(year) not in years:
        raise UnknownLabelError(f"year {year} is not in the file", file=path.name, field="year",
                                expected=f"one of {years[0]}..{years[-1]}" if years else "year columns")
    codes = frame["Code"].astype(str).str.strip()
    if codes.duplicated().any():
        raise LayoutError(f"duplicate codes {codes[codes.duplicated()].tolist()}", file=path.name,
                          field="Code", expected="one row per code")
    values = pd.to_numeric(frame[str(year)], errors="coerce")
    bad = codes[values.isna() | (values < 0)].tolist()
    if bad:
        raise LayoutError(f"missing or negative values for {bad}", file=path.name,
                          field=str(year), expected="non-negative numbers")
    return pd.Series(values.to_numpy(float), index=codes.to_numpy())


def _section_split(section: str, parts: pd.DataFrame, values: pd.Series, total: float,
                   split: str, table: IOTable | None, file: str) -> pd.Series:
    """Section total over its IO sectors (by divisions or by compensation)."""
    if split == "compensation":
        targets = sorted(set(parts["nbs42_code"]))
        comp = table.value_added.loc["VA001"].reindex(targets).astype(float)
        if not comp.sum() > 0:
            raise InputError(f"section {section}: compensation of employees of IO sectors "
                             f"{targets} is zero", file=table.label, field="VA001")
        return total * comp / comp.sum()
    div = values.reindex(parts["employment_code"]).to_numpy(float)
    if not div.sum() > 0:
        return pd.Series(0.0, index=sorted(set(parts["nbs42_code"])))
    gap = div.sum() / total - 1 if total > 0 else 0.0
    if abs(gap) > _SPLIT_TOLERANCE:
        _warn(f"{file}: section {section} divisions sum to {div.sum():.6g}, "
                      f"{gap:+.1%} from the section total {total:.6g}; shares are scaled to the "
                      "section total", DataQualityWarning, stacklevel=4)
    return pd.Series(total * div / div.sum(), index=parts["nbs42_code"].to_numpy()).groupby(level=0).sum()


def _check_coverage(values: pd.Series, conc: pd.DataFrame, file: str) -> None:
    """Every code of the file is mapped (itself or through its section row) and every code of
    the concordance is in the file."""
    mapped = set(conc["employment_code"])
    missing = sorted(mapped - set(values.index))
    if missing:
        raise LayoutError(f"codes of the concordance are not in the file: {missing}", file=file,
                          field="Code", expected="the sections and divisions of GB/T 4754-2017")
    section_rows = set(conc.loc[conc["level"] == "section", "employment_code"])
    divided = {c[0] for c in conc.loc[conc["level"] == "division", "employment_code"]}
    unplaced = [c for c in values.index if c != "TOT" and c not in mapped
                and not (len(c) > 1 and c[0] in section_rows)
                and not (len(c) == 1 and c in divided)]
    if unplaced:
        raise UnknownLabelError(f"codes with no IO sector in the concordance: {unplaced}",
                                file=file, field="Code",
                                expected="a row in employment_gbt4754_to_nbs42.csv")


def check_nbs42_sectors(table: IOTable) -> None:
    """Refuse a table whose sectors are not the ``nbs42_2017`` list (matched by name)."""
    from revitalize.model.sectors import match_sectors

    codes = match_sectors(table.sectors["name_cn"], "nbs42", 2017, where=table.label)
    if list(codes) != table.codes:
        wrong = [f"{c} {n}" for c, n, m in zip(table.codes, table.sectors["name_cn"], codes)
                 if c != m]
        raise UnknownLabelError(f"sector codes do not follow the nbs42_2017 list: {wrong[:6]}",
                                file=table.label, field="sectors",
                                expected="the 42-sector list of the 2017/2018/2020 tables")


def read_employment(path: str | Path, year: int, *, split: Split = "divisions",
                    table: IOTable | None = None,
                    concordance: str | Path = CONCORDANCE_FILE) -> pd.Series:
    """Employment by NBS 42 IO sector (persons) in ``year``.

    Parameters
    ----------
    path
        The sector employment CSV (layout: module docstring).
    year
        Column to read (1990..2018 in the shared file; a 2020 table needs an explicit earlier
        year, which is then recorded).
    split
        ``"divisions"`` (default) or ``"compensation"`` (needs ``table``); module docstring.
    table
        An IO table on the ``nbs42_2017`` list, for ``split="compensation"``.

    Returns
    -------
    pandas.Series
        Index ``sector`` = ``"01"``..``"42"``, name ``employment``; ``attrs``: ``unit``
        (``"persons"``), ``year``, ``classification``, ``split``, ``excluded`` (codes and
        persons left out), ``source`` (file name).

    Raises
    ------
    LayoutError, UnknownLabelError
        Wrong layout, a year or code that is not there, a code the concordance cannot place.
    """
    path = Path(path)
    if split not in ("divisions", "compensation"):
        raise InputError(f"unknown split {split!r}", field="split",
                         expected="'divisions' or 'compensation'")
    if split == "compensation":
        if table is None:
            raise InputError("split='compensation' needs the IO table", field="table",
                             expected="table=<IOTable on the nbs42_2017 list>")
        check_nbs42_sectors(table)
    values = _read_file(path, int(year))
    conc = read_concordance(concordance)
    _check_coverage(values, conc, path.name)
    parts: list[pd.Series] = []
    excluded: dict[str, float] = {}
    for _, row in conc[conc["level"] == "section"].iterrows():
        code, target = row["employment_code"], row["nbs42_code"]
        if target:
            parts.append(pd.Series([values[code]], index=[target]))
        else:
            excluded[code] = float(values[code]) * _FILE_UNIT
    divisions = conc[conc["level"] == "division"]
    for section, group in divisions.groupby(divisions["employment_code"].str[0], sort=True):
        total = float(values.get(section, values.reindex(group["employment_code"]).sum()))
        parts.append(_section_split(section, group, values, total, split, table, path.name))
    out = pd.concat(parts).groupby(level=0).sum().sort_index() * _FILE_UNIT
    out.index.name, out.name = "sector", "employment"
    out.attrs.update(unit="persons", year=int(year), classification=_CLASSIFICATION, split=split,
                     excluded=excluded, source=path.name)
    return out
