"""Evaluate a declared indicator system (:mod:`revitalize.evaluate.systems`) on provincial panels.

Steps (every convention is recorded in the result's ``meta``):

1. **Values.** Each leaf indicator is ``scale * numerator / denominator`` of panel series,
   read per province and year after dropping the quality flags the system excludes (e.g. ``E``
   of the energy panel). Only provinces are evaluated (the nation and aggregates are dropped).
2. **Missing data.** A province-year lacking any indicator of the system is *excluded* from
   the evaluation and listed in ``extra["excluded"]`` with the indicators it lacks; nothing is
   imputed, except blank numerators of indicators declared ``missing: zero`` (counted in
   ``meta["zero_filled"]``). A zero denominator counts as missing.
3. **Normalisation.** Min-max over all complete province-years (pooled over years, so indices
   are comparable across years): benefit ``z = (x - min) / (max - min)``, cost
   ``z = (max - x) / (max - min)``. The sample is not affected by the ``years``/``regions``
   filters, which only select the rows reported.
4. **Weights.** Per subsystem as declared: equal, entropy or CRITIC on the complete
   province-years (:mod:`revitalize.evaluate.weights`), AHP from the given judgment matrix
   (:mod:`revitalize.evaluate.ahp`), fixed, or combined (``combine_weights``).
5. **Indices.** Subsystem index ``U_s = sum_i w_i z_i``; score ``S = sum_s W_s U_s``; rank
   within each year (1 = highest score; ties share the smallest rank) among the provinces
   with complete data that year (``n_ranked``).
6. **Coupling coordination** of the subsystem indices (``revitalize.evaluate.coupling``), when
   the system has at least two subsystems.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError, ValidationError
from revitalize.errors import warn as _warn
from revitalize.evaluate.systems import (
    IndicatorRef,
    IndicatorSpec,
    IndicatorSystem,
    WeightSpec,
    load_system,
)
from revitalize.model.panel import Panel
from revitalize.results import Provenance, Result, build_meta

__all__ = ["SystemResult", "evaluate_system", "load_panels"]

_KEY = ["region", "year"]


# ---------------------------------------------------------------------------- panels
def _header(path: Path) -> list[str]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    except (UnicodeDecodeError, OSError):
        return []


def _find_dataset(folder: Path, name: str) -> Path | None:
    """The CSV under ``folder`` (or ``folder/name``) whose header is known dataset ``name``.

    The provincial statistics layouts (:mod:`revitalize.data.readers.nbs_provincial`) name no
    dataset in their header and one layout can hold two files (``cn_prov_nbs_2000_2019`` and
    its trade extension), so in ``folder/name`` the file ``<name>_long.csv`` is taken, or the
    only file with such a header."""
    from revitalize.data.readers.nbs_provincial import detect_nbs_provincial
    from revitalize.data.readers.panel import detect_panel_layout

    for candidate in sorted((folder / name).glob("*.csv")) + sorted(folder.glob("*.csv")):
        found = detect_panel_layout(_header(candidate))
        if found and found[1] is not None and found[1].name == name:
            return candidate
    own = [c for c in sorted((folder / name).glob("*.csv")) if detect_nbs_provincial(_header(c))]
    named = [c for c in own if c.name == f"{name}_long.csv"]
    return (named or own)[0] if len(named or own) == 1 else None


def _read(path: Path) -> Panel:
    """A panel file, its layout recognised by its header (:func:`revitalize.data.readers.read_any`:
    a provincial statistics layout or any panel layout)."""
    from revitalize.data.readers import read_any

    panel = read_any(path)
    if not isinstance(panel, Panel):
        raise InputError("not a panel", file=path.name, field="datasets",
                         expected="a region x year x indicator panel file")
    return panel


def _known_name(panel: Panel, fallback: str) -> str:
    prefix = "recognised by its header as dataset "
    note = next((n for n in panel.provenance.notes if n.startswith(prefix)), None)
    return note[len(prefix):] if note else fallback


def load_panels(sources: str | Path | Sequence[str | Path], *, data_dir: Path | None = None,
                needed: Iterable[str] | None = None) -> dict[str, Panel]:
    """Panels by dataset name from directories, CSV files or store datasets.

    Parameters
    ----------
    sources
        Items (or one comma-separated string) of the form ``[name=]ref``: ``ref`` is a
        directory (searched for the needed known datasets, in ``DIR/<name>/*.csv`` and
        ``DIR/*.csv``, recognised by their header), a panel CSV file (named after the known
        dataset it is, else its stem) or the name of a panel dataset in the store.
    data_dir
        Store directory (default: the user data directory).
    needed
        Dataset names to look for in directories (required when a directory is given).
    """
    if isinstance(sources, Path):
        sources = [sources]
    items = sources.split(",") if isinstance(sources, str) else list(sources)
    panels: dict[str, Panel] = {}
    for item in (str(i).strip() for i in items if str(i).strip()):
        name, _, ref = item.rpartition("=")
        path = Path(ref)
        if path.is_dir():
            for want in ([name] if name else list(needed or [])):
                found = _find_dataset(path, want)
                if found is not None:
                    panels[want] = _read(found)
        elif path.is_file():
            panel = _read(path)
            panels[name or _known_name(panel, path.stem)] = panel
        else:
            panels[name or ref] = _stored_panel(ref, data_dir)
    return panels


def _stored_panel(name: str, data_dir: Path | None) -> Panel:
    from revitalize.data.store import Store

    obj = Store(data_dir).load(name)
    if not isinstance(obj, Panel):
        raise InputError(f"dataset {name!r} is not a panel", file=name, field="--data",
                         expected="a region x year panel (not an IO table)")
    return obj


# ---------------------------------------------------------------------------- values
@dataclass
class _Values:
    raw: pd.DataFrame  # (region, year) x indicator key; NaN where missing
    reasons: dict[tuple, list[str]]  # (region, year) -> indicators lacking
    zero_filled: dict[str, int]
    flags: Counter
    dropped: dict[str, int]
    provenance: list[Provenance]


def _dataset_frames(system: IndicatorSystem, panels: Mapping[str, Panel]):
    from revitalize.model.regions import REGIONS

    frames, dropped, provs = {}, {}, []
    for name in system.datasets_needed():
        if name not in panels:
            raise UnknownLabelError(f"dataset {name!r} is needed by system {system.name!r} but "
                                    "was not given", field="--data",
                                    expected=f"panels for {system.datasets_needed()}")
        panel, opts = panels[name], system.datasets.get(name)
        d = panel.data[panel.data["region"].map(lambda c: getattr(REGIONS.get(c), "kind", "")
                                                == "province")]
        letters = opts.exclude_flags if opts else ""
        gone = d.iloc[:0]
        if letters:
            bad = d["flag"].fillna("").str.contains(f"[{letters}]", regex=True)
            dropped[name] = int(bad.sum())
            d, gone = d[~bad], d[bad]
        frames[name] = (panel, d, gone)
        provs.append(panel.provenance)
    return frames, dropped, provs


def _series(ref: IndicatorRef, frames) -> tuple[pd.Series, pd.Series]:
    panel, d, _ = frames[ref.dataset]
    if ref.indicator not in panel.indicators:
        raise UnknownLabelError(f"indicator {ref.indicator!r} is not in dataset {ref.dataset!r}",
                                file=ref.dataset, field="source",
                                expected=f"one of {panel.indicators}")
    part = d[d["indicator"] == ref.indicator].set_index(_KEY)
    return part["value"].astype(float), part["flag"].fillna("")


def _indicator_values(spec: IndicatorSpec, frames) -> tuple[pd.Series, int, pd.Series]:
    num, nflags = _series(spec.numerator, frames)
    flags = nflags
    filled = 0
    if spec.denominator is None:
        return spec.scale * num, filled, flags
    den, dflags = _series(spec.denominator, frames)
    if spec.missing == "zero":  # never where the source value was dropped for its flag
        gone = frames[spec.numerator.dataset][2]
        gone = gone[gone["indicator"] == spec.numerator.indicator].set_index(_KEY).index
        add = den.index.difference(num.index).difference(gone)
        filled = len(add)
        num = pd.concat([num, pd.Series(0.0, index=add)])
    num, den = num.align(den, join="inner")
    flags = (nflags.reindex(num.index, fill_value="") + dflags.reindex(num.index,
                                                                       fill_value=""))
    with np.errstate(divide="ignore", invalid="ignore"):
        value = spec.scale * num / den.where(den != 0)
    return value, filled, flags


def _values(system: IndicatorSystem, panels: Mapping[str, Panel]) -> _Values:
    frames, dropped, provs = _dataset_frames(system, panels)
    cols, filled, flags = {}, {}, {}
    for spec in system.indicators:
        cols[spec.key], n, flags[spec.key] = _indicator_values(spec, frames)
        if n:
            filled[spec.key] = n
    raw = pd.DataFrame(cols).sort_index()
    raw.index.names = _KEY
    lacking = raw.isna()
    reasons = {idx: [c for c in raw.columns if row[c]] for idx, row in lacking.iterrows()
               if row.any()}
    complete = raw.index[~lacking.any(axis=1)]
    used = Counter(ch for key, f in flags.items()
                   for cell in f.reindex(complete, fill_value="") for ch in cell if ch != ";")
    return _Values(raw, reasons, filled, used, dropped, provs)


# ---------------------------------------------------------------------------- normalise, weight
def _normalise(raw: pd.DataFrame, directions: Mapping[str, str]) -> pd.DataFrame:
    lo, hi = raw.min(), raw.max()
    span = hi - lo
    flat = span[~(span > 0)]
    if len(flat):
        raise ValidationError(f"indicator {flat.index[0]!r} is constant over the complete "
                              f"province-years ({lo[flat.index[0]]:g})", field=flat.index[0],
                              expected="an indicator that varies (min-max needs max > min)")
    z = (raw - lo) / span
    cost = [k for k, d in directions.items() if d == "cost"]
    z[cost] = 1.0 - z[cost]
    return z


def _weights(spec: WeightSpec, matrix: pd.DataFrame, directions, name: str) -> pd.Series:
    """Weights of the columns of ``matrix`` (raw values or indices) by ``spec``."""
    keys = list(matrix.columns)
    method = spec.method
    if len(keys) == 1:
        return pd.Series([1.0], index=keys)
    if method == "equal":
        return pd.Series(1.0 / len(keys), index=keys)
    if method == "fixed":
        w = pd.Series(dict(spec.values))[keys]
        return _unit_sum(w, name)
    if method == "ahp":
        from revitalize.evaluate.ahp import ahp

        return _aligned(ahp(np.array(spec.judgment), keys, method=spec.ahp_method,
                            name=f"{name} judgment matrix").weights, keys)
    if method in ("entropy", "critic"):
        from revitalize.evaluate import weights as wmod

        fn = wmod.entropy_weights if method == "entropy" else wmod.critic_weights
        return _aligned(fn(matrix, dict(directions), name=name).weights, keys)
    from revitalize.evaluate.weights import combine_weights  # combined

    subj = _weights(spec.subjective, matrix, directions, name)
    obj = _weights(WeightSpec(spec.objective), matrix, directions, name)
    return _aligned(combine_weights(subj, obj, rule=spec.rule, alpha=spec.alpha).weights, keys)


def _aligned(weights, keys: list[str]) -> pd.Series:
    return pd.Series(weights, dtype=float).reindex(keys)


def _unit_sum(w: pd.Series, name: str) -> pd.Series:
    total = float(w.sum())
    if not np.isfinite(w).all() or (w < 0).any() or total <= 0:
        raise InputError(f"{name}: weights {w.to_dict()}", field=name,
                         expected="non-negative weights with a positive sum")
    if abs(total - 1.0) > 1e-6:
        _warn(f"{name}: fixed weights sum to {total:.6g}; renormalised",
                      DataQualityWarning, stacklevel=4)
    return w / total


# ---------------------------------------------------------------------------- result
@dataclass(frozen=True)
class SystemResult(Result):
    """Indicator-system evaluation: one row per province-year with complete data --
    ``region, region_en, region_cn, year, <subsystem indices>, score, rank, n_ranked`` and the
    coupling coordination columns. ``extra``: ``indicators`` (raw values, every province-year),
    ``normalised``, ``weights``, ``excluded`` (province-years left out, with what they lack),
    ``zero_filled``."""

    def ranks(self, regions: Iterable[str] = ("NE",)) -> pd.DataFrame:
        """Years x provinces table of ranks (any spelling; aggregates expand to members)."""
        codes = _region_codes(regions)
        t = self.table[self.table["region"].isin(codes)]
        out = t.pivot(index="year", columns="region_en", values="rank")
        out["n_ranked"] = self.table.groupby("year")["n_ranked"].first().reindex(out.index)
        return out

    def summary(self) -> str:
        m = self.meta
        years = sorted(self.table["year"].unique()) if len(self.table) else []
        span = f"{years[0]}-{years[-1]}" if years else "no years"
        return (f"{m.get('system')}: {len(self.table)} province-years ({span}), "
                f"{m.get('excluded')} excluded for missing data; subsystems "
                f"{[s['key'] for s in m.get('subsystems', [])]}")


def _region_codes(regions: Iterable[str]) -> list[str]:
    from revitalize.model.regions import REGIONS, members, region_code

    codes: list[str] = []
    for r in regions:
        code = region_code(r, where="region")
        codes += [code] if REGIONS[code].kind == "province" else list(members(code))
    return codes


def _coupling(u: pd.DataFrame, weights: pd.Series, options: Mapping[str, Any]):
    """Coupling C, comprehensive index T and coordination D (with its class) of the subsystem
    indices, by :func:`revitalize.evaluate.coupling.coupling_coordination`; ``T`` uses the
    subsystem weights unless ``options`` name others. Returns (columns, conventions)."""
    from revitalize.evaluate.coupling import coupling_coordination

    opts = {"weights": weights.to_dict(), **dict(options)}
    res = coupling_coordination(u, name="subsystem indices", **opts)
    frame = res.table.reindex(u.index)
    out = frame.rename(columns={c: f"coupling_{c}" for c in frame.columns})
    return out, {**dict(res.meta.get("conventions", {})),
                 "grading_source": res.meta.get("grading_source")}


def _excluded_frame(values: _Values, complete: pd.Index) -> pd.DataFrame:
    rows = [{"region": r, "year": y, "missing": ", ".join(v)}
            for (r, y), v in sorted(values.reasons.items()) if (r, y) not in complete]
    return pd.DataFrame(rows, columns=["region", "year", "missing"])


def _weights_frame(sub_w: dict[str, pd.Series], agg_w: pd.Series) -> pd.DataFrame:
    rows = [{"level": "indicator", "subsystem": s, "item": k, "weight": float(v)}
            for s, w in sub_w.items() for k, v in w.items()]
    rows += [{"level": "subsystem", "subsystem": "", "item": k, "weight": float(v)}
             for k, v in agg_w.items()]
    return pd.DataFrame(rows)


def _with_override(spec: WeightSpec, override: str | None) -> WeightSpec:
    if override is None:
        return spec
    if override not in ("equal", "entropy", "critic"):
        raise InputError(f"weight method {override!r}", field="weight_method",
                         expected="equal, entropy or critic (others need a judgment matrix)")
    return WeightSpec(override)


def evaluate_system(system: IndicatorSystem | str | Path, panels: Mapping[str, Panel], *,
                    years: Iterable[int] | None = None, regions: Iterable[str] | None = None,
                    weight_method: str | None = None, coupling: bool = True,
                    coupling_options: Mapping[str, Any] | None = None) -> SystemResult:
    """Subsystem indices, overall score, rank and coupling coordination per province-year.

    Parameters
    ----------
    system
        An :class:`~revitalize.evaluate.systems.IndicatorSystem`, a shipped system name or a
        YAML path (:func:`~revitalize.evaluate.systems.load_system`).
    panels
        Dataset name -> :class:`~revitalize.model.panel.Panel` (see :func:`load_panels`).
    years, regions
        Rows reported (any region spelling; aggregates such as ``"NE"`` expand to their
        provinces). Normalisation, weights and ranks always use every complete province-year.
    weight_method
        Override every declared weight method (``"equal"``, ``"entropy"``, ``"critic"``).
    coupling
        Add the coupling coordination of the subsystem indices (needs two subsystems).
    coupling_options
        Keywords passed to ``revitalize.evaluate.coupling.coupling_coordination``.
    """
    if not isinstance(system, IndicatorSystem):
        system = load_system(system)
    values = _values(system, panels)
    complete = values.raw.dropna()
    if complete.empty:
        raise ValidationError(f"no province-year has every indicator of system {system.name!r}",
                              field="panels", expected="panels covering the system's indicators")
    directions = {i.key: i.direction for i in system.indicators}
    z = _normalise(complete, directions)
    sub_w, u = {}, {}
    for s in system.subsystems:
        keys = [i.key for i in s.indicators]
        sub_w[s.key] = _weights(_with_override(s.weights, weight_method), complete[keys],
                                {k: directions[k] for k in keys}, s.key)
        u[s.key] = z[keys] @ sub_w[s.key]
    u = pd.DataFrame(u)
    agg_w = _weights(_with_override(system.weights, weight_method), u,
                     dict.fromkeys(u.columns, "benefit"), "subsystems")
    couple = (_coupling(u, agg_w, coupling_options or {}) if coupling and u.shape[1] > 1
              else (None, None))
    table = _select(_table(u, u @ agg_w, couple[0]), years, regions)
    _warn_flags(values, system)
    extra = {"indicators": values.raw.reset_index(), "normalised": z.reset_index(),
             "weights": _weights_frame(sub_w, agg_w),
             "excluded": _excluded_frame(values, complete.index),
             "zero_filled": pd.Series(values.zero_filled, dtype=int)}
    meta = _meta(system, values, complete, sub_w, agg_w, weight_method, couple[1])
    return SystemResult(table=table, meta=meta, extra=extra)


def _table(u: pd.DataFrame, score: pd.Series, coupling: pd.DataFrame | None) -> pd.DataFrame:
    from revitalize.model.regions import REGIONS

    t = u.copy()
    t["score"] = score
    by_year = t["score"].groupby(level="year")
    t["rank"] = by_year.rank(ascending=False, method="min").astype(int)
    t["n_ranked"] = by_year.transform("size").astype(int)
    if coupling is not None:
        t = t.join(coupling)
    t = t.reset_index()
    t.insert(1, "region_en", t["region"].map(lambda c: REGIONS[c].name_en))
    t.insert(2, "region_cn", t["region"].map(lambda c: REGIONS[c].name_cn))
    return t.sort_values(["year", "rank"], kind="stable").reset_index(drop=True)


def _select(table: pd.DataFrame, years, regions) -> pd.DataFrame:
    if years is not None:
        wanted = [int(y) for y in years]
        table = table[table["year"].isin(wanted)]
    if regions is not None:
        table = table[table["region"].isin(_region_codes(regions))]
    return table.reset_index(drop=True)


def _warn_flags(values: _Values, system: IndicatorSystem) -> None:
    if values.flags:
        text = ", ".join(f"{k}={n}" for k, n in sorted(values.flags.items()))
        _warn(f"system {system.name}: values used carry quality flags ({text}); "
                      "see the datasets' flag legends", DataQualityWarning, stacklevel=3)


def _meta(system, values: _Values, complete, sub_w, agg_w, override, coupling):
    per_year = complete.groupby(level="year").size()
    conventions = {
        "normalisation": "min-max over all complete province-years, pooled over years "
                         "(benefit (x-min)/(max-min), cost (max-x)/(max-min))",
        "missing": "province-years lacking any indicator excluded, never imputed "
                   "(except indicators declared missing: zero)",
        "subsystem_index": "U_s = sum_i w_i z_i", "score": "S = sum_s W_s U_s",
        "rank": "1 = highest score within the year; ties share the smallest rank",
        "regions": "provinces only", "weight_override": override,
        "coupling": coupling,
    }
    subsystems = [{"key": s.key, "name": s.name,
                   "weights_method": _with_override(s.weights, override).describe(),
                   "weights": sub_w[s.key].round(6).to_dict(),
                   "indicators": [{"key": i.key, "name": i.name, "unit": i.unit,
                                   "direction": i.direction, "source": i.source,
                                   "missing": i.missing} for i in s.indicators]}
                  for s in system.subsystems]
    return build_meta(
        "indicator system evaluation", conventions=conventions, provenance=values.provenance,
        system=system.name, title=system.title, source=system.source, file=system.file,
        sha256=system.sha256, subsystems=subsystems,
        aggregate_weights={"method": _with_override(system.weights, override).describe(),
                           "weights": agg_w.round(6).to_dict()},
        omitted=[{"key": o.key, "name": o.name, "reason": o.reason} for o in system.omitted],
        excluded=len(values.raw) - len(complete), zero_filled=dict(values.zero_filled),
        flags_dropped=values.dropped, flags_used=dict(sorted(values.flags.items())),
        complete_per_year={int(y): int(n) for y, n in per_year.items()},
        years_evaluated=[int(y) for y in per_year.index],
        notes=list(system.notes) + [f"{k}: {o.note}" for k, o in system.datasets.items()
                                    if o.note])
