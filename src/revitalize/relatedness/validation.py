"""Does relatedness density predict which industries a region enters?

The literature's test (Hidalgo, Klinger, Barabasi & Hausmann 2007, *Science* 317, 482-487, Fig.
4; Neffke, Henning & Boschma 2011, *Economic Geography* 87(3), 237-265; Boschma, Minondo &
Navarro 2013, *Economic Geography* 89(1), 29-51, for Spanish regions): at benchmark year ``t``
take the region-industry pairs a region does not specialise in (candidates, ``RCA_t <
candidate_threshold``, default the RCA threshold itself); an **entry** is a candidate with
``RCA_{t+1} >= threshold`` at the next benchmark year. A predictor computed from year-``t`` data
only (no parameter fitted on ``t+1``) is scored by the area under the ROC curve:

    AUC = P(score of a random entry > score of a random non-entry)   (ties count 1/2)

(Mann-Whitney form; Hanley & McNeil 1982, *Radiology* 143, 29-36, eq. 1, and their standard
error, eq. 2). Predictors: ``density`` (relatedness density at ``t``, its proximity computed from
year ``t``); baselines without relatedness: ``constant`` (AUC 0.5 by definition), ``ubiquity``
(how many regions specialise in the industry at ``t``) and ``rca`` (the candidate's own RCA at
``t``: how close it already is to the threshold).

Out of sample in the stricter sense (``logit_*`` rows): for each transition after the first, a
logistic regression of entry on ``[1, rca, ubiquity]`` (baseline) and on ``[1, rca, ubiquity,
density]`` is fitted by IRLS on **all earlier transitions** and scores the candidates of this one
(rolling origin); ``pooled`` pools those out-of-sample scores. The gain of the density model over
the baseline is the relatedness evidence.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError
from revitalize.errors import warn as _warn
from revitalize.relatedness.density import density_kernel
from revitalize.relatedness.proximity import ProximityMeasure, check_measure, proximity_kernel
from revitalize.relatedness.rca import balassa_rca, specialisation_matrix
from revitalize.relatedness.validate import as_size_matrix, check_threshold
from revitalize.results import Result, build_meta


def _rankdata(values, *args, **kwargs):
    """scipy's average ranks, imported on use (scipy.stats costs seconds to import and the task
    registry imports this package at start-up)."""
    from scipy.stats import rankdata

    return rankdata(values, *args, **kwargs)

__all__ = ["EntryPredictionResult", "auc_kernel", "entry_prediction", "logit_irls"]

SCORE_PREDICTORS: tuple[str, ...] = ("density", "ubiquity", "rca", "constant")


# ---------------------------------------------------------------------------- kernels
def auc_kernel(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """AUC (Mann-Whitney, average ranks for ties) and its Hanley-McNeil (1982) standard error.
    ``nan`` when one class is empty."""
    scores = np.asarray(scores, float)
    labels = np.asarray(labels, bool)
    n1, n0 = int(labels.sum()), int((~labels).sum())
    if n1 == 0 or n0 == 0:
        return float("nan"), float("nan")
    ranks = _rankdata(scores)
    auc = (ranks[labels].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)
    q1, q2 = auc / (2 - auc), 2 * auc**2 / (1 + auc)
    var = (auc * (1 - auc) + (n1 - 1) * (q1 - auc**2) + (n0 - 1) * (q2 - auc**2)) / (n1 * n0)
    return float(auc), float(np.sqrt(max(var, 0.0)))


def logit_irls(X: np.ndarray, y: np.ndarray, *, max_iter: int = 100, tol: float = 1e-10,
               ridge: float = 1e-8) -> np.ndarray:
    """Logistic-regression coefficients by iteratively reweighted least squares (Newton);
    ``ridge`` (a tiny L2 term on the Hessian) keeps a separable sample finite."""
    X = np.asarray(X, float)
    y = np.asarray(y, float)
    beta = np.zeros(X.shape[1])
    for _ in range(max_iter):
        p = 1.0 / (1.0 + np.exp(-(X @ beta)))
        w = p * (1 - p)
        H = X.T @ (X * w[:, None]) + ridge * np.eye(X.shape[1])
        step = np.linalg.solve(H, X.T @ (y - p) - ridge * beta)
        beta = beta + step
        if np.max(np.abs(step)) < tol:
            break
    return beta


def _transition(X0: np.ndarray, X1: np.ndarray, threshold: float, candidate: float,
                measure: str) -> dict[str, np.ndarray]:
    R0, R1 = balassa_rca(X0), balassa_rca(X1)
    M0 = specialisation_matrix(R0, threshold)
    dens = density_kernel(M0, proximity_kernel(M0, measure))
    ubiq = np.broadcast_to(M0.sum(axis=0), M0.shape)
    cand = R0 < candidate
    return {"entry": (R1 >= threshold)[cand], "density": dens[cand], "ubiquity": ubiq[cand],
            "rca": R0[cand], "constant": np.zeros(int(cand.sum())),
            "region": np.nonzero(cand)[0], "industry": np.nonzero(cand)[1]}


# ---------------------------------------------------------------------------- labelled shell
@dataclass(frozen=True)
class EntryPredictionResult(Result):
    """``table``: ``transition, predictor, auc, auc_se, candidates, entries`` (one row per
    transition and ``pooled``); ``extra["candidates"]``: every candidate cell with its entry
    outcome and predictors."""

    def auc(self, predictor: str = "density", transition: str = "pooled") -> float:
        t = self.table
        row = t[(t["predictor"] == predictor) & (t["transition"] == transition)]
        return float(row["auc"].iloc[0]) if len(row) else float("nan")


def _aligned(matrices: Mapping[int, pd.DataFrame]) -> tuple[list[int], list[pd.DataFrame]]:
    if len(matrices) < 2:
        raise InputError("entry prediction needs at least two years", field="matrices",
                         expected="{year: regions x industries} for two or more years")
    years = sorted(int(y) for y in matrices)
    frames = [as_size_matrix(matrices[y], name=f"matrices[{y}]") for y in years]
    first = frames[0]
    for y, f in zip(years[1:], frames[1:]):
        if set(f.index) != set(first.index) or set(f.columns) != set(first.columns):
            raise InputError(f"year {y} has other regions or industries than {years[0]}",
                             field="matrices", expected="the same regions and industries in "
                             "every year (industry_matrices(regions='common'))")
    return years, [f.loc[first.index, first.columns] for f in frames]


def _rows(label: str, data: dict[str, np.ndarray], predictors) -> list[dict]:
    out = []
    for p in predictors:
        a, se = auc_kernel(data[p], data["entry"])
        out.append({"transition": label, "predictor": p, "auc": a, "auc_se": se,
                    "candidates": int(data["entry"].size), "entries": int(data["entry"].sum())})
    return out


def _design(d: dict[str, np.ndarray], with_density: bool) -> np.ndarray:
    cols = [np.ones(d["entry"].size), d["rca"], d["ubiquity"]]
    if with_density:
        cols.append(d["density"])
    return np.column_stack(cols)


def _logit_scores(parts: list[dict]) -> list[dict]:
    """Rolling-origin out-of-sample logit scores for transitions 2.. (module docstring)."""
    scored = []
    for k in range(1, len(parts)):
        train = {key: np.concatenate([p[key] for p in parts[:k]]) for key in parts[0]}
        test = parts[k]
        out = {"entry": test["entry"]}
        for name, dens in (("logit_baseline", False), ("logit_density", True)):
            if train["entry"].sum() == 0:
                out[name] = np.zeros(test["entry"].size)
                continue
            beta = logit_irls(_design(train, dens), train["entry"])
            out[name] = _design(test, dens) @ beta
        scored.append(out)
    return scored


def entry_prediction(matrices: Mapping[int, pd.DataFrame], *, threshold: float = 1.0,
                     candidate_threshold: float | None = None,
                     measure: ProximityMeasure = "min_conditional", provenance=None
                     ) -> EntryPredictionResult:
    """AUC of relatedness density (and baselines) for entries between consecutive years.

    Parameters
    ----------
    matrices
        ``{year: regions x industries sizes}`` with the same regions and industries every year
        (:func:`~revitalize.relatedness.matrix.industry_matrices`).
    threshold
        RCA threshold of specialisation and of entry (default 1).
    candidate_threshold
        Candidates have ``RCA_t < candidate_threshold``; default ``threshold`` (Hidalgo et al.
        2007 also use 0.5: "from non-specialised").
    measure
        Proximity measure for the density (:mod:`.proximity`).

    Warns
    -----
    DataQualityWarning
        A transition without any entry (or without non-entries): its AUC is undefined (NaN).
    """
    years, frames = _aligned(matrices)
    t = check_threshold(threshold)
    c = t if candidate_threshold is None else check_threshold(candidate_threshold,
                                                              "candidate_threshold")
    check_measure(measure)
    regions, industries = frames[0].index, frames[0].columns
    parts, rows, cells = [], [], []
    for y0, y1, X0, X1 in zip(years, years[1:], frames, frames[1:]):
        label = f"{y0}->{y1}"
        d = _transition(X0.to_numpy(), X1.to_numpy(), t, c, measure)
        if d["entry"].sum() in (0, d["entry"].size):
            _warn(f"transition {label}: {int(d['entry'].sum())} entries among "
                  f"{d['entry'].size} candidates; AUC undefined", DataQualityWarning,
                  field="matrices")
        parts.append(d)
        rows += _rows(label, d, SCORE_PREDICTORS)
        cells.append(pd.DataFrame({
            "transition": label, "region": regions[d["region"]],
            "industry": industries[d["industry"]], "entry": d["entry"],
            **{p: d[p] for p in ("density", "ubiquity", "rca")}}))
    pooled = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    rows += _rows("pooled", pooled, SCORE_PREDICTORS)
    oos = _logit_scores(parts)
    for (y0, y1), s in zip(itertools.pairwise(years[1:]), oos):
        rows += _rows(f"{y0}->{y1}", s, ("logit_baseline", "logit_density"))
    if oos:
        joined = {k: np.concatenate([s[k] for s in oos]) for k in oos[0]}
        rows += _rows("pooled", joined, ("logit_baseline", "logit_density"))
    meta = build_meta("entry_prediction_auc", conventions={
        "threshold": t, "candidate_threshold": c, "proximity": measure,
        "baselines": ["constant", "ubiquity", "rca"],
        "out_of_sample": "rolling_origin_logit_on_earlier_transitions"},
        provenance=provenance, years=years)
    return EntryPredictionResult(table=pd.DataFrame(rows), meta=meta,
                                 extra={"candidates": pd.concat(cells, ignore_index=True)})
