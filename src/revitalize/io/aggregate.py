"""Aggregation of IO tables through an explicit sector concordance.

A concordance maps every source sector to target sectors: columns ``from_code, to_code,
to_name_cn, to_name_en`` and optionally ``weight`` (the share of the source sector that goes to
the target; without it every source sector must appear exactly once) and ``from_classification``
(the sector list whose codes ``from_code`` are: the table's sector names are then checked against
that list, so that codes of another year's list are never aggregated by mistake).

Rule (Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., section 4.3 "aggregation"; the
split extension is the usual proportional one): with the ``n x m`` concordance matrix ``C``
(``c_ik`` = weight of source ``i`` in target ``k``, rows summing to 1)

* ``Z* = C' Z C`` (also the imported block ``Z^m``), ``Y* = C' Y`` (also imports ``M``, the
  discrepancy ``E``, imported final use), ``V* = V C``, ``x* = C' x``, total input ``C' x'``.

Because ``C 1 = 1``, row and column balances carry over exactly: ``Z* 1 + Y* 1 = C'(Z 1 + Y 1)``
and ``1'Z* + 1'V* = (1'Z + 1'V) C``; totals of output, value added and final use are preserved.
A split source sector lends the same share of its row (sales) and of its column (purchases) to
each target -- the proportionality assumption, named ``split`` in :func:`year_concordance`.

Shipped concordances (``revitalize/data/concordance/``): ``four_groups`` -- the 42 sectors of
``nbs42_2017`` to the founding paper's four groups (agriculture, industry, high-tech industry,
services), with the high-tech rule (NBS 高技术产业(制造业)分类 2017) in the file's header.

Four groups for every year (:func:`four_groups_concordance`; ``aggregate(table, "four_groups")``
uses it for any table): the 42-sector lists of 2002, 2005, 2007 and 2012 are mapped by name to
the 2017 list (:func:`revitalize.model.sectors.concordance`, ``main`` links) and from there to the
groups; a sector whose main links reach two groups is refused, named (none does in the shipped
lists). The 38-sector provincial list of 1997 (``prov38_1997``, not a 42-sector list) is mapped
by name with the same rule: 01 农业 -> agriculture; 02-18, 21-26 (mining, manufacturing,
machinery repair, other manufacturing, utilities, construction) -> industry; 19 电子及通信设备
制造业 and 20 仪器仪表及文化办公用机械制造业 -> high-tech industry (the 1997 counterparts of 2017
sectors 20 and 21); 27-38 (transport, post and telecommunications, trade, catering, finance,
real estate, social, health, education, research and public services) -> services.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import InputError, UnknownLabelError, ValidationError
from revitalize.model.sectors import (
    CLASSIFICATIONS,
    classification_for_year,
    concordance,
    match_sectors,
    sector_list,
)
from revitalize.model.table import IOTable

__all__ = [
    "FOUR_GROUPS",
    "NAMED_CONCORDANCES",
    "four_groups_concordance",
    "aggregate",
    "aggregate_flows",
    "aggregation_matrix",
    "read_concordance",
    "reclassify",
    "year_concordance",
]

_DIR = Path(__file__).resolve().parents[1] / "data" / "concordance"
NAMED_CONCORDANCES: dict[str, str] = {"four_groups": "nbs42_to_four_groups.csv"}
_REQUIRED = ("from_code", "to_code", "to_name_cn", "to_name_en")
_TOL = 1e-9
Split = Literal["reference_output", "equal"]


# ---------------------------------------------------------------------------- kernels
def aggregation_matrix(codes: list[str], targets: list[str], from_code, to_code,
                       weight) -> np.ndarray:
    """``C`` (n x m): ``c_ik`` = weight of source ``codes[i]`` in target ``targets[k]``."""
    row = {c: i for i, c in enumerate(codes)}
    col = {c: k for k, c in enumerate(targets)}
    C = np.zeros((len(codes), len(targets)))
    np.add.at(C, ([row[c] for c in from_code], [col[c] for c in to_code]),
              np.asarray(weight, dtype=float))
    return C


def aggregate_flows(Z: np.ndarray, C: np.ndarray) -> np.ndarray:
    """``Z* = C' Z C`` (Miller & Blair 2009, section 4.3)."""
    return C.T @ Z @ C


