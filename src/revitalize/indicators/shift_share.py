"""Shift-share decomposition of a region's change by sector, against a named reference economy.

Classic (Dunn 1960; Stimson, Stough & Roberts 2006, *Regional Economic Development*, ch. 5), with
``e`` the region's and ``E`` the reference's size by sector, ``0`` and ``t`` the two years,
``G = E^t/E^0 - 1`` the reference's total growth and ``G_i`` its growth in sector ``i``,
``g_i`` the region's:

* national share      ``NS_i = e_i^0 G``
* industry mix        ``IM_i = e_i^0 (G_i - G)``
* competitive shift   ``CS_i = e_i^0 (g_i - G_i)``

so that ``NS_i + IM_i + CS_i = e_i^t - e_i^0`` exactly.

Esteban-Marquillas (1972) splits the competitive shift with the homothetic size
``ê_i = e^0 E_i^0 / E^0`` (the region's size with the reference's structure):
``CS_i = ê_i (g_i - G_i) + (e_i^0 - ê_i)(g_i - G_i)`` = competitive effect + allocation effect.

Dynamic shift-share (Barff & Knight 1988) applies the classic decomposition year by year and sums
the annual components, so structural change within the period is followed.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.indicators.structure import StructureResult
from revitalize.results import build_meta

__all__ = ["shift_share", "dynamic_shift_share", "shift_share_kernel"]

_VARIANTS = ("classic", "esteban_marquillas")


def shift_share_kernel(e0: np.ndarray, et: np.ndarray, E0: np.ndarray, Et: np.ndarray
                       ) -> dict[str, np.ndarray]:
    """Classic and Esteban-Marquillas components by sector (arrays over sectors)."""
    G = Et.sum() / E0.sum() - 1.0
    Gi = Et / E0 - 1.0
    gi = np.divide(et, e0, out=np.zeros_like(et, dtype=float), where=e0 != 0) - 1.0
    gi = np.where(e0 != 0, gi, 0.0)
    ns = e0 * G
    im = e0 * (Gi - G)
    cs = et - e0 - ns - im  # equals e0 (g_i - G_i) where e0 > 0; carries entry where e0 = 0
    homothetic = e0.sum() * E0 / E0.sum()
    competitive = homothetic * (gi - Gi)
    allocation = cs - competitive
    return {"national_share": ns, "industry_mix": im, "competitive_shift": cs,
            "homothetic": homothetic, "competitive_effect": competitive,
            "allocation_effect": allocation, "actual_change": et - e0}


def _vectors(region0, region_t, ref0, ref_t) -> tuple[pd.Index, list[np.ndarray]]:
    series = [pd.Series(v, dtype=float) for v in (region0, region_t, ref0, ref_t)]
    sectors = series[0].index
    for name, s in zip(("region_t", "reference_0", "reference_t"), series[1:]):
        if set(s.index) != set(sectors):
            raise InputError(f"{name} has sectors {sorted(set(s.index) ^ set(sectors))[:5]} that "
                             "the others lack (or lacks theirs)", field=name,
                             expected="the same sectors in all four inputs")
    arrays = [s.reindex(sectors).to_numpy() for s in series]
    for name, a in zip(("region_0", "region_t", "reference_0", "reference_t"), arrays):
        if not np.isfinite(a).all() or (a < 0).any():
            raise InputError("values must be finite and non-negative", field=name)
    if (arrays[2] <= 0).any():
        bad = sectors[arrays[2] <= 0].tolist()
        raise InputError(f"the reference has zero size in sectors {bad} in the base year; its "
                         "sector growth is undefined", field="reference_0",
                         expected="positive base-year reference sizes")
    return sectors, arrays


def shift_share(region_0, region_t, reference_0, reference_t, *, reference,
                variant: str = "classic") -> StructureResult:
    """Shift-share decomposition of a region's change between two years.

    Parameters
    ----------
    region_0, region_t
        The region's size by sector in the base and final year (Series indexed by sector).
    reference_0, reference_t
        The reference economy's size by sector in the same years.
    reference
        Name of the reference economy (recorded in meta; e.g. ``"000000"`` China).
    variant
        ``"classic"`` (NS, IM, CS) or ``"esteban_marquillas"`` (adds the homothetic size and the
        competitive / allocation split of CS).

    Returns
    -------
    StructureResult
        One row per sector plus a ``total`` row; components sum to ``actual_change``.
    """
    if variant not in _VARIANTS:
        raise InputError(f"unknown variant {variant!r}", field="variant", expected=f"one of {_VARIANTS}")
    from revitalize.errors import UnknownLabelError
    from revitalize.model.regions import normalise_region

    # the reference's values are given, so it may be any economy: a known region is recorded
    # by its code, any other name as given
    try:
        ref_name = normalise_region(reference, where="reference").code
    except UnknownLabelError:
        ref_name = " ".join(str(reference).split())
    sectors, (e0, et, E0, Et) = _vectors(region_0, region_t, reference_0, reference_t)
    parts = shift_share_kernel(e0, et, E0, Et)
    cols = ["actual_change", "national_share", "industry_mix", "competitive_shift"]
    if variant == "esteban_marquillas":
        cols += ["homothetic", "competitive_effect", "allocation_effect"]
    table = pd.DataFrame({c: parts[c] for c in cols}, index=pd.Index(sectors, name="sector"))
    table.loc["total"] = table.sum(axis=0)
    meta = build_meta("shift_share", conventions={"variant": variant, "reference": ref_name,
                                                  "growth": "reference total growth G = E^t/E^0 - 1"})
    return StructureResult(table=table, meta=meta)


def dynamic_shift_share(region: pd.DataFrame, reference: pd.DataFrame, *, reference_name
                        ) -> StructureResult:
    """Dynamic shift-share (Barff & Knight 1988): classic components computed for each pair of
    consecutive years and summed.

    ``region`` and ``reference`` are years x sectors frames with the same, consecutive years.
    ``extra["annual"]`` keeps the components of every year.
    """
    years = list(region.index)
    if list(reference.index) != years or len(years) < 2:
        raise InputError("region and reference must have the same years (at least two)",
                         field="reference", expected=f"years {years}")
    if any(int(b) - int(a) != 1 for a, b in itertools.pairwise(years)):
        raise InputError(f"years are not consecutive: {years}", field="region",
                         expected="annual data without gaps")
    annual = []
    for a, b in itertools.pairwise(years):
        res = shift_share(region.loc[a], region.loc[b], reference.loc[a], reference.loc[b],
                          reference=reference_name)
        t = res.table.drop(index="total")
        t.insert(0, "year", b)
        annual.append(t.reset_index())
    annual_df = pd.concat(annual, ignore_index=True)
    table = annual_df.drop(columns="year").groupby("sector", sort=False).sum()
    table.loc["total"] = table.sum(axis=0)
    meta = build_meta("dynamic_shift_share", conventions={
        "variant": "classic, annual, summed (Barff & Knight 1988)",
        "reference": str(reference_name), "years": f"{years[0]}-{years[-1]}"})
    return StructureResult(table=table, meta=meta, extra={"annual": annual_df})
