"""Vet a folder of input-output tables: read every file, check it, run the default linkages.

:func:`check_directory` is how a user finds out, before any analysis, which of their tables read,
what the reader recognised (layout, region, year, sectors), how well each balances, how many
warnings it raised, and whether ``linkages(leontief_model(table))`` with default arguments runs.
Nothing is fixed: a file that fails is reported with its one-line error.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, RevitalizeError, collect_warnings
from revitalize.errors import warn as _warn
from revitalize.results import Result, build_meta

__all__ = ["CheckResult", "check_directory", "check_file"]

_SUFFIXES = (".csv", ".xls", ".xlsx", ".xlsm")
COLUMNS = ("file", "reader", "region", "year", "sectors", "kind", "unit", "worst_row_gap_rel",
           "worst_column_gap_rel", "warnings", "linkages_run", "status", "error")


@dataclass(frozen=True)
class CheckResult(Result):
    """One row per table (a multi-table file gives several rows); see :data:`COLUMNS`."""

    @property
    def failed(self) -> pd.DataFrame:
        """Rows whose file did not read or whose default linkages did not run."""
        return self.table[self.table["status"] != "ok"]

    def summary(self) -> str:
        t = self.table
        return (f"{self.meta.get('directory')}: {t['file'].nunique()} file(s), {len(t)} table(s); "
                f"{int((t['status'] == 'ok').sum())} ok, {len(self.failed)} failed; "
                f"skipped: {len(self.meta.get('skipped', []))}")


def _gap(gap: pd.Series, scale: pd.Series) -> float:
    gap = gap.astype(float)
    if gap.isna().all():
        return float("nan")
    floor = 1e-9 * float(scale.abs().sum()) or 1.0
    return float((gap.abs() / np.maximum(scale.abs(), floor)).max())


def _table_row(file: str, reader: str, table, n_warn: int) -> dict:
    from revitalize.io.linkages import linkages
    from revitalize.io.multipliers import leontief_model

    row = {"file": file, "reader": reader, "region": table.region, "year": table.year,
           "sectors": table.n, "kind": table.kind, "unit": table.unit,
           "worst_row_gap_rel": _gap(table.row_gap(), table.output),
           "worst_column_gap_rel": _gap(table.column_gap(), table.total_input),
           "warnings": n_warn, "linkages_run": True, "status": "ok", "error": ""}
    try:
        with collect_warnings() as extra, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            linkages(leontief_model(table))
        row["warnings"] += len(extra)
    except RevitalizeError as exc:
        row.update(linkages_run=False, status="linkages fail", error=exc.one_line())
    return row


def check_file(path: str | Path) -> list[dict]:
    """Rows of :func:`check_directory` for one file."""
    from revitalize.data.readers.collection import IOCollection
    from revitalize.data.readers.detect import read_io, sniff

    path = Path(path)
    failed = {"file": path.name, "reader": "", "region": None, "year": None, "sectors": None,
              "kind": "", "unit": "", "worst_row_gap_rel": np.nan,
              "worst_column_gap_rel": np.nan, "warnings": 0, "linkages_run": False,
              "status": "read fails", "error": ""}
    try:
        with collect_warnings() as found, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # counted in the row, not printed per file
            reader = sniff(path).reader
            obj = read_io(path)
    except RevitalizeError as exc:
        return [{**failed, "reader": locals().get("reader", ""), "error": exc.one_line()}]
    except Exception as exc:  # a reader bug must not hide the other files' results
        return [{**failed, "error": f"{path.name}: {type(exc).__name__}: {exc}"}]
    tables = obj.tables if isinstance(obj, IOCollection) else (obj,)
    rows = [_table_row(path.name, reader, t, len(found)) for t in tables]
    for (region, year), message in getattr(obj, "refused", {}).items():
        rows.append({**failed, "reader": reader, "region": region, "year": year,
                     "error": message})
    return rows


def check_directory(path: str | Path) -> CheckResult:
    """Read every table file of a directory (not recursive) and report on each.

    Parameters
    ----------
    path
        Directory holding ``.csv``, ``.xls`` and ``.xlsx`` files. macOS resource-fork files
        (``._*``) and other suffixes are skipped, and said so (``meta["skipped"]`` and a
        :class:`DataQualityWarning`).

    Returns
    -------
    CheckResult
        One row per table: ``file, reader, region, year, sectors, kind, unit,
        worst_row_gap_rel, worst_column_gap_rel`` (``max |gap| / x``; NaN when the table lacks
        the block to check), ``warnings`` (number raised reading it and running linkages),
        ``linkages_run`` (``linkages(leontief_model(table))`` with default arguments),
        ``status`` (``ok``, ``read fails``, ``linkages fail``) and ``error`` (the one-line
        message). Files that are not IO tables (a panel CSV) are rows with ``read fails``.
    """
    root = Path(path)
    if not root.is_dir():
        raise InputError("not a directory", file=root, expected="a directory of table files")
    files, skipped = [], []
    for p in sorted(root.iterdir()):
        if p.is_dir():
            continue
        if p.name.startswith("._"):
            skipped.append(f"{p.name} (macOS resource-fork file)")
        elif p.suffix.lower() not in _SUFFIXES:
            skipped.append(f"{p.name} (not .csv/.xls/.xlsx)")
        else:
            files.append(p)
    if skipped:
        _warn(f"{root}: skipped {len(skipped)} file(s): {'; '.join(skipped)}", DataQualityWarning)
    rows = [r for p in files for r in check_file(p)]
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    table = table.astype({"year": "Int64", "sectors": "Int64"})
    meta = build_meta("data_check", conventions={
        "gap": "max |gap_i| / max(|x_i|, 1e-9 sum|x|)",
        "linkages": "revitalize.io.linkages.linkages(leontief_model(table)), default arguments",
        "recursive": False}, directory=str(root), skipped=skipped)
    return CheckResult(table=table, meta=meta)
