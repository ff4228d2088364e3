"""Sector classifications of the NBS 42-sector input-output tables and their concordance.

The 42-sector lists of the NBS tables change between years: codes are *not* the same sectors
across vintages (``shared/data/cn_io_nbs/PROVENANCE.md``; ``cn_io_provincial/PROVENANCE.md``).

==============  ==========================================  =====================================
classification  tables                                      differs from the next list by
==============  ==========================================  =====================================
``nbs42_2002``  2002 (national and provincial)              35 旅游业 and 38 其他社会服务业
``nbs42_2005``  2005 national extension table               —  (2007 list with older names)
``nbs42_2007``  2007 provincial                             16 通用、专用设备; 27 + 28 transport/post
``nbs42_2012``  2012 provincial, 2015 national extension    22 + 23 其他制造产品/废品废料; 36
``nbs42_2017``  2017 provincial, 2017/2018/2020 national    canonical ``"nbs42"``
==============  ==========================================  =====================================

The 1997 provincial tables use a coarser 38-sector list (``prov38_1997``), linked to the 2002
list (e.g. 社会服务业 -> 34/35/38, 邮电业 -> 28/29, 旅客 + 货物运输 -> 27), so that
:func:`concordance` spans 1997-2017; it never takes part in canonical name matching.

Data (``revitalize/data/concordance/``, names only, with source notes in the files):

* ``nbs42_sectors.csv`` -- every list: ``classification, code, name_cn, name_en``;
* ``prov38_1997.csv`` -- the 1997 provincial list;
* ``nbs42_links.csv`` -- links between neighbouring lists (1997→2002→2005→2007→2012→2017, and
  2007→2017 directly, since 2012 merges R&D and technical services that 2007 and 2017 both
  separate), ``kind`` ``main`` (the sector's content, or most of it, goes there) or ``part``
  (a minor share moves, e.g. machinery repair split out in 2012); other spans compose the links
  along the shortest path;
* ``nbs42_aliases.csv`` -- further spellings seen in published files.

Names are matched after :func:`normalise_sector_name`, never by position.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pandas as pd

from revitalize.errors import InputError, UnknownLabelError

__all__ = [
    "CANONICAL",
    "CLASSIFICATIONS",
    "classification_for_year",
    "concordance",
    "match_sectors",
    "normalise_sector_name",
    "power_sector_list",
    "sector_list",
]

_DIR = Path(__file__).resolve().parents[1] / "data" / "concordance"  # the tables are data
CANONICAL = "nbs42_2017"
CLASSIFICATIONS: tuple[str, ...] = ("nbs42_2002", "nbs42_2005", "nbs42_2007", "nbs42_2012",
                                    CANONICAL)
# Lists linked to the 42-sector lists but not 42-sector lists themselves: they take part in
# concordance() (and match_sectors with their own scheme), never in canonical name matching.
OTHER_LISTS: dict[str, str] = {"prov38_1997": "prov38_1997.csv"}
_YEAR_TO_CLASSIFICATION = {1997: "prov38_1997", 2002: "nbs42_2002", 2005: "nbs42_2005",
                           2007: "nbs42_2007", 2012: "nbs42_2012", 2015: "nbs42_2012",
                           2017: CANONICAL, 2018: CANONICAL, 2020: CANONICAL}
_ORDER = (*OTHER_LISTS, *CLASSIFICATIONS)  # oldest first: tie-break of the chain search
_DROP = re.compile(r"[\s、,;·]+")
_SUFFIXES = ("产品和服务", "产品", "事业", "业")


def normalise_sector_name(name: object) -> str:
    """Matching key of a sector name.

    Rule: Unicode NFKC (full-width -> half-width), drop whitespace (also inside names, as in
    wrapped workbook headers ``"煤    炭\\n采选产品"``) and the separators ``、 , ; ·``, then drop
    one trailing ``产品和服务`` / ``产品`` / ``事业`` / ``业`` (the 2002/2007 lists name industries,
    2012+ lists name products: 建筑业 ~ 建筑, 煤炭采选产品 ~ 煤炭采选).
    """
    text = _DROP.sub("", unicodedata.normalize("NFKC", str(name)))
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text


@cache
def _table(name: str) -> pd.DataFrame:
    return pd.read_csv(_DIR / name, comment="#", dtype=str, keep_default_na=False)


def classification_for_year(year: int) -> str:
    """The sector list used by the IO tables of ``year`` (see the module table; 1997: the
    provincial tables' 38-sector list ``prov38_1997``)."""
    try:
        return _YEAR_TO_CLASSIFICATION[int(year)]
    except (KeyError, TypeError, ValueError):
        raise UnknownLabelError(
            f"no NBS 42-sector classification is known for year {year!r}", field="year",
            expected=f"one of {sorted(_YEAR_TO_CLASSIFICATION)}") from None


def power_sector_list(names: pd.Series) -> str | None:
    """``"nbs42_2017"`` or ``"nbs42_2012"`` for a 42-sector list recognised by where its
    electricity sector stands (电力、热力 at code 24 in the 2017 list, 25 in the 2012 list, which
    share most other codes), whatever the table's label says; ``None`` otherwise."""
    for cls, code in (("nbs42_2017", "24"), ("nbs42_2012", "25")):
        if len(names) == 42 and code in names.index and str(names[code]).startswith("电力"):
            return cls
    return None


def _resolve(scheme: str, year: int | None) -> str | None:
    """Classification named by ``scheme``/``year``; ``None`` means "canonical, any variant"."""
    if scheme == "nbs42":
        return None if year is None else classification_for_year(year)
    if scheme in CLASSIFICATIONS or scheme in OTHER_LISTS:
        if year is not None and classification_for_year(year) != scheme:
            raise InputError(f"year {year} uses {classification_for_year(year)}, not {scheme}",
                             field="year")
        return scheme
    raise InputError(f"unknown sector scheme {scheme!r}", field="scheme",
                     expected=f"'nbs42' or one of {[*CLASSIFICATIONS, *OTHER_LISTS]}")


def sector_list(scheme: str = "nbs42", year: int | None = None) -> pd.DataFrame:
    """The sectors of a list: index ``code``; columns ``name_cn``, ``name_en``.

    ``scheme="nbs42"`` without ``year`` is the canonical (2017) list; ``"prov38_1997"`` (or
    ``year=1997``) the 38 sectors of the 1997 provincial tables.
    """
    cls = _resolve(scheme, year) or CANONICAL
    if cls in OTHER_LISTS:
        return _table(OTHER_LISTS[cls]).set_index("code")[["name_cn", "name_en"]]
    t = _table("nbs42_sectors.csv")
    return t[t["classification"] == cls].set_index("code")[["name_cn", "name_en"]]


@cache
def _index(cls: str) -> dict[str, str]:
    """Key -> code of one list (names and aliases)."""
    names = sector_list(cls)
    aliases = _table("nbs42_aliases.csv")
    aliases = aliases[aliases["classification"] == cls]
    pairs = list(zip(names["name_cn"], names.index)) + list(zip(aliases["alias"], aliases["code"]))
    index: dict[str, str] = {}
    for name, code in pairs:
        key = normalise_sector_name(name)
        if index.setdefault(key, code) != code:  # a data error in the shipped CSVs
            raise InputError(f"sector names collide after normalisation in {cls}: {key!r}",
                             file="nbs42_sectors.csv")
    return index


@cache
def _canonical_index() -> tuple[dict[str, str], dict[str, str]]:
    """Key -> canonical code for every name of every list with one ``main`` canonical sector,
    and key -> explanation for names that cover several canonical sectors."""
    canonical = _index(CANONICAL)
    index = dict(canonical)
    ambiguous: dict[str, str] = {}
    canon = sector_list(CANONICAL)["name_cn"]
    for cls in CLASSIFICATIONS[:-1]:
        links = concordance(cls, CANONICAL)
        main = links[links["kind"] == "main"].groupby("from_code")["to_code"].apply(list)
        for key, code in _index(cls).items():
            targets = main[code]
            if key in canonical:  # a canonical name always means its canonical sector
                continue
            if len(targets) > 1:
                ambiguous[key] = (f"{cls} sector {code} covers nbs42 sectors "
                                  + ", ".join(f"{t} {canon[t]}" for t in targets)
                                  + f"; pass year={cls[-4:]} and map with concordance()")
            elif index.setdefault(key, targets[0]) != targets[0]:
                ambiguous[key] = f"means nbs42 {index[key]} or {targets[0]} depending on the year"
    for key in ambiguous:
        index.pop(key, None)
    return index, ambiguous


def _closest(key: str, index: dict[str, str], cls: str) -> list[str]:
    names = sector_list(cls)["name_cn"]
    shown = {k: names.get(code, k) for k, code in index.items()}
    return [shown[k] for k in difflib.get_close_matches(key, list(index), n=3, cutoff=0.3)]


def match_sectors(names: Iterable[object], scheme: str = "nbs42", year: int | None = None,
                  *, where: str | None = None, errors: str = "raise") -> pd.Series:
    """Sector codes of ``names``, matched by name (never by position).

    Parameters
    ----------
    names
        Sector names as printed (any whitespace, full-width forms, 业/产品 endings).
    scheme, year
        ``"nbs42"`` with ``year=None``: canonical 2017 codes; names of older lists are accepted
        when they map to exactly one canonical sector (农林牧渔业 -> ``"01"``). With ``year``:
        the codes of that year's own list (:func:`classification_for_year`), e.g. 2002's
        ``"35"`` = 旅游业; map them to other years with :func:`concordance`. ``scheme`` may
        also name a list directly (``"nbs42_2002"``).
    where
        File/field quoted in errors.
    errors
        ``"raise"`` (default) or ``"coerce"``: unmatched names get ``None`` (used by readers that
        scan every cell of a sheet for sector names).

    Returns
    -------
    pandas.Series
        Index: the names as given; values: codes ``"01"``..``"42"``; ``attrs["classification"]``
        names the list.

    Raises
    ------
    UnknownLabelError
        Listing every unmatched name with its closest known names (:mod:`difflib`), or saying
        which canonical sectors an older name covers when it covers several.
    """
    if errors not in ("raise", "coerce"):
        raise InputError(f"errors={errors!r}", field="errors", expected="'raise' or 'coerce'")
    names = [str(n) for n in names]
    cls = _resolve(scheme, year)
    index, ambiguous = _canonical_index() if cls is None else (_index(cls), {})
    shown_cls = cls or CANONICAL
    codes, problems = [], []
    for name in names:
        key = normalise_sector_name(name)
        if key in index:
            codes.append(index[key])
        elif errors == "coerce":
            codes.append(None)
        elif key in ambiguous:
            problems.append(f"{name!r}: {ambiguous[key]}")
        else:
            near = _closest(key, index, shown_cls)
            problems.append(f"{name!r} (closest: {', '.join(near) if near else 'none'})")
    if problems:
        raise UnknownLabelError(
            f"{len(problems)} sector name(s) not in {shown_cls}: " + "; ".join(problems),
            file=where, field="sector",
            expected=f"names of the {shown_cls} 42-sector list (see revitalize.model.sectors)")
    out = pd.Series(codes, index=pd.Index(names, name="name"), name="code", dtype=object)
    out.attrs["classification"] = shown_cls
    return out


def _path(a: str, b: str) -> list[str]:
    """Shortest chain of linked lists from ``a`` to ``b`` (breadth-first, ties by list order)."""
    links = _table("nbs42_links.csv")
    pairs = set(zip(links["from_classification"], links["to_classification"]))
    edges = {c: sorted({y for x, y in pairs if x == c} | {x for x, y in pairs if y == c},
                       key=_ORDER.index) for c in _ORDER}
    previous: dict[str, str | None] = {a: None}
    queue = [a]
    while queue:
        node = queue.pop(0)
        for nxt in edges[node]:
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    chain = [b]
    while previous[chain[-1]] is not None:
        chain.append(previous[chain[-1]])
    return chain[::-1]


def _step(a: str, b: str) -> pd.DataFrame:
    """Links between linked lists ``a`` and ``b`` (either direction)."""
    links = _table("nbs42_links.csv")
    fwd = links[(links["from_classification"] == a) & (links["to_classification"] == b)]
    if len(fwd):
        return fwd[["from_code", "to_code", "kind", "note"]].reset_index(drop=True)
    back = links[(links["from_classification"] == b) & (links["to_classification"] == a)]
    inv = back.rename(columns={"from_code": "to_code", "to_code": "from_code"})
    inv = inv[["from_code", "to_code", "kind", "note"]].reset_index(drop=True)
    # A sector made only of minor shares (2012's repair services, from 2007's machinery
    # sectors) is, read backwards, wholly in those sectors: promote its links to main.
    has_main = inv.groupby("from_code")["kind"].transform(lambda k: (k == "main").any())
    inv.loc[~has_main, "kind"] = "main"
    return inv


def _compose(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    m = first.merge(second, left_on="to_code", right_on="from_code", suffixes=("", "_2"))
    m["kind"] = ["main" if (k1 == "main" and k2 == "main") else "part"
                 for k1, k2 in zip(m["kind"], m["kind_2"])]
    m["note"] = [" | ".join(n for n in (n1, n2) if n) for n1, n2 in zip(m["note"], m["note_2"])]
    m = m[["from_code", "to_code_2", "kind", "note"]].rename(columns={"to_code_2": "to_code"})
    return m.groupby(["from_code", "to_code"], as_index=False).agg(
        kind=("kind", lambda k: "main" if (k == "main").any() else "part"),
        note=("note", lambda n: " | ".join(dict.fromkeys(x for x in n if x))))


def _as_classification(x: object) -> str:
    if isinstance(x, str) and not x.isdigit():
        return CANONICAL if x == "nbs42" else _resolve(x, None)
    return classification_for_year(int(x))


def concordance(from_year: object, to_year: object) -> pd.DataFrame:
    """Links between the 42-sector lists of two years (or classification names).

    Built by composing the links of ``nbs42_links.csv`` along the shortest chain of linked lists
    (e.g. 2002 → 2005 → 2007 → 2017; reversed for backward spans). A composed link is ``main``
    when every step is ``main``. Read backwards, a sector made only of ``part`` links (2017's
    repair services, seen from 2007) has them promoted to ``main``.

    Returns
    -------
    pandas.DataFrame
        ``from_classification, from_code, from_name_cn, to_classification, to_code, to_name_cn,
        to_name_en, kind, relation, note``; ``relation`` of ``main`` links is ``1:1``, ``n:1``
        (merge), ``1:n`` (split) or ``n:n``; ``part`` links have relation ``part``.
        Example: ``concordance(2015, 2017)`` maps 22 其他制造产品 and 23 废品废料 to 22 (n:1) and
        36 科学研究和技术服务 to 35 and 36 (1:n).
    """
    return _concordance(_as_classification(from_year), _as_classification(to_year)).copy()


@cache
def _concordance(a: str, b: str) -> pd.DataFrame:
    """:func:`concordance` between two classification names (computed once per pair; callers
    get copies, the shipped CSVs never change at run time)."""
    codes = sector_list(a).index
    links = pd.DataFrame({"from_code": codes, "to_code": codes, "kind": "main", "note": ""})
    chain = _path(a, b)
    for x, y in itertools.pairwise(chain):
        links = _compose(links, _step(x, y))
    main = links[links["kind"] == "main"]
    n_to = main.groupby("from_code")["to_code"].nunique()
    n_from = main.groupby("to_code")["from_code"].nunique()
    rel = {(1, 1): "1:1", (1, 2): "n:1", (2, 1): "1:n", (2, 2): "n:n"}
    links["relation"] = [
        "part" if kind == "part" else rel[(min(n_to[f], 2), min(n_from[t], 2))]
        for f, t, kind in zip(links["from_code"], links["to_code"], links["kind"])]
    src, dst = sector_list(a), sector_list(b)
    links.insert(0, "from_classification", a)
    links.insert(2, "from_name_cn", links["from_code"].map(src["name_cn"]))
    links.insert(3, "to_classification", b)
    links.insert(5, "to_name_cn", links["to_code"].map(dst["name_cn"]))
    links.insert(6, "to_name_en", links["to_code"].map(dst["name_en"]))
    return links.sort_values(["from_code", "to_code"]).reset_index(drop=True)
