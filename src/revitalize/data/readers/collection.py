"""One return type for a file that holds several input-output tables.

A stacked provincial CSV (one table per province), a multi-province workbook (one sheet per
province) and an OECD file (one table per year) all return an :class:`IOCollection`: a frozen
mapping of tables, each identified by its ``(region, year)``. A reader never returns
``dict | IOTable`` depending on its arguments; :meth:`IOCollection.pick` chooses one table and
raises a one-line :class:`~revitalize.errors.InputError` naming what the file holds.

Backwards compatibility: the collection is a (read-only) ``dict`` keyed as before -- by
canonical region code when all tables share one year (provincial files), by year when they share
one region (OECD files) -- so ``tables["210000"]``, ``for code, t in tables.items()`` and
``isinstance(tables, dict)`` keep working. ``(region, year)`` tuples are accepted as keys too.
"""

from __future__ import annotations

from collections.abc import Iterable

from revitalize.errors import InputError
from revitalize.model.table import IOTable

__all__ = ["IOCollection"]


def _key_kind(tables: list[IOTable]) -> str:
    regions = {t.region for t in tables}
    years = {t.year for t in tables}
    if len(regions) == len(tables):
        return "region"
    if len(years) == len(tables) and len(regions) == 1:
        return "year"
    return "region_year"


class IOCollection(dict):
    """Read-only mapping of the tables one file holds; see the module docstring.

    Parameters
    ----------
    tables
        The tables, in file order; ``(region, year)`` must be unique.
    file
        The file they come from (for messages).
    refused
        Tables the file holds that failed validation: ``(region, year)`` -> the one-line error.
        They are not in the mapping; :meth:`pick` raises with that error, and the reader warned.
    """

    __slots__ = ("file", "key_kind", "refused")

    def __init__(self, tables: Iterable[IOTable], *, file: str | None = None,
                 refused: dict[tuple, str] | None = None) -> None:
        tables = list(tables)
        seen: dict[tuple, int] = {}
        for i, t in enumerate(tables):
            key = (t.region, t.year)
            if key in seen:
                raise InputError(f"two tables for region {t.region} and year {t.year} "
                                 f"(tables {seen[key] + 1} and {i + 1})", file=file,
                                 expected="one table per (region, year)")
            seen[key] = i
        kind = _key_kind(tables)
        keys = [t.region if kind == "region" else t.year if kind == "year" else (t.region, t.year)
                for t in tables]
        super().__init__(zip(keys, tables))
        object.__setattr__(self, "file", file)
        object.__setattr__(self, "key_kind", kind)
        object.__setattr__(self, "refused", dict(refused or {}))

    # ------------------------------------------------------------------ read-only dict
    def _readonly(self, *_a, **_k):
        raise TypeError("IOCollection is read-only")

    __setitem__ = __delitem__ = _readonly
    pop = popitem = clear = update = setdefault = __ior__ = _readonly

    def __setattr__(self, name, value):
        raise TypeError("IOCollection is read-only")

    def __reduce__(self):
        return (_rebuild, (tuple(self.values()), self.file, self.refused))

    def __getitem__(self, key):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        if isinstance(key, tuple) and len(key) == 2:
            for t in self.values():
                if (t.region, t.year) == key:
                    return t
        raise KeyError(key)

    def __contains__(self, key) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __repr__(self) -> str:
        return f"IOCollection({self.holds}, file={self.file!r})"

    # ------------------------------------------------------------------ selection
    @property
    def tables(self) -> tuple[IOTable, ...]:
        """The tables in file order."""
        return tuple(self.values())

    @property
    def regions(self) -> list[str | None]:
        """Distinct regions held, in file order."""
        return list(dict.fromkeys(t.region for t in self.values()))

    @property
    def years(self) -> list[int | None]:
        """Distinct years held, in file order."""
        return list(dict.fromkeys(t.year for t in self.values()))

    @property
    def holds(self) -> str:
        """What the file holds, e.g. ``"31 tables: regions 110000..540000, year 2012"``."""
        regions, years = self.regions, self.years
        reg = (f"region {regions[0]}" if len(regions) == 1 else
               f"regions {', '.join(map(str, regions))}" if len(regions) <= 8 else
               f"{len(regions)} regions {regions[0]}..{regions[-1]}")
        yrs = f"year {years[0]}" if len(years) == 1 else f"years {', '.join(map(str, years))}"
        text = f"{len(self)} table(s): {reg}; {yrs}"
        if self.refused:
            text += f"; refused: {', '.join(f'{r} {y}' for r, y in self.refused)}"
        return text

    def by_region_year(self) -> dict[tuple, IOTable]:
        """The tables keyed by ``(region, year)``."""
        return {(t.region, t.year): t for t in self.values()}

    def select(self, *, region: object = None, year: int | None = None) -> IOCollection:
        """The tables of ``region`` and/or ``year`` (a sub-collection; may not be empty)."""
        code = None
        if region is not None:
            from revitalize.model.regions import region_code

            code = region_code(region, where="region")
        keep = [t for t in self.values()
                if (code is None or t.region == code) and (year is None or t.year == int(year))]
        bad = [m for (r, y), m in self.refused.items()
               if (code is None or r == code) and (year is None or y == int(year))]
        if not keep and bad:
            raise InputError(f"the file holds this table but it was refused on read: {bad[0]}",
                             file=self.file, expected="a table that passes validation")
        if not keep:
            asked = ", ".join(f"{k}={v!r}" for k, v in (("region", region), ("year", year))
                              if v is not None)
            raise InputError(f"the file holds no table for {asked}; it holds {self.holds}",
                             file=self.file, field="region" if code else "year",
                             expected="a region and year the file holds")
        return IOCollection(keep, file=self.file, refused={
            k: m for k, m in self.refused.items()
            if (code is None or k[0] == code) and (year is None or k[1] == int(year))})

    def pick(self, *, region: object = None, year: int | None = None) -> IOTable:
        """The one table of ``region``/``year``; both may be omitted when the file holds one.

        Raises
        ------
        InputError
            The file holds no such table, or several match (naming what it holds).
        """
        chosen = self.select(region=region, year=year)
        if len(chosen) > 1:
            need = [k for k, vals in (("region", chosen.regions), ("year", chosen.years))
                    if len(vals) > 1]
            raise InputError(f"the file holds several tables ({chosen.holds})",
                             file=self.file, field=need[0] if need else "region",
                             expected=f"{' and '.join(f'{k}=...' for k in need)} to choose one")
        return next(iter(chosen.values()))


def _rebuild(tables, file, refused):
    return IOCollection(tables, file=file, refused=refused)
