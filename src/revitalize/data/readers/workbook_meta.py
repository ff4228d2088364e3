"""What a workbook sheet says about its table: region, year, unit (for :mod:`.workbook`).

Region and year come from the arguments, else (in this order) the sheet's title text, the sheet
name and the file name: a province name (``辽宁``, ``Liaoning``), ``中国``/``全国`` for the
national table (``0中国.xls``); a four-digit year (``2017``), a two-digit year closing the file
name (``辽宁97.xls`` -> 1997); else the sector list itself when only one year uses it (the 38
sectors of the 1997 provincial tables). Every source used is recorded in the notes; sources that
disagree are warned about. Nothing is guessed beyond this.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from revitalize.errors import DataQualityWarning, LayoutError
from revitalize.errors import warn as _warn
from revitalize.model.regions import provinces, region_code

if TYPE_CHECKING:
    from revitalize.data.readers.workbook_load import _Sheet

__all__: list[str] = []

_UNITS = {"万元": "10^4 CNY", "亿元": "10^8 CNY", "元": "CNY"}
_UNIT_RE = re.compile(r"单位\s*[:：]?\s*(万元|亿元|元)|[（(]\s*(万元|亿元|元)\s*[)）]")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_TWO_DIGIT_YEAR = re.compile(r"(?<!\d)(9\d)$")  # 辽宁97 -> 1997 (the 1990s tables only)
_NATION = ("中国", "全国", "china")
_LIST_YEARS = {"prov38_1997": 1997}  # sector lists used by one year only


def _strings(sheet: _Sheet) -> list[tuple[int, int, str]]:
    return [(r, c, v) for r, row in enumerate(sheet.grid) for c, v in enumerate(row)
            if isinstance(v, str) and v.strip()]


def _province_in(text: str) -> str | None:
    """The one province named in ``text`` (Chinese or pinyin/English), ``"000000"`` for
    China, else ``None``."""
    flat = re.sub(r"[\s_\-.]+", "", text.lower())
    found = set()
    for reg in provinces():
        keys = {reg.name_cn, reg.full_cn, reg.name_en.lower().replace(" ", "")}
        keys |= {a.replace(" ", "") for a in reg.aliases}
        if any(k and k in flat for k in keys):
            found.add(reg.code)
    if not found and any(k in flat for k in _NATION):
        return "000000"
    return found.pop() if len(found) == 1 else None


def _year_in(text: str, file_name: bool) -> int | None:
    m = _YEAR_RE.search(text)
    if m:
        return int(m.group(1))
    m = _TWO_DIGIT_YEAR.search(text) if file_name else None
    return 1900 + int(m.group(1)) if m else None


def _list_year(sheet: _Sheet) -> tuple[int, str] | None:
    """Year of a sector list used by one year only, when most sector names match it."""
    from revitalize.data.readers.lists import match_list, sector_list

    names = [v for _, _, v in _strings(sheet)]
    for cls, year in _LIST_YEARS.items():
        hits = {c for c in match_list(names, cls) if c}
        if len(hits) >= 0.9 * len(sector_list(cls)):
            return year, cls
    return None


def _region_year(sheet: _Sheet, path: Path, province, year, *,
                 use_file_name: bool = True) -> tuple[str, int, list[str]]:
    """Province code and year: arguments, else title text, sheet name, file name (in order)."""
    titles = [v for _, _, v in _strings(sheet) if "投入产出" in v or "年" in v][:5]
    sources = [(f"sheet text {t!r}", t, False) for t in titles]
    sources += [(f"sheet name {sheet.name!r}", sheet.name, False)]
    sources += [(f"file name {path.name!r}", path.stem, True)]
    found_region = [(w, _province_in(t)) for w, t, f in sources
                    if _province_in(t) and (use_file_name or not f)]
    found_year = [(w, y) for w, t, f in sources for y in [_year_in(t, f)] if y]
    notes = []
    region = region_code(province, where=str(path)) if province is not None else None
    if region is None and found_region:
        (where, region), = found_region[:1]
        notes.append(f"region {region} from the {where}")
    year = int(year) if year is not None else None
    if year is None and found_year:
        (where, year), = found_year[:1]
        notes.append(f"year {year} from the {where}")
    if year is None and (by_list := _list_year(sheet)):
        year = by_list[0]
        notes.append(f"year {year} from the sector list: the sheet's sectors are the "
                     f"{by_list[1]} list, used by the {year} tables only")
    if region is None or year is None:
        missing = "province" if region is None else "year"
        raise LayoutError(f"cannot tell the {missing} of the table", file=path, field=missing,
                          expected=f"a {missing}= argument, a title like 辽宁省2017年投入产出表, "
                                   "or a file name like 2017_liaoning.xls")
    for what, value, found in (("province", region, found_region), ("year", year, found_year)):
        for where, other in found:
            if other != value:
                _warn(f"{path.name}: {what} {value} used, but the {where} says {other}",
                      DataQualityWarning, stacklevel=4)
    return region, year, notes


def _unit(sheet: _Sheet, path: Path) -> tuple[str, list[str]]:
    """Unit stated in the sheet (``单位：万元`` or ``(万元)``); 万元 with a warning if none."""
    units = {}
    for r, c, v in _strings(sheet):
        m = _UNIT_RE.search(unicodedata.normalize("NFKC", v).replace(" ", ""))
        if m:
            units.setdefault(_UNITS[m.group(1) or m.group(2)], sheet.ref(r, c))
    if len(units) > 1:
        raise LayoutError(f"the sheet states several units {units}", file=path, field="unit",
                          expected="one unit (万元, 亿元 or 元) for the whole table")
    if units:
        return next(iter(units)), []
    note = "no unit stated in the sheet; assumed 万元 (10^4 CNY), the NBS convention"
    _warn(f"{path.name}: {note}", DataQualityWarning, stacklevel=3)
    return "10^4 CNY", [note]
