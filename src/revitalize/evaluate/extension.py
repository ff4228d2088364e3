"""Matter-element extension evaluation (Cai Wen's extenics, 可拓评价).

An object is described by the matter-element ``R = (N, c_i, v_i)`` (its value ``v_i`` for
each indicator ``c_i``). Each grade ``j = 1..m`` has a *classical domain* per indicator
``V_oij = <a_oij, b_oij>`` and every indicator has a *nodal domain* (节域) ``V_pi = <a_pi, b_pi>``,
the allowable range, which must contain every classical domain.

Extension distance of a point to an interval (Cai 1994)::

    rho(x, <a, b>) = |x - (a + b) / 2| - (b - a) / 2          (< 0 inside, 0 on the ends, > 0 outside)

Dependent (correlation) function, variant ``"elementary"`` (default; Cai Wen's elementary
dependent function with a nodal domain, the piecewise form used by most evaluation papers, e.g.
Wu & Peng 2016, Sustainability 8(8):796, eq. 20)::

    K_j(v_i) = -rho(v_i, V_oij) / |V_oij|                               v_i in V_oij
    K_j(v_i) =  rho(v_i, V_oij) / (rho(v_i, V_pi) - rho(v_i, V_oij))     v_i not in V_oij

so that ``K`` is in ``(0, 1/2]`` inside the classical domain (1/2 at its midpoint), 0 on its
ends and in ``[-1, 0)`` elsewhere inside the nodal domain. Variant ``"simple"`` is Cai's simple
dependent function ``K_j(v_i) = -2 rho(v_i, V_oij) / |V_oij|`` (1 at the midpoint, linear, no
nodal domain in the formula).

Weighted comprehensive correlation degree, grade and grade-variable characteristic value::

    K_j(N) = sum_i w_i K_j(v_i);   grade = argmax_j K_j(N)
    Kbar_j = (K_j(N) - min_j K_j(N)) / (max_j K_j(N) - min_j K_j(N))
    j*     = sum_j j Kbar_j / sum_j Kbar_j                                 (1 <= j* <= m)

Values outside the nodal domain (``outside=``): ``"raise"`` (default) refuses them; ``"clip"``
moves them to the nearest nodal bound, with a warning and a record in ``extra["clipped"]``;
``"allow"`` applies the formula as it stands, where ``K`` falls below -1 (the object is beyond
the allowable range for that grade) and is infinite for a grade whose classical domain shares
the nodal bound on that side (``rho_p = rho_o``): those cells are refused, naming the indicator
and grade. (Wang et al. 2017, Acta Ecologica Sinica 37(12):4227, Table 3, print such ``Inf``
values and read them as the largest degree -- the error this rule prevents.)

References: Cai Wen (1994) 《物元模型及其应用》, Science and Technology Literature Press;
Yang Chunyan & Cai Wen (2007/2013) *Extension Engineering*, Science Press.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, ValidationError
from revitalize.errors import warn as _warn
from revitalize.results import Provenance, Result, build_meta
from revitalize.safety import load_yaml

__all__ = [
    "EXTENSION_VARIANTS",
    "OUTSIDE_RULES",
    "ExtensionModel",
    "ExtensionResult",
    "comprehensive_degree",
    "dependent_degree",
    "evaluate_extension",
    "extension_distance",
    "grade_characteristic",
    "load_extension_config",
    "read_extension_values",
]

EXTENSION_VARIANTS = ("elementary", "simple")
OUTSIDE_RULES = ("raise", "clip", "allow")
_WEIGHT_TOL, _WEIGHT_ROUNDING = 1e-6, 0.01
_CONFIG_KEYS = {"title", "citation", "notes", "grades", "indicators", "objects", "options"}
_INDICATOR_KEYS = {"name", "label", "unit", "weight", "nodal", "classical", "note"}


# ---------------------------------------------------------------------------- kernels
def extension_distance(x, a, b):
    """Extension distance ``rho(x, <a, b>) = |x - (a+b)/2| - (b-a)/2`` (Cai 1994); broadcasts."""
    return np.abs(x - (a + b) / 2.0) - (b - a) / 2.0


def dependent_degree(x: np.ndarray, classical: np.ndarray, nodal: np.ndarray,
                     variant: str = "elementary") -> np.ndarray:
    """Single-indicator degrees ``K_j(v_i)``: ``x`` (k, n), classical (n, m, 2), nodal (n, 2).

    Returns (k, n, m). No validation: a value outside the nodal domain at a shared bound gives
    ``inf``/``nan`` (see the module docstring for the formulas of both variants).
    """
    a, b = classical[..., 0], classical[..., 1]
    xv = np.asarray(x, dtype=float)[..., :, None]
    rho_o = extension_distance(xv, a, b)
    width = b - a
    if variant == "simple":
        return -2.0 * rho_o / width
    rho_p = extension_distance(xv, nodal[:, 0][:, None], nodal[:, 1][:, None])
    inside = (xv >= a) & (xv <= b)
    with np.errstate(divide="ignore", invalid="ignore"):
        outside = rho_o / (rho_p - rho_o)
    return np.where(inside, -rho_o / width, outside)


def comprehensive_degree(k: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``K_j(N) = sum_i w_i K_j(v_i)``: (k, n, m) and (n,) -> (k, m). Weights used as given."""
    return np.einsum("kim,i->km", k, np.asarray(weights, dtype=float))


