"""Regional gross output by sector, for regionalizing a national table
(:func:`revitalize.io.regionalize.regionalize`).

A UTF-8 CSV with a column ``output`` (non-negative numbers, thousands separators allowed) and
either a column ``code`` (the national table's sector codes) or a column ``name_cn`` (sector
names, matched to the national table's sectors by :func:`revitalize.model.sectors.match_sectors`).
An optional ``region`` column (any spelling) is filtered to the region asked for. Lines
starting with ``#`` are comments.

Every problem is an error naming the file, the rows and the column: unknown sectors, negative
or non-numeric outputs, no row of the region. Nothing is filled in or dropped silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from revitalize.errors import InputError, UnknownLabelError

__all__ = ["read_regional_output"]


def read_regional_output(path: str | Path, national: Any, region_code: str) -> pd.Series:
    """Regional output by national sector code, named ``region_code``.

    Parameters
    ----------
    path
        The CSV file (see the module docstring).
    national
        The national :class:`~revitalize.model.table.IOTable` whose sector codes (and names,
        for a ``name_cn`` column) the rows are matched to.
    region_code
        The region's code (``210000``); rows of other regions are left out when the file has
        a ``region`` column.

    Returns
    -------
    pandas.Series
        Output (the file's unit, which must be the table's) indexed by national sector code.
    """
    from revitalize.model.regions import region_code as code_of

    path = Path(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    if "output" not in frame.columns or not {"code", "name_cn"} & set(frame.columns):
        raise InputError(f"columns {list(frame.columns)}", file=path, field="columns",
                         expected="'output' and 'code' or 'name_cn'")
    if "region" in frame.columns:
        keep = [code_of(r, where=f"{path} row {i + 2}") == region_code
                for i, r in enumerate(frame["region"])]
        frame = frame[keep]
        if frame.empty:
            raise UnknownLabelError(f"no rows for region {region_code}", file=path,
                                    field="region", expected="rows of the region asked for")
    codes = _codes(frame, national, path)
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
    return pd.Series(values.to_numpy(float), index=codes.to_numpy(), name=region_code)


def _codes(frame: pd.DataFrame, national: Any, path: Path) -> pd.Series:
    """The national code of every row (by code, else by Chinese name)."""
    if "code" in frame.columns:
        return frame["code"].str.strip()
    from revitalize.model.sectors import match_sectors

    own = match_sectors(national.sectors["name_cn"], year=national.year, where=national.label)
    to_national = dict(zip(own.to_numpy(), national.codes))
    matched = match_sectors(frame["name_cn"], year=national.year, where=str(path))
    return pd.Series([to_national[c] for c in matched.to_numpy()], index=frame.index)