# ---------------------------------------------------------------------------- concordance input
def read_concordance(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """A concordance frame, checked on its own (:func:`aggregate` checks it against a table).

    Parameters
    ----------
    source
        A frame, a CSV path (``#`` comment lines allowed, codes read as text) or a name of
        :data:`NAMED_CONCORDANCES` (``"four_groups"``).

    Returns
    -------
    pandas.DataFrame
        The input columns plus ``weight`` (1 where absent); ``attrs["source"]`` names it,
        ``attrs["classification"]`` names the target list (the file stem for files).

    Raises
    ------
    InputError
        Missing columns, blank codes, weights not in (0, 1], one target code with two names.
    """
    where, name = "concordance", None
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
    else:
        path = Path(source)
        if not path.exists() and str(source) in NAMED_CONCORDANCES:
            name, path = str(source), _DIR / NAMED_CONCORDANCES[str(source)]
        where = str(path) if name is None else name
        if not path.exists():
            raise InputError("no such concordance file or name", file=source, field="concordance",
                             expected=f"a CSV file or one of {sorted(NAMED_CONCORDANCES)}")
        frame = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
        name = name or path.stem
    missing = [c for c in _REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(f"concordance lacks columns {missing}", file=where, field="columns",
                         expected=f"columns {list(_REQUIRED)} (and optionally weight)")
    for col in _REQUIRED:
        frame[col] = frame[col].astype(str).str.strip()
    blank = frame.index[(frame["from_code"] == "") | (frame["to_code"] == "")].tolist()
    if blank:
        raise InputError("blank sector codes", file=where, row=[i + 1 for i in blank],
                         field="from_code/to_code", expected="a code in every row")
    weighted = "weight" in frame.columns
    frame["weight"] = _weights(frame, where)
    _check_target_names(frame, where)
    frame.attrs.update(source=where, weighted=weighted,
                       classification=frame.attrs.get("classification", name or ""))
    return frame.reset_index(drop=True)


def _weights(frame: pd.DataFrame, where: str) -> pd.Series:
    if "weight" not in frame.columns:
        return pd.Series(1.0, index=frame.index)
    w = pd.to_numeric(frame["weight"].replace("", np.nan), errors="coerce")
    single = ~frame["from_code"].duplicated(keep=False)
    w = w.where(~(w.isna() & single), 1.0)  # a blank weight of a sector mapped once is 1
    bad = frame.index[~((w > 0) & (w <= 1 + _TOL))].tolist()
    if bad:
        shown = ", ".join(f"{frame.at[i, 'from_code']}={frame.at[i, 'weight']}" for i in bad[:8])
        raise InputError(f"weights not in (0, 1]: {shown}", file=where, row=[i + 1 for i in bad],
                         field="weight", expected="a share in (0, 1] for every row of a split sector")
    return w.astype(float)


def _check_target_names(frame: pd.DataFrame, where: str) -> None:
    names = frame.groupby("to_code")[["to_name_cn", "to_name_en"]].nunique()
    bad = names.index[(names > 1).any(axis=1)].tolist()
    if bad:
        raise InputError(f"target codes {bad} carry more than one name", file=where,
                         field="to_name_cn/to_name_en", expected="one name per target code")


def _check_against(frame: pd.DataFrame, table: IOTable) -> None:
    """Every table sector mapped exactly once (or by weights summing to 1), no unknown codes."""
    where, codes = frame.attrs.get("source", "concordance"), table.codes
    unknown = sorted(set(frame["from_code"]) - set(codes))
    if unknown:
        raise UnknownLabelError(f"concordance maps sector codes {unknown} that {table.label} lacks",
                                file=where, field="from_code",
                                expected=f"codes of the table: {codes[:5]}...")
    unmapped = [c for c in codes if c not in set(frame["from_code"])]
    if unmapped:
        raise InputError(f"sectors {unmapped} of {table.label} are not mapped", file=where,
                         field="from_code", expected="every source sector mapped")
    pairs = frame[frame.duplicated(["from_code", "to_code"], keep=False)]["from_code"]
    if len(pairs):
        raise InputError(f"sectors {sorted(set(pairs))} map to the same target twice",
                         file=where, field="from_code/to_code", expected="one row per pair")
    counts = frame["from_code"].value_counts()
    sums = frame.groupby("from_code")["weight"].sum()
    off = sums[(sums - 1.0).abs() > 1e-6]
    if len(off):
        shown = ", ".join(f"{c}: {s:.6g}" for c, s in off.items())
        what = ("weights not summing to 1" if frame.attrs.get("weighted") else
                f"sectors mapped more than once ({[c for c in off.index if counts[c] > 1]}) "
                "and no weight column")
        raise InputError(f"{what}: {shown}", file=where, field="weight",
                         expected="each source sector mapped exactly once, or weights summing to 1")


def _check_classification(frame: pd.DataFrame, table: IOTable) -> None:
    """When the concordance names its source list, the table's sector names must be that list."""
    if "from_classification" not in frame.columns:
        return
    lists = sorted(set(frame["from_classification"]) - {""})
    if len(lists) != 1 or lists[0] not in CLASSIFICATIONS:
        raise InputError(f"from_classification {lists} is not one known list",
                         file=frame.attrs.get("source"), field="from_classification",
                         expected=f"one of {list(CLASSIFICATIONS)}")
    matched = match_sectors(table.sectors["name_cn"], lists[0], errors="coerce").to_numpy()
    bad = [f"{c} {n}" for c, n, m in zip(table.codes, table.sectors["name_cn"], matched) if m != c]
    if bad:
        raise ValidationError(
            f"{table.label}: sectors {bad[:6]}{'...' if len(bad) > 6 else ''} are not those codes "
            f"of {lists[0]}", file=frame.attrs.get("source"), field="from_classification",
            expected=f"a table on the {lists[0]} list (map other years with reclassify())")


# ---------------------------------------------------------------------------- four groups
FOUR_GROUPS: dict[str, tuple[str, str]] = {
    "AGR": ("农业", "Agriculture"), "IND": ("工业", "Industry"),
    "HTI": ("高技术产业", "High-tech industry"), "SRV": ("服务业", "Services")}
_LIST_1997 = "prov38_1997"
_GROUPS_1997: dict[str, str] = {
    "农业": "AGR", "煤炭采选业": "IND", "石油和天然气开采业": "IND", "金属矿采选业": "IND",
    "非金属矿采选业": "IND", "食品制造及烟草加工业": "IND", "纺织业": "IND",
    "服装皮革羽绒及其他纤维制品制造业": "IND", "木材加工及家具制造业": "IND",
    "造纸印刷及文教用品制造业": "IND", "石油加工及炼焦业": "IND", "化学工业": "IND",
    "非金属矿物制品业": "IND", "金属冶炼及压延加工业": "IND", "金属制品业": "IND",
    "机械工业": "IND", "交通运输设备制造业": "IND", "电气机械及器材制造业": "IND",
    "电子及通信设备制造业": "HTI", "仪器仪表及文化办公用机械制造业": "HTI",
    "机械设备修理业": "IND", "其他制造业": "IND", "电力及蒸汽热水生产和供应业": "IND",
    "煤气生产和供应业": "IND", "自来水的生产和供应业": "IND", "建筑业": "IND",
    "货物运输及仓储业": "SRV", "邮电业": "SRV", "商业": "SRV", "饮食业": "SRV",
    "旅客运输业": "SRV", "金融保险业": "SRV", "房地产业": "SRV", "社会服务业": "SRV",
    "卫生体育和社会福利事业": "SRV", "教育文化艺术广播电影电视事业": "SRV",
    "科研和综合技术服务业": "SRV", "行政机关": "SRV"}


def _groups_frame(codes, names, groups, source_list: str) -> pd.DataFrame:
    frame = pd.DataFrame({"from_code": list(codes), "from_name_cn": list(names),
                          "to_code": list(groups)})
    frame["to_name_cn"] = [FOUR_GROUPS[g][0] for g in groups]
    frame["to_name_en"] = [FOUR_GROUPS[g][1] for g in groups]
    frame.attrs.update(classification="four_groups", source=f"four_groups({source_list})")
    return frame


def _four_groups_1997(table: IOTable) -> pd.DataFrame:
    from revitalize.model.sectors import normalise_sector_name

    key = {normalise_sector_name(k): v for k, v in _GROUPS_1997.items()}
    names = table.sectors["name_cn"].tolist()
    groups = [key.get(normalise_sector_name(n)) for n in names]
    unknown = [f"{c} {n}" for c, n, g in zip(table.codes, names, groups) if g is None]
    if unknown:
        raise UnknownLabelError(f"{table.label}: sectors {unknown} are not on the 1997 "
                                "38-sector list", field="sectors",
                                expected="the names of sector_names_1997_38.csv")
    return _groups_frame(table.codes, names, groups, _LIST_1997)


def four_groups_concordance(table: IOTable) -> pd.DataFrame:
    """Concordance of ``table``'s sectors to the four groups (module docstring), by name.

    The list is the table's ``classification`` when it is a known 42-sector list or
    ``prov38_1997``, else the list of its year; its sector names are checked against it.

    Raises
    ------
    UnknownLabelError, ValidationError
        Names not on the list; a sector whose main links reach two groups.
    """
    if table.classification == _LIST_1997 or (table.year == 1997 and table.n == 38):
        return _four_groups_1997(table)
    cls = table.classification if table.classification in CLASSIFICATIONS else \
        classification_for_year(table.year)
    codes = match_sectors(table.sectors["name_cn"], cls, where=table.label).tolist()
    base = read_concordance("four_groups").set_index("from_code")["to_code"]
    links = concordance(cls, CLASSIFICATIONS[-1])
    links = links[links["kind"] == "main"]
    targets = links.assign(group=links["to_code"].map(base)).groupby("from_code")["group"]
    groups = targets.unique()
    mixed = [c for c, g in groups.items() if len(g) != 1]
    if mixed:
        raise ValidationError(f"{table.label}: sectors {mixed} of {cls} map to several of the "
                              "four groups", field="four_groups",
                              expected="a concordance with weights (aggregate(table, frame))")
    frame = _groups_frame(table.codes, table.sectors["name_cn"],
                          [groups[c][0] for c in codes], cls)
    return frame


# ---------------------------------------------------------------------------- shell
def aggregate(table: IOTable, concordance: str | Path | pd.DataFrame, *,
              classification: str | None = None) -> IOTable:
    """A new table with sectors summed through ``concordance`` (rule in the module docstring).

    Parameters
    ----------
    table
        Any IO table (competitive or non-competitive); it is not modified.
    concordance
        Frame, CSV path or name (:func:`read_concordance`).
    classification
        Name of the target list on the new table (default: the concordance's name).

    Raises
    ------
    UnknownLabelError
        The concordance maps codes the table lacks.
    InputError
        Table sectors unmapped, mapped twice without weights, or weights not summing to 1.
    ValidationError
        The concordance names its source list and the table's sector names are another list.
    """
    if isinstance(concordance, str) and concordance == "four_groups":
        concordance = four_groups_concordance(table)
    frame = read_concordance(concordance)
    _check_against(frame, table)
    _check_classification(frame, table)
    targets = list(dict.fromkeys(frame["to_code"]))
    C = aggregation_matrix(table.codes, targets, frame["from_code"], frame["to_code"],
                           frame["weight"])
    names = frame.drop_duplicates("to_code").set_index("to_code").loc[targets]
    sectors = pd.DataFrame({"name_cn": names["to_name_cn"].to_numpy(),
                            "name_en": names["to_name_en"].to_numpy()},
                           index=pd.Index(targets, name="code"))
    rows = lambda f: None if f is None else pd.DataFrame(  # noqa: E731
        C.T @ f.to_numpy(float), index=targets, columns=f.columns)
    vec = lambda s: pd.Series(C.T @ s.to_numpy(float), index=targets, name=s.name)  # noqa: E731
    square = lambda f: None if f is None else pd.DataFrame(  # noqa: E731
        aggregate_flows(f.to_numpy(float), C), index=targets, columns=targets)
    name = classification or frame.attrs.get("classification") or f"{table.classification}_agg"
    return replace(
        table, sectors=sectors, Z=square(table.Z), Z_imports=square(table.Z_imports),
        final_demand=rows(table.final_demand), imports=rows(table.imports),
        final_demand_imports=rows(table.final_demand_imports), other=vec(table.other),
        value_added=pd.DataFrame(table.value_added.to_numpy(float) @ C,
                                 index=table.value_added.index, columns=targets),
        output=vec(table.output), total_input=vec(table.total_input), classification=name,
        notes=table.notes + (f"aggregated from {table.n} sectors ({table.classification}) to "
                             f"{len(targets)} with concordance {frame.attrs.get('source')}",))


# ---------------------------------------------------------------------------- across years
def _split_weights(links: pd.DataFrame, split: Split, reference: pd.Series | None,
                   target_cls: str) -> pd.Series:
    if split == "equal":
        return 1.0 / links.groupby("from_code")["to_code"].transform("size")
    if split != "reference_output":
        raise InputError(f"unknown split {split!r}", field="split",
                         expected="'reference_output' or 'equal'")
    splits = links.groupby("from_code")["to_code"].transform("size") > 1
    if not splits.any():
        return pd.Series(1.0, index=links.index)
    if reference is None:
        shown = sorted(set(links.loc[splits, "from_code"]))
        raise InputError(f"sectors {shown} split into several {target_cls} sectors; their shares "
                         "need a reference output", field="reference_output",
                         expected=f"output by {target_cls} code (e.g. a table of that list), "
                                  "or split='equal'")
    part = links[splits]
    ref = reference.reindex(part["to_code"]).to_numpy(float)
    if np.isnan(ref).any() or (ref < 0).any():
        bad = sorted(set(part["to_code"][np.isnan(ref) | (ref < 0)]))
        raise InputError(f"reference output missing or negative for {target_cls} codes {bad}",
                         field="reference_output", expected="non-negative output of every target")
    ref = pd.Series(ref, index=part.index)
    total = ref.groupby(part["from_code"]).transform("sum")
    if (total <= 0).any():
        bad = sorted(set(part.loc[total <= 0, "from_code"]))
        raise InputError(f"reference output of the targets of {bad} sums to zero",
                         field="reference_output", expected="positive output to split by")
    return (ref / total).reindex(links.index).fillna(1.0)


def year_concordance(from_year: object, to_year: object, *, split: Split = "reference_output",
                     reference_output: pd.Series | None = None) -> pd.DataFrame:
    """Concordance between the NBS 42-sector lists of two years, ready for :func:`aggregate`.

    Built from :func:`revitalize.model.sectors.concordance`, ``main`` links only (``part``
    links move minor shares the lists do not quantify; they are not allocated). Merges get
    weight 1; a source sector that splits into several targets is allocated by ``split``:

    * ``"reference_output"`` (default) -- ``w_ik = x_k / sum_{k' in targets(i)} x_k'`` with
      ``x`` the output of the target sectors in ``reference_output`` (a table of the target
      list, e.g. the 2017 national table when mapping 2015 to 2017). A source table alone
      cannot split its own sector: its output is the sum of the parts, so the shares must come
      from a table that shows the parts.
    * ``"equal"`` -- ``w_ik = 1 / (number of targets)``.

    Returns
    -------
    pandas.DataFrame
        ``from_classification, from_code, from_name_cn, to_code, to_name_cn, to_name_en,
        weight, relation``; ``attrs["classification"]`` is the target list and
        ``attrs["split"]`` the rule.
    """
    links = concordance(from_year, to_year)
    links = links[links["kind"] == "main"].reset_index(drop=True)
    target_cls = str(links["to_classification"].iloc[0])
    links["weight"] = _split_weights(links, split, reference_output, target_cls).to_numpy()
    out = links[["from_classification", "from_code", "from_name_cn", "to_code", "to_name_cn",
                 "to_name_en", "weight", "relation"]].copy()
    out.attrs.update(classification=target_cls, split=split,
                     source=f"year_concordance({from_year}, {to_year}, split={split})")
    return out


def _reference(reference: IOTable | pd.Series | None, to_cls: str) -> pd.Series | None:
    if not isinstance(reference, IOTable):
        return reference
    codes = match_sectors(reference.sectors["name_cn"], to_cls, where=reference.label).to_numpy()
    return pd.Series(reference.output.to_numpy(float), index=codes)


def reclassify(table: IOTable, to_year: object, *, split: Split = "reference_output",
               reference: IOTable | pd.Series | None = None) -> IOTable:
    """``table`` (a 42-sector NBS table) on the 42-sector list of ``to_year``.

    The table's list is found from its year (:func:`~revitalize.model.sectors.classification_for_year`)
    and checked by name; splits follow ``split`` with ``reference`` (a table of the target
    list, or output by target code); see :func:`year_concordance`.
    """
    from_cls = classification_for_year(table.year)
    to_cls = classification_for_year(int(to_year)) if str(to_year).isdigit() else str(to_year)
    links = year_concordance(from_cls, to_cls, split=split,
                             reference_output=_reference(reference, to_cls))
    out = aggregate(table, links, classification=to_cls)
    return replace(out, sectors=out.sectors.assign(
        name_en=sector_list(to_cls).reindex(out.codes)["name_en"].to_numpy()))