def grade_characteristic(kn: np.ndarray) -> np.ndarray:
    """``j* = sum_j j Kbar_j / sum_j Kbar_j`` with min-max normalised ``Kbar_j`` (rows of ``kn``).

    ``nan`` where all grades have the same degree (``Kbar`` undefined).
    """
    kn = np.atleast_2d(np.asarray(kn, dtype=float))
    lo, hi = kn.min(axis=1, keepdims=True), kn.max(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        kbar = (kn - lo) / (hi - lo)
        j = np.arange(1, kn.shape[1] + 1)
        return (kbar * j).sum(axis=1) / kbar.sum(axis=1)


# ---------------------------------------------------------------------------- model
@dataclass(frozen=True, eq=False)
class ExtensionModel:
    """Grades, indicators, classical and nodal domains and weights of an extension evaluation.

    Attributes
    ----------
    indicators, grades
        Names, in order (grade ``j`` is ``grades[j-1]``).
    classical
        (n, m, 2) array: ``classical[i, j] = (a_oij, b_oij)``.
    nodal
        (n, 2) array: ``nodal[i] = (a_pi, b_pi)``.
    weights
        (n,) indicator weights, summing to 1.
    units, source
        Units per indicator (optional) and where the domains come from (``source`` is a
        :class:`Provenance` describing the configuration).
    """

    indicators: tuple[str, ...]
    grades: tuple[str, ...]
    classical: np.ndarray
    nodal: np.ndarray
    weights: np.ndarray
    units: tuple[str, ...] = ()
    source: Provenance = field(default_factory=lambda: Provenance(source="not stated"))
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        where = self.source.file or "extension model"
        n, m = len(self.indicators), len(self.grades)
        cl = np.asarray(self.classical, dtype=float)
        nd = np.asarray(self.nodal, dtype=float)
        w = np.asarray(self.weights, dtype=float)
        if m < 2 or n < 1:
            raise InputError(f"{n} indicators and {m} grades", file=where, field="grades",
                             expected="at least one indicator and two grades")
        for name, arr, shape in (("classical", cl, (n, m, 2)), ("nodal", nd, (n, 2)),
                                 ("weights", w, (n,))):
            if arr.shape != shape:
                raise InputError(f"{name} has shape {arr.shape}", file=where, field=name,
                                 expected=f"shape {shape} for {n} indicators and {m} grades")
        object.__setattr__(self, "classical", cl)
        object.__setattr__(self, "nodal", nd)
        object.__setattr__(self, "weights", _checked_weights(w, self.indicators, where))
        for i, name in enumerate(self.indicators):
            _check_domains(name, self.grades, cl[i], nd[i], where)

    def domains_frame(self) -> pd.DataFrame:
        """One row per indicator and grade: classical bounds, nodal bounds, weight."""
        rows = [{"indicator": ind, "grade_index": j + 1, "grade": g,
                 "a": self.classical[i, j, 0], "b": self.classical[i, j, 1],
                 "nodal_a": self.nodal[i, 0], "nodal_b": self.nodal[i, 1],
                 "weight": self.weights[i]}
                for i, ind in enumerate(self.indicators) for j, g in enumerate(self.grades)]
        return pd.DataFrame(rows)


def _checked_weights(w: np.ndarray, names, where: str) -> np.ndarray:
    """Weights finite, >= 0, summing to 1: within 1e-6 as given; within 0.01 (rounded
    published weights) renormalised with a warning; otherwise refused."""
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(f"weight {float(w[i])!r} of indicator {names[i]!r}", file=where,
                         field="weights", expected="finite, non-negative weights")
    total = float(w.sum())
    if abs(total - 1.0) <= _WEIGHT_TOL:
        return w
    if abs(total - 1.0) <= _WEIGHT_ROUNDING:
        _warn(f"{where}: weights sum to {total:.6g}; renormalised to sum to 1",
                      DataQualityWarning, stacklevel=4)
        return w / total
    raise InputError(f"weights sum to {total:.6g}", file=where, field="weights",
                     expected="weights summing to 1 (within 0.01 for rounded weights)")


def _check_domains(name: str, grades, cl: np.ndarray, nd: np.ndarray, where: str) -> None:
    """Nodal and classical domains of one indicator: finite, a < b, nested, graded in order."""
    field_ = f"indicator {name}"
    if not np.isfinite(nd).all() or nd[0] >= nd[1]:
        raise ValidationError(f"nodal domain {nd.tolist()} is empty or not finite", file=where,
                              field=field_, expected="a nodal domain <a_p, b_p> with a_p < b_p")
    for j, g in enumerate(grades):
        a, b = cl[j]
        if not (np.isfinite(a) and np.isfinite(b)) or a >= b:
            raise ValidationError(f"grade {g!r}: classical domain {[a, b]} is empty or not "
                                  "finite", file=where, field=field_,
                                  expected="<a, b> with a < b")
        if a < nd[0] or b > nd[1]:
            raise ValidationError(
                f"grade {g!r}: classical domain {[float(a), float(b)]} is not inside the nodal "
                f"domain {nd.tolist()}", file=where, field=field_,
                expected="every classical domain nested in the nodal domain")
    _check_order(field_, grades, cl, where)


def _check_order(field_: str, grades, cl: np.ndarray, where: str) -> None:
    """Grades must follow each other along the axis, all ascending or all descending."""
    a, b = cl[:, 0], cl[:, 1]
    ascending = bool(np.all(b[:-1] <= a[1:]))
    descending = bool(np.all(a[:-1] >= b[1:]))
    if not (ascending or descending):
        for j in range(len(grades) - 1):
            lo, hi = max(a[j], a[j + 1]), min(b[j], b[j + 1])
            if lo < hi:
                raise ValidationError(
                    f"classical domains of grades {grades[j]!r} {cl[j].tolist()} and "
                    f"{grades[j + 1]!r} {cl[j + 1].tolist()} overlap", file=where,
                    field=field_, expected="non-overlapping classical domains")
        raise ValidationError(f"classical domains {cl.tolist()} are not in grade order",
                              file=where, field=field_,
                              expected="grades all ascending or all descending along the axis")
    gaps = (a[1:] - b[:-1]) if ascending else (a[:-1] - b[1:])
    if (gaps > 0).any():
        j = int(np.argmax(gaps > 0))
        _warn(f"{where}: {field_}: gap between the classical domains of grades "
                      f"{grades[j]!r} and {grades[j + 1]!r}; a value there is outside every "
                      "grade", DataQualityWarning, stacklevel=5)


# ---------------------------------------------------------------------------- result
@dataclass(frozen=True)
class ExtensionResult(Result):
    """Extension evaluation: one row per object -- ``object, grade, grade_index, K_1..K_m,
    j_star``. ``extra``: ``K_indicator`` (object x indicator x grade degrees, long),
    ``domains``, ``clipped`` (values moved to the nodal bound, if any)."""

    def summary(self) -> str:
        grades = ", ".join(f"{r['object']}: {r['grade']} (j*={r['j_star']:.3f})"
                           for r in self.table.to_dict(orient="records")[:6])
        return f"{self.meta.get('method')} -- {grades}"


def _values_matrix(values, model: ExtensionModel) -> pd.DataFrame:
    frame = values if isinstance(values, pd.DataFrame) else pd.DataFrame(values).T
    if isinstance(values, pd.Series):
        frame = values.to_frame().T
    missing = [c for c in model.indicators if c not in frame.columns]
    extra = [c for c in frame.columns if c not in model.indicators]
    if missing or extra:
        raise InputError(f"values lack indicators {missing}" if missing else
                         f"values have indicators {extra} the model does not define",
                         field="values", expected=f"columns {list(model.indicators)}")
    frame = frame[list(model.indicators)]
    num = frame.apply(pd.to_numeric, errors="coerce").astype(float)
    bad = ~np.isfinite(num.to_numpy())
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise InputError(f"object {frame.index[r]!r}: value {frame.iat[r, c]!r} is missing or "
                         "not a number", row=frame.index[r], field=frame.columns[c],
                         expected="a finite number for every indicator (never imputed)")
    return num


def _outside(x: np.ndarray, model: ExtensionModel, rule: str, objects) -> tuple:
    lo, hi = model.nodal[:, 0], model.nodal[:, 1]
    out = (x < lo) | (x > hi)
    if not out.any():
        return x, pd.DataFrame(columns=["object", "indicator", "value", "used"])
    r, c = np.argwhere(out)[0]
    where = (f"object {objects[r]!r}: value {x[r, c]:g} of indicator "
             f"{model.indicators[c]!r} is outside the nodal domain {model.nodal[c].tolist()}")
    if rule == "raise":
        raise ValidationError(where, row=objects[r], field=model.indicators[c],
                              expected="values inside the nodal domain (or outside='clip' / "
                                       "'allow')")
    rows = [{"object": objects[i], "indicator": model.indicators[k], "value": x[i, k],
             "used": float(np.clip(x[i, k], lo[k], hi[k])) if rule == "clip" else x[i, k]}
            for i, k in np.argwhere(out)]
    how = ("moved to the nearest nodal bound" if rule == "clip" else
           "kept: K below -1 for those grades (beyond the allowable range)")
    _warn(f"{int(out.sum())} value(s) outside the nodal domain, {how}; first: {where}",
                  DataQualityWarning, stacklevel=3)
    return (np.clip(x, lo, hi) if rule == "clip" else x), pd.DataFrame(rows)


def _check_finite(k: np.ndarray, model: ExtensionModel, objects) -> None:
    bad = ~np.isfinite(k)
    if bad.any():
        r, i, j = np.argwhere(bad)[0]
        raise ValidationError(
            f"object {objects[r]!r}: K is infinite for indicator {model.indicators[i]!r}, "
            f"grade {model.grades[j]!r} (value outside the nodal domain {model.nodal[i].tolist()}"
            " on the side where the classical domain shares its bound: rho_p = rho_o)",
            row=objects[r], field=model.indicators[i],
            expected="values inside the nodal domain, or outside='clip'")


def evaluate_extension(values, model: ExtensionModel, *, variant: str = "elementary",
                       outside: str = "raise") -> ExtensionResult:
    """Grade objects by matter-element extension evaluation.

    Parameters
    ----------
    values
        Objects x indicators: a DataFrame indexed by object (columns = the model's indicators),
        a Series (one object) or a mapping ``{object: {indicator: value}}``. Missing values
        are refused, never imputed.
    model
        :class:`ExtensionModel` (classical and nodal domains, weights).
    variant
        Dependent function: ``"elementary"`` (default) or ``"simple"`` (module docstring).
    outside
        Values outside the nodal domain: ``"raise"`` (default), ``"clip"`` or ``"allow"``.

    Returns
    -------
    ExtensionResult
        ``object, grade, grade_index, K_1..K_m, j_star``; ties for the largest degree go to
        the lowest grade index, with a warning.
    """
    if variant not in EXTENSION_VARIANTS:
        raise InputError(f"unknown variant {variant!r}", field="variant",
                         expected=f"one of {list(EXTENSION_VARIANTS)}")
    if outside not in OUTSIDE_RULES:
        raise InputError(f"unknown rule {outside!r}", field="outside",
                         expected=f"one of {list(OUTSIDE_RULES)}")
    frame = _values_matrix(values, model)
    objects = [str(o) for o in frame.index]
    x, clipped = _outside(frame.to_numpy(), model, outside, objects)
    k = dependent_degree(x, model.classical, model.nodal, variant)
    _check_finite(k, model, objects)
    kn = comprehensive_degree(k, model.weights)
    jstar = grade_characteristic(kn)
    table = _table(objects, kn, jstar, model)
    return ExtensionResult(table=table, meta=_meta(model, variant, outside, len(clipped)),
                           extra={"K_indicator": _long_k(objects, k, model),
                                  "domains": model.domains_frame(), "clipped": clipped})


def _table(objects, kn: np.ndarray, jstar: np.ndarray, model: ExtensionModel) -> pd.DataFrame:
    best = kn.argmax(axis=1)
    ties = (np.isclose(kn, kn.max(axis=1, keepdims=True), rtol=0, atol=1e-12)).sum(axis=1) > 1
    if ties.any():
        _warn(f"objects {[objects[i] for i in np.flatnonzero(ties)]}: several grades "
                      "share the largest degree; the lowest grade index is reported",
                      DataQualityWarning, stacklevel=3)
    if np.isnan(jstar).any():
        _warn(f"objects {[objects[i] for i in np.flatnonzero(np.isnan(jstar))]}: all "
                      "grades have the same degree; j* is undefined (NaN)",
                      DataQualityWarning, stacklevel=3)
    table = pd.DataFrame({"object": objects, "grade": [model.grades[j] for j in best],
                          "grade_index": best + 1})
    for j in range(len(model.grades)):
        table[f"K_{j + 1}"] = kn[:, j]
    table["j_star"] = jstar
    return table


def _long_k(objects, k: np.ndarray, model: ExtensionModel) -> pd.DataFrame:
    idx = pd.MultiIndex.from_product([objects, model.indicators, range(1, len(model.grades) + 1)],
                                     names=["object", "indicator", "grade_index"])
    out = pd.DataFrame({"K": k.reshape(-1)}, index=idx).reset_index()
    out.insert(3, "grade", out["grade_index"].map(lambda j: model.grades[j - 1]))
    return out


def _meta(model: ExtensionModel, variant: str, outside: str, n_clipped: int):
    formula = ("K = -rho(v, V_o)/|V_o| inside V_o; rho(v, V_o)/(rho(v, V_p) - rho(v, V_o)) "
               "outside (Cai 1994 elementary dependent function)" if variant == "elementary"
               else "K = -2 rho(v, V_o)/|V_o| (Cai simple dependent function)")
    return build_meta(
        "matter-element extension evaluation (Cai Wen, extenics)",
        conventions={
            "distance": "rho(x, <a,b>) = |x - (a+b)/2| - (b-a)/2",
            "dependent_function": variant, "formula": formula,
            "comprehensive_degree": "K_j(N) = sum_i w_i K_j(v_i)",
            "grade": "argmax_j K_j(N); ties -> lowest grade index",
            "j_star": "sum_j j*Kbar_j / sum_j Kbar_j, Kbar = min-max of K_j(N) over grades",
            "outside_nodal_domain": outside, "values_outside_nodal_domain": n_clipped,
            "domains": "closed intervals; grades ascending or descending along each axis",
        },
        provenance=model.source, grades=list(model.grades), indicators=list(model.indicators),
        units=dict(zip(model.indicators, model.units)) if model.units else {},
        weights=dict(zip(model.indicators, model.weights.tolist())), notes=list(model.notes))


# ---------------------------------------------------------------------------- configuration
def _yaml(path: Path) -> Any:
    import yaml

    try:
        return load_yaml(path.read_text(encoding="utf-8"), file=path)  # no aliases, bounded
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"not valid YAML ({getattr(exc, 'problem', exc)})", file=path,
                         row=None if mark is None else mark.line + 1,
                         expected="a YAML mapping") from None


