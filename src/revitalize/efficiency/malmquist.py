"""Productivity indices over a panel: Malmquist and Malmquist-Luenberger (green TFP).

Let ``E^a(b)`` be the Farrell efficiency of period-``b`` data against the period-``a`` technology:
``E = 1 / eta*`` (output orientation, = Shephard's output distance ``D_o``) or ``E = theta*``
(input orientation, = ``1 / D_i``); cross-period values may exceed 1.

**Malmquist** (Färe, Grosskopf, Norris & Zhang 1994, AER 84:66-83; Coelli, Rao, O'Donnell &
Battese 2005, *An Introduction to Efficiency and Productivity Analysis*, 2nd ed., ch. 11),
with the reference technology named by ``reference``:

* ``"adjacent"`` (contemporaneous periods ``t`` and ``t+1``, geometric mean)::

      M  = [E^t(t+1) / E^t(t) * E^{t+1}(t+1) / E^{t+1}(t)]^(1/2)
      EC = E^{t+1}(t+1) / E^t(t)
      TC = [E^t(t+1) / E^{t+1}(t+1) * E^t(t) / E^{t+1}(t)]^(1/2)        M = EC * TC

* ``"fixed_base"`` (Berg, Førsund & Jansen 1992): ``M = E^b(t+1) / E^b(t)``, ``TC = M / EC``
  as ``[E^b(t+1) / E^{t+1}(t+1)] / [E^b(t) / E^t(t)]``;
* ``"global"`` (Pastor & Lovell 2005, Econ. Letters 88:266-271): the pooled technology of all
  periods, ``M = E^G(t+1) / E^G(t)``, ``TC`` (best-practice change) ``= M / EC``; always
  feasible and circular.

The index is computed on the CRS technology (``rts="crs"``, FGNZ 1994) and ``EC`` is split into
pure efficiency change ``PEC = E_v^{t+1}(t+1) / E_v^t(t)`` (VRS) and scale change
``SEC = EC / PEC`` (FGNZ 1994 decomposition: ``M = PEC * SEC * TC``). With ``rts="vrs"`` the
index itself uses VRS distances (cross-period LPs may be infeasible: reported, NaN).

**Malmquist-Luenberger** (Chung, Färe & Grosskopf 1997, J. Environ. Manage. 51:229-240) with the
directional distance ``D^a(b)`` of :func:`revitalize.efficiency.sbm.ddf_kernel` in direction
``(0, y, -b)``::

    ML   = [(1 + D^t(t)) / (1 + D^t(t+1)) * (1 + D^{t+1}(t)) / (1 + D^{t+1}(t+1))]^(1/2)
    MLEC = (1 + D^t(t)) / (1 + D^{t+1}(t+1))
    MLTC = [(1 + D^{t+1}(t)) / (1 + D^t(t)) * (1 + D^{t+1}(t+1)) / (1 + D^t(t+1))]^(1/2)

The mixed-period LPs ``D^t(t+1)``, ``D^{t+1}(t)`` can be infeasible (a well-known property of the
adjacent ML index); each infeasibility is reported per DMU and period pair and the index is NaN
there. ``reference="global"`` gives Oh's (2010, J. Prod. Anal. 34:183-197) global ML,
``GML = (1 + D^G(t)) / (1 + D^G(t+1))``, always feasible, ``BPC = GML / MLEC``.

Cumulative indices are the running products over the transitions (1 in the first period);
a NaN propagates to every later period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.efficiency._lp import OPTIMAL
from revitalize.efficiency.dea import ORIENTATIONS, _efficiency, radial_kernel
from revitalize.efficiency.results import ProductivityResult
from revitalize.efficiency.sbm import BAD_DISPOSABILITY, ddf_kernel
from revitalize.efficiency.validate import as_choice, as_dea_data, as_panel
from revitalize.errors import DataQualityWarning, InputError
from revitalize.errors import warn as _warn
from revitalize.results import build_meta

__all__ = ["malmquist", "malmquist_kernel", "malmquist_luenberger", "ml_kernel"]

REFERENCES = ("adjacent", "fixed_base", "global")


def _radial(Xa, Ya, Xb, Yb, rts, orientation):
    sol = radial_kernel(Xb, Yb, Xa, Ya, rts=rts, orientation=orientation, phase_two=False)
    eff = _efficiency(sol.score, orientation)
    ok = (sol.status == OPTIMAL) & np.isfinite(eff) & (eff > 0)
    return np.where(ok, eff, np.nan)


def malmquist_kernel(X: np.ndarray, Y: np.ndarray, *, rts: str = "crs",
                     orientation: str = "output", reference: str = "adjacent",
                     base: int = 0) -> dict[str, np.ndarray]:
    """Malmquist index and components for ``X`` (T, n, m), ``Y`` (T, n, s).

    Returns arrays of shape (T-1, n): ``tfpch``, ``effch``, ``techch``, ``pech``, ``sech``, and
    the distances ``own`` (T, n) = E^t(t), ``own_vrs`` (T, n), ``cross_forward`` (T-1, n) =
    E^t(t+1) or E^ref(t+1), ``cross_backward`` (T-1, n) = E^{t+1}(t) or E^ref(t).
    """
    T = X.shape[0]
    own = np.array([_radial(X[t], Y[t], X[t], Y[t], rts, orientation) for t in range(T)])
    own_v = (own if rts == "vrs" else
             np.array([_radial(X[t], Y[t], X[t], Y[t], "vrs", orientation) for t in range(T)]))
    if reference == "adjacent":
        fwd = np.array([_radial(X[t], Y[t], X[t + 1], Y[t + 1], rts, orientation)
                        for t in range(T - 1)])
        bwd = np.array([_radial(X[t + 1], Y[t + 1], X[t], Y[t], rts, orientation)
                        for t in range(T - 1)])
        tfp = np.sqrt(fwd / own[:-1] * own[1:] / bwd)
        tech = np.sqrt(fwd / own[1:] * own[:-1] / bwd)
        ref_e = None
    else:
        if reference == "global":
            Xg, Yg = X.reshape(-1, X.shape[2]), Y.reshape(-1, Y.shape[2])
        else:
            Xg, Yg = X[base], Y[base]
        ref_e = np.array([_radial(Xg, Yg, X[t], Y[t], rts, orientation) for t in range(T)])
        fwd, bwd = ref_e[1:], ref_e[:-1]
        tfp = fwd / bwd
        tech = (fwd / own[1:]) / (bwd / own[:-1])
    eff = own[1:] / own[:-1]
    pe = own_v[1:] / own_v[:-1]
    return {"tfpch": tfp, "effch": eff, "techch": tech, "pech": pe, "sech": eff / pe,
            "own": own, "own_vrs": own_v, "cross_forward": fwd, "cross_backward": bwd,
            "reference": ref_e}


def ml_kernel(X: np.ndarray, Y: np.ndarray, B: np.ndarray, *, rts: str = "crs",
              reference: str = "adjacent", bad_disposability: str = "weak") -> dict:
    """Malmquist-Luenberger index (adjacent) or global ML for ``X`` (T, n, m), ``Y`` (T, n, s),
    ``B`` (T, n, h). Returns (T-1, n) arrays ``ml``, ``mlec``, ``mltc`` and the distances."""
    T = X.shape[0]

    def dist(a, b):
        Xa, Ya, Ba = a
        beta, _, _ = ddf_kernel(X[b], Y[b], B[b], Xa, Ya, Ba, rts=rts,
                                bad_disposability=bad_disposability)
        return beta

    per = [(X[t], Y[t], B[t]) for t in range(T)]
    own = np.array([dist(per[t], t) for t in range(T)])
    ec = (1 + own[:-1]) / (1 + own[1:])
    if reference == "global":
        pooled = (X.reshape(-1, X.shape[2]), Y.reshape(-1, Y.shape[2]), B.reshape(-1, B.shape[2]))
        g = np.array([dist(pooled, t) for t in range(T)])
        ml = (1 + g[:-1]) / (1 + g[1:])
        return {"ml": ml, "mlec": ec, "mltc": ml / ec, "own": own, "cross_forward": g[1:],
                "cross_backward": g[:-1]}
    fwd = np.array([dist(per[t], t + 1) for t in range(T - 1)])  # D^t(t+1)
    bwd = np.array([dist(per[t + 1], t) for t in range(T - 1)])  # D^{t+1}(t)
    ml = np.sqrt((1 + own[:-1]) / (1 + fwd) * (1 + bwd) / (1 + own[1:]))
    tc = np.sqrt((1 + bwd) / (1 + own[:-1]) * (1 + own[1:]) / (1 + fwd))
    return {"ml": ml, "mlec": ec, "mltc": tc, "own": own, "cross_forward": fwd,
            "cross_backward": bwd}


# ----------------------------------------------------------------------------- labelled shells
def _arrays(data, dmu, period, ins, outs, bads=()):
    frame = as_panel(data, dmu=dmu, period=period, columns=[*ins, *outs, *bads])
    periods = frame.index.get_level_values(0).unique()
    dmus = frame.index.get_level_values(1).unique()
    cross = [as_dea_data(frame.loc[p].loc[dmus], inputs=ins, outputs=outs, undesirable=bads)
             for p in periods]
    return periods, dmus, {"X": np.stack([c.X for c in cross]),
                           "Y": np.stack([c.Y for c in cross]),
                           "B": np.stack([c.B for c in cross])}


def _table(periods, dmus, comps: dict[str, np.ndarray], flags: np.ndarray, dmu, period):
    T1, n = flags.shape
    table = pd.DataFrame({dmu: np.tile(np.asarray(dmus), T1),
                          f"{period}_from": np.repeat(np.asarray(periods[:-1]), n),
                          f"{period}_to": np.repeat(np.asarray(periods[1:]), n)})
    for name, arr in comps.items():
        table[name] = arr.ravel()
    for name, arr in comps.items():
        cum = np.cumprod(arr, axis=0)  # NaN propagates to every later period
        table[f"{name}_cumulative"] = cum.ravel()
    table["infeasible"] = flags.ravel()
    return table


def _flags(parts: dict[str, np.ndarray]) -> np.ndarray:
    names = np.empty(next(iter(parts.values())).shape, dtype=object)
    names[:] = ""
    for label, arr in parts.items():
        bad = ~np.isfinite(arr)
        names[bad] = np.where(names[bad] == "", label, names[bad] + "; " + label)
    return names


def _as_list(names) -> list:
    """Column names as a list (one name may be given as a string)."""
    if names is None:
        return []
    return [names] if isinstance(names, str) else list(names)


def _check_names(dmu, period, **roles):
    seen: set = set()
    for role, names in roles.items():
        for c in names:
            if c in (dmu, period):
                raise InputError(f"column {c!r} is the DMU or period key", field=role,
                                 expected="data columns other than the keys")
            if c in seen:
                raise InputError(f"column {c!r} listed twice", field=role,
                                 expected="each column once, in one role")
            seen.add(c)


def malmquist(data: pd.DataFrame, *, inputs, outputs, dmu: str = "region", period: str = "year",
              rts: str = "crs", orientation: str = "output", reference: str = "adjacent",
              base_period=None) -> ProductivityResult:
    """Malmquist productivity index with its FGNZ (1994) decomposition.

    Parameters
    ----------
    data
        Long balanced panel: one row per DMU and period, columns ``dmu``, ``period``, inputs,
        outputs.
    rts
        Technology of the index: ``"crs"`` (default; FGNZ) or ``"vrs"``.
    orientation
        ``"output"`` (default, as DEAP) or ``"input"`` (the CRS index is the same).
    reference
        ``"adjacent"``, ``"fixed_base"`` (``base_period``, default the first) or ``"global"``.

    Returns
    -------
    ProductivityResult
        ``table``: dmu, period_from, period_to, ``tfpch`` (M), ``effch``, ``techch``, ``pech``,
        ``sech`` (> 1 = improvement), their ``*_cumulative`` products, ``infeasible`` (which
        distance failed, empty when none); ``extra["distances"]``.
    """
    as_choice(rts, "rts", ("crs", "vrs"))
    as_choice(orientation, "orientation", ORIENTATIONS)
    as_choice(reference, "reference", REFERENCES)
    ins, outs = _as_list(inputs), _as_list(outputs)
    _check_names(dmu, period, inputs=ins, outputs=outs)
    periods, dmus, arr = _arrays(data, dmu, period, ins, outs)
    base = 0
    if reference == "fixed_base" and base_period is not None:
        if base_period not in list(periods):
            raise InputError(f"base_period {base_period!r} not in the panel", field="base_period",
                             expected=f"one of {list(periods)}")
        base = list(periods).index(base_period)
    k = malmquist_kernel(arr["X"], arr["Y"], rts=rts, orientation=orientation,
                         reference=reference, base=base)
    comps = {c: k[c] for c in ("tfpch", "effch", "techch", "pech", "sech")}
    flags = _flags({"E^t(t)": k["own"][:-1], "E^t+1(t+1)": k["own"][1:],
                    "E_ref(t+1)": k["cross_forward"], "E_ref(t)": k["cross_backward"]})
    table = _table(periods, dmus, comps, flags, dmu, period)
    _warn_infeasible(table, "malmquist")
    dist = pd.DataFrame({dmu: np.tile(np.asarray(dmus), len(periods)),
                         period: np.repeat(np.asarray(periods), len(dmus)),
                         "efficiency": k["own"].ravel(), "efficiency_vrs": k["own_vrs"].ravel()})
    meta = build_meta("malmquist", conventions={
        "rts": rts, "orientation": orientation, "reference": reference,
        "base_period": periods[base] if reference == "fixed_base" else None,
        "decomposition": "fgnz1994 (tfpch = pech * sech * techch)",
        "inputs": ins, "outputs": outs},
        source="Färe, Grosskopf, Norris & Zhang (1994); Coelli et al. (2005) ch. 11; "
               "Pastor & Lovell (2005) for the global index")
    return ProductivityResult(table=table, meta=meta, extra={"distances": dist})


def _warn_infeasible(table: pd.DataFrame, what: str) -> None:
    bad = table[table["infeasible"] != ""]
    if len(bad):
        first = bad.iloc[0]
        _warn(f"{what}: {len(bad)} of {len(table)} DMU-period pairs have an infeasible or "
              f"unbounded distance (first: {first.iloc[0]} {first.iloc[1]}-{first.iloc[2]}: "
              f"{first['infeasible']}); their index is NaN", DataQualityWarning)


def malmquist_luenberger(data: pd.DataFrame, *, inputs, outputs, undesirable,
                         dmu: str = "region", period: str = "year", rts: str = "crs",
                         reference: str = "adjacent",
                         bad_disposability: str = "weak") -> ProductivityResult:
    """Malmquist-Luenberger index of green TFP with bad outputs (e.g. CO2).

    ``reference="adjacent"`` (Chung, Färe & Grosskopf 1997; infeasible mixed-period LPs reported
    in ``infeasible``) or ``"global"`` (Oh 2010). Table columns ``ml``, ``mlec``, ``mltc`` (> 1 =
    improvement) and their ``*_cumulative`` products; ``extra["distances"]`` holds ``D^t(t)``.
    """
    as_choice(rts, "rts", ("crs", "vrs"))
    as_choice(reference, "reference", ("adjacent", "global"))
    as_choice(bad_disposability, "bad_disposability", BAD_DISPOSABILITY)
    ins, outs = _as_list(inputs), _as_list(outputs)
    bads = _as_list(undesirable)
    if not bads:
        raise InputError("no undesirable output given", field="undesirable",
                         expected="at least one bad-output column (e.g. CO2)")
    _check_names(dmu, period, inputs=ins, outputs=outs, undesirable=bads)
    periods, dmus, arr = _arrays(data, dmu, period, ins, outs, bads)
    k = ml_kernel(arr["X"], arr["Y"], arr["B"], rts=rts, reference=reference,
                  bad_disposability=bad_disposability)
    ref = "G" if reference == "global" else None
    flags = _flags({"D^t(t)": k["own"][:-1], "D^t+1(t+1)": k["own"][1:],
                    (f"D^{ref}(t+1)" if ref else "D^t(t+1)"): k["cross_forward"],
                    (f"D^{ref}(t)" if ref else "D^t+1(t)"): k["cross_backward"]})
    table = _table(periods, dmus, {c: k[c] for c in ("ml", "mlec", "mltc")}, flags, dmu, period)
    _warn_infeasible(table, "malmquist_luenberger")
    dist = pd.DataFrame({dmu: np.tile(np.asarray(dmus), len(periods)),
                         period: np.repeat(np.asarray(periods), len(dmus)),
                         "ddf": k["own"].ravel()})
    meta = build_meta("malmquist_luenberger" if reference == "adjacent" else
                      "global_malmquist_luenberger", conventions={
        "rts": rts, "reference": reference, "direction": "(0, y, -b)",
        "bad_disposability": bad_disposability, "inputs": ins, "outputs": outs,
        "undesirable": bads},
        source="Chung, Färe & Grosskopf (1997); Oh (2010) for the global index")
    return ProductivityResult(table=table, meta=meta, extra={"distances": dist})
