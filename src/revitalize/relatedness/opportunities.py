"""Diversification opportunities: industries a region does not yet specialise in, ranked.

For a region ``c`` the candidates are the industries with ``RCA_cp < threshold`` (``M_cp = 0``).
Each candidate carries its relatedness density ``omega_cp`` (:mod:`.density`; how close the
industry is to what the region already does -- the feasibility side) and the industry's complexity
``PCI_p`` (:mod:`.complexity`; how much it would add -- the attractiveness side). The ranking score
(Hausmann, Hidalgo et al. 2014, *The Atlas of Economic Complexity*, pp. 52-57, weigh "distance"
against "complexity" in the same way; the weighting is ours and named)::

    score_cp = w z(omega_cp) + (1 - w) z(PCI_p)

with ``z`` standardised over the region's candidates (mean 0, population std 1) and ``w`` =
``density_weight`` (default 0.5). ``density_weight=1`` ranks by density alone (the literature's
"what comes next" prediction, validated in :mod:`.validation`); ``0`` by complexity alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import InputError, UnknownLabelError
from revitalize.model.regions import NORTHEAST, normalise_region
from revitalize.relatedness.complexity import ComplexityMethod, complexity
from revitalize.relatedness.density import density
from revitalize.relatedness.proximity import ProximityMeasure
from revitalize.relatedness.rca import rca
from revitalize.results import Result, build_meta

__all__ = ["OpportunitiesResult", "opportunities", "opportunity_score"]


def opportunity_score(density_values: np.ndarray, pci_values: np.ndarray,
                      density_weight: float = 0.5) -> np.ndarray:
    """``w z(density) + (1 - w) z(PCI)`` over one region's candidates (module docstring); a
    constant input contributes 0."""
    def z(x):
        x = np.asarray(x, float)
        sd = x.std()
        return np.zeros_like(x) if sd == 0 else (x - x.mean()) / sd

    return density_weight * z(density_values) + (1 - density_weight) * z(pci_values)


@dataclass(frozen=True)
class OpportunitiesResult(Result):
    """``table``: one row per (region, candidate industry), best first within each region:
    ``region, industry, [name_cn, name_en,] rca, density, pci, score, rank``.
    ``extra``: ``rca``, ``density`` (full matrices), ``eci`` and ``pci``."""


def _regions(regions: Iterable[object] | None, index: pd.Index) -> list[str]:
    wanted = [normalise_region(r, where="regions").code
              for r in (NORTHEAST if regions is None else regions)]
    missing = [r for r in wanted if r not in index]
    if missing:
        raise UnknownLabelError(f"regions {missing} are not rows of the matrix", field="regions",
                                expected=f"some of {list(index)}")
    return wanted


def opportunities(values: pd.DataFrame, *, regions: Iterable[object] | None = None,
                  threshold: float = 1.0, measure: ProximityMeasure = "min_conditional",
                  complexity_method: ComplexityMethod = "eigenvector",
                  density_weight: float = 0.5, industry_names: pd.DataFrame | None = None,
                  provenance=None) -> OpportunitiesResult:
    """Candidate industries of ``regions`` (RCA below ``threshold``) ranked by density and PCI.

    Parameters
    ----------
    values
        Regions x industries sizes of **all** regions (the reference economy is their sum);
        row labels are region codes (``"210000"``).
    regions
        Regions to list (any spelling); default the Northeast provinces (Liaoning, Jilin,
        Heilongjiang).
    threshold
        RCA threshold of specialisation (default 1).
    measure
        Proximity measure (:mod:`.proximity`).
    complexity_method
        ``"eigenvector"`` or ``"reflections"`` (same values; :mod:`.complexity`).
    density_weight
        ``w`` of the score, in [0, 1] (default 0.5).
    industry_names
        Optional frame indexed by industry with ``name_cn``/``name_en`` columns, joined to the
        table (e.g. ``IndustryMatrices.extra["industries"]``).
    """
    if not 0.0 <= float(density_weight) <= 1.0:
        raise InputError(f"density_weight={density_weight!r}", field="density_weight",
                         expected="a number in [0, 1]")
    r = rca(values, threshold=threshold, provenance=provenance)
    wanted = _regions(regions, r.table.index)
    M = r.specialisation
    dens = density(M, measure=measure).table
    cx = complexity(M, method=complexity_method)
    pci = cx.pci
    frames = []
    for c in wanted:
        cand = M.columns[M.loc[c] == 0]
        f = pd.DataFrame({"region": c, "industry": cand, "rca": r.table.loc[c, cand].to_numpy(),
                          "density": dens.loc[c, cand].to_numpy(),
                          "pci": pci.loc[cand].to_numpy()})
        f["score"] = opportunity_score(f["density"], f["pci"], float(density_weight))
        f = f.sort_values(["score", "density"], ascending=False, kind="stable")
        f["rank"] = np.arange(1, len(f) + 1)
        frames.append(f)
    table = pd.concat(frames, ignore_index=True)
    if industry_names is not None:
        names = industry_names.reindex(table["industry"])
        for col in ("name_en", "name_cn"):
            if col in names:
                table.insert(2, col, names[col].to_numpy())
    meta = build_meta("opportunities", conventions={
        "threshold": r.meta["conventions"]["threshold"], "proximity": measure,
        "complexity_method": complexity_method, "density_weight": float(density_weight),
        "candidates": "rca_below_threshold", "standardisation": "over_region_candidates"},
        provenance=provenance, regions=wanted)
    return OpportunitiesResult(table=table, meta=meta, extra={
        "rca": r.table, "density": dens, "eci": cx.eci, "pci": pci})