def _pair(value, where: str, field_: str) -> list[float]:
    ok = (isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2
          and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value))
    if not ok:
        raise InputError(f"{value!r} is not an interval", file=where, field=field_,
                         expected="[a, b] with two numbers")
    return [float(value[0]), float(value[1])]


def _indicator(spec, k: int, grades, where: str) -> tuple:
    field_ = f"indicators[{k}]"
    if not isinstance(spec, Mapping) or "name" not in spec:
        raise InputError("indicator entry without a name", file=where, field=field_,
                         expected="a mapping with name, nodal, classical, weight")
    unknown = sorted(set(map(str, spec)) - _INDICATOR_KEYS)
    if unknown:
        raise InputError(f"indicator {spec['name']!r}: unknown keys {unknown}", file=where,
                         field=field_, expected=f"keys among {sorted(_INDICATOR_KEYS)}")
    for key in ("nodal", "classical", "weight"):
        if key not in spec:
            raise InputError(f"indicator {spec['name']!r} lacks {key!r}", file=where,
                             field=f"{field_}.{key}", expected="name, nodal, classical, weight")
    classical = spec["classical"]
    if isinstance(classical, Mapping):  # {grade: [a, b]}
        unknown = sorted(set(map(str, classical)) - set(grades))
        if unknown or len(classical) != len(grades):
            raise InputError(f"classical domains for grades {list(classical)}", file=where,
                             field=f"{field_}.classical", expected=f"one per grade {grades}")
        classical = [classical[g] for g in grades]
    if not isinstance(classical, Sequence) or len(classical) != len(grades):
        raise InputError(f"indicator {spec['name']!r}: {len(classical or [])} classical "
                         f"domains", file=where, field=f"{field_}.classical",
                         expected=f"one [a, b] per grade ({len(grades)})")
    cl = [_pair(c, where, f"{field_}.classical[{j}]") for j, c in enumerate(classical)]
    return (str(spec["name"]), cl, _pair(spec["nodal"], where, f"{field_}.nodal"),
            spec["weight"], str(spec.get("unit", "")))


