"""Sector lists the readers know besides the NBS 42-sector lists of :mod:`revitalize.model.sectors`.

* ``prov38_1997`` -- the 38 sectors of the 1997 provincial tables (``prov38_1997.csv`` in
  ``revitalize/data/concordance``, linked there to the 2002 list; names as printed in the
  workbooks, English names our translation).

:func:`list_for_year` names the list a provincial table of a year uses; :func:`match_list`
matches printed names to a list by :func:`revitalize.model.sectors.normalise_sector_name`, never
by position.
"""

from __future__ import annotations

from revitalize.model.sectors import OTHER_LISTS as EXTRA_LISTS
from revitalize.model.sectors import classification_for_year as list_for_year
from revitalize.model.sectors import match_sectors, normalise_sector_name, sector_list

# The 1997 list, its file and its year live in :mod:`revitalize.model.sectors` (one reader of
# the CSV, one year table); this module keeps the readers' names for them.
__all__ = ["EXTRA_LISTS", "list_for_year", "match_list", "sector_list"]


def match_list(names, name: str) -> list[str | None]:
    """Code of each printed name in list ``name`` (``None`` where no sector matches)."""
    if name not in EXTRA_LISTS:
        return match_sectors(list(names), name, errors="coerce").tolist()
    index = {normalise_sector_name(n): c for c, n in sector_list(name)["name_cn"].items()}
    return [index.get(normalise_sector_name(n)) if isinstance(n, str) else None for n in names]
