"""Sector lists the readers know besides the NBS 42-sector lists of :mod:`revitalize.model.sectors`.

* ``prov38_1997`` -- the 38 sectors of the 1997 provincial tables (``prov38_1997.csv`` in
  ``revitalize/data/concordance``, linked there to the 2002 list; names as printed in the
  workbooks, English names our translation).

:func:`list_for_year` names the list a provincial table of a year uses; :func:`match_list`
matches printed names to a list by :func:`revitalize.model.sectors.normalise_sector_name`, never
by position.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from revitalize.model.sectors import classification_for_year, match_sectors, normalise_sector_name
from revitalize.model.sectors import sector_list as _nbs_sector_list

__all__ = ["EXTRA_LISTS", "list_for_year", "match_list", "sector_list"]

_DIR = Path(__file__).resolve().parents[1] / "concordance"
EXTRA_LISTS: dict[str, str] = {"prov38_1997": "prov38_1997.csv"}
_YEARS = {1997: "prov38_1997"}


def list_for_year(year: int) -> str:
    """The sector list of the provincial tables of ``year`` (1997: ``prov38_1997``)."""
    return _YEARS.get(int(year)) or classification_for_year(year)


@cache
def _extra(name: str) -> pd.DataFrame:
    frame = pd.read_csv(_DIR / EXTRA_LISTS[name], comment="#", dtype=str, keep_default_na=False)
    return frame.set_index("code")[["name_cn", "name_en"]]


def sector_list(name: str) -> pd.DataFrame:
    """Index ``code``; columns ``name_cn``, ``name_en``: an extra list or an NBS 42 list."""
    return _extra(name).copy() if name in EXTRA_LISTS else _nbs_sector_list(name)


def match_list(names, name: str) -> list[str | None]:
    """Code of each printed name in list ``name`` (``None`` where no sector matches)."""
    if name not in EXTRA_LISTS:
        return match_sectors(list(names), name, errors="coerce").tolist()
    index = {normalise_sector_name(n): c for c, n in _extra(name)["name_cn"].items()}
    return [index.get(normalise_sector_name(n)) if isinstance(n, str) else None for n in names]