def model_from_mapping(config: Mapping, *, file: str = "extension configuration",
                       sha256: str | None = None) -> ExtensionModel:
    """Build an :class:`ExtensionModel` from a parsed configuration (see
    ``examples/extension_innovation_capability.yaml`` for the layout)."""
    if not isinstance(config, Mapping):
        raise InputError("the configuration is not a mapping", file=file,
                         expected="keys grades, indicators (and optionally objects)")
    unknown = sorted(set(map(str, config)) - _CONFIG_KEYS)
    if unknown:
        raise InputError(f"unknown keys {unknown}", file=file, field="(top level)",
                         expected=f"keys among {sorted(_CONFIG_KEYS)}")
    grades = config.get("grades")
    if not isinstance(grades, Sequence) or isinstance(grades, str) or len(grades) < 2:
        raise InputError(f"grades {grades!r}", file=file, field="grades",
                         expected="a list of at least two grade names, in order")
    grades = tuple(str(g) for g in grades)
    specs = config.get("indicators")
    if not isinstance(specs, Sequence) or isinstance(specs, str) or not specs:
        raise InputError("no indicators", file=file, field="indicators",
                         expected="a list of indicators")
    parsed = [_indicator(s, k, grades, file) for k, s in enumerate(specs)]
    names = [p[0] for p in parsed]
    if len(set(names)) != len(names):
        raise InputError(f"duplicate indicator names {names}", file=file, field="indicators",
                         expected="distinct names")
    try:
        weights = np.array([float(p[3]) for p in parsed])
    except (TypeError, ValueError):
        raise InputError("a weight is not a number", file=file, field="indicators.weight",
                         expected="numeric weights") from None
    notes = config.get("notes") or []
    notes = [notes] if isinstance(notes, str) else list(notes)
    prov = Provenance(source=str(config.get("citation", "not stated")), file=Path(file).name,
                      sha256=sha256, reader="extension_yaml", notes=tuple(map(str, notes)))
    return ExtensionModel(tuple(names), grades, np.array([p[1] for p in parsed]),
                          np.array([p[2] for p in parsed]), weights,
                          units=tuple(p[4] for p in parsed), source=prov,
                          notes=tuple(map(str, notes)))


def _objects(config: Mapping, file: str) -> pd.DataFrame | None:
    objs = config.get("objects")
    if objs is None:
        return None
    if not isinstance(objs, Mapping) or not all(isinstance(v, Mapping) for v in objs.values()):
        raise InputError("objects is not a mapping of object -> {indicator: value}", file=file,
                         field="objects", expected="objects: {name: {indicator: value}}")
    return pd.DataFrame.from_dict({str(k): dict(v) for k, v in objs.items()}, orient="index")


def load_extension_config(path: str | Path) -> tuple[ExtensionModel, pd.DataFrame | None, dict]:
    """Read a YAML configuration: ``(model, objects or None, options)``.

    ``options`` holds ``variant`` and ``outside`` when the file sets them.
    """
    from revitalize.results import sha256_of

    path = Path(path)
    config = _yaml(path)
    model = model_from_mapping(config, file=str(path), sha256=sha256_of(path))
    options = dict(config.get("options") or {})
    unknown = sorted(set(options) - {"variant", "outside"})
    if unknown:
        raise InputError(f"unknown options {unknown}", file=path, field="options",
                         expected="variant, outside")
    return model, _objects(config, str(path)), options


def read_extension_values(path: str | Path) -> pd.DataFrame:
    """Objects to evaluate from a CSV (first column = object, one column per indicator) or a
    YAML/JSON mapping ``{object: {indicator: value}}``."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        frame = _objects({"objects": _yaml(path)}, str(path))
        if frame is None:
            raise InputError("no objects", file=path, expected="{object: {indicator: value}}")
        return frame
    import io

    from revitalize.data.readers.detect import decode_text

    text, _ = decode_text(path)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if frame.shape[1] < 2 or frame.empty:
        raise InputError("expected an object column and one column per indicator", file=path,
                         row=1, expected="header: object, indicator1, indicator2, ...")
    return frame.set_index(frame.columns[0])
