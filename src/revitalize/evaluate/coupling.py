"""Coupling coordination degree of n >= 2 subsystems, vectorised over regions and years.

For each observation (region, year) with subsystem indices ``U_1..U_n`` in ``[0, 1]``:

* coupling ``C``, ``formula="standard"`` (the normative form restated by Wang et al. 2021;
  廖重斌 1999, 热带地理 19(2): 171-177, for n = 2)::

      C = n * [ prod_i U_i / (sum_i U_i)^n ]^(1/n)   (= geometric mean / arithmetic mean)

* coupling ``C``, ``formula="wang2021"`` -- the revised model of 王淑佳, 孔伟, 任亮, 治丹丹,
  戴彬婷 (2021), 国内耦合协调度模型的误区及修正 (Research on misuses and modification of
  coupling coordination degree model in China), 自然资源学报 *Journal of Natural Resources*
  36(3): 793-810, the modified coupling degree (修正后的耦合度)::

      C = sqrt{ [1 - sum_{i>j} sqrt((U_i - U_j)^2) / sum_{m=1}^{n-1} m]
                * [prod_i (U_i / max_k U_k)]^(1/(n-1)) }

  i.e. (1 - mean absolute pairwise difference) times the (n-1)-th root of the product of the
  indices relative to the largest, under a square root. Its values spread over [0, 1] where the
  standard C crowds near 1 (their Table 8 gives both for 13 Beijing-Tianjin-Hebei cities).

* comprehensive index ``T = sum_i beta_i U_i`` (``weights`` beta, default equal ``1/n``);
* coordination degree ``D = sqrt(C * T)``, and its ``class`` under a named grading ``scheme``.

Conventions: a row whose indices are all 0 has ``C = 0`` (both formulas are 0/0 there; any zero
index already gives ``C = 0``) -- warned, naming the rows. Indices outside ``[0, 1]`` raise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError
from revitalize.errors import warn as _warn
from revitalize.evaluate.validate import as_decision_matrix, as_weights, check_unit_interval
from revitalize.results import Result, build_meta

__all__ = ["SCHEMES", "CouplingResult", "classify", "coupling_coordination", "coupling_kernel"]

Formula = Literal["standard", "wang2021"]

# (upper bound, English label, Chinese label): class k holds upper[k-1] < D <= upper[k] (D = 0
# in the first class).
SCHEMES: dict[str, dict] = {
    "ten_class": {
        "source": "田深圳, 李雪铭, 杨俊, 张威, 郭建科 (2021), 地理学报 76(4): 781ff., 表1 "
                  "(the common 10-class scheme)",
        "classes": [
            (0.1, "extreme disorder", "极度失调"), (0.2, "serious disorder", "严重失调"),
            (0.3, "moderate disorder", "中度失调"), (0.4, "mild disorder", "轻度失调"),
            (0.5, "verge of disorder", "濒临失调"), (0.6, "barely coordinated", "勉强协调"),
            (0.7, "primary coordination", "初级协调"),
            (0.8, "intermediate coordination", "中级协调"),
            (0.9, "good coordination", "良好协调"), (1.0, "quality coordination", "优质协调")],
    },
    "four_class": {
        "source": "common 4-class scheme with cut points 0.3, 0.5, 0.8, e.g. 刘耀彬, 李仁东, "
                  "宋学锋 (2005), 中国城市化与生态环境耦合度分析, 自然资源学报 20(1)",
        "classes": [
            (0.3, "low coordination", "低度协调"), (0.5, "moderate coordination", "中度协调"),
            (0.8, "high coordination", "高度协调"), (1.0, "extreme coordination", "极度协调")],
    },
}
WANG_SOURCE = ("王淑佳, 孔伟, 任亮, 治丹丹, 戴彬婷 (2021), 国内耦合协调度模型的误区及修正, "
               "自然资源学报 36(3): 793-810")


def coupling_kernel(U: np.ndarray, beta: np.ndarray, formula: Formula = "standard"
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(C, T, D)`` for the rows of ``U`` (observations x subsystems), formulas in the module
    docstring. Rows of zeros get ``C = 0``. Not validated: ``U`` in ``[0, 1]``, ``n >= 2``."""
    n = U.shape[1]
    top = U.max(axis=1)
    # indices relative to the largest: C is scale-free, and the logs avoid underflow of prod U
    rel = np.divide(U, top[:, None], out=np.zeros_like(U), where=top[:, None] > 0)
    with np.errstate(divide="ignore"):
        log_prod = np.log(rel).sum(axis=1)  # -inf when some index is 0
    if formula == "standard":
        total = rel.sum(axis=1)
        C = np.divide(n * np.exp(log_prod / n), total, out=np.zeros_like(total), where=top > 0)
    else:
        ordered = np.sort(U, axis=1)
        # sum_{i>j} |U_i - U_j| = sum_k (2k - n + 1) U_(k) over the sorted row (k = 0..n-1)
        pair_sum = ordered @ (2.0 * np.arange(n) - n + 1)
        spread = np.clip(1.0 - pair_sum / (n * (n - 1) / 2), 0.0, 1.0)
        C = np.where(top > 0, np.sqrt(spread * np.exp(log_prod / (n - 1))), 0.0)
    T = U @ beta
    return C, T, np.sqrt(C * T)


def classify(D: np.ndarray, scheme: str = "ten_class", *, language: str = "en") -> np.ndarray:
    """Class labels of coordination degrees ``D`` under ``scheme`` (``SCHEMES``); ``language``
    ``"en"`` or ``"zh"``."""
    classes = SCHEMES[scheme]["classes"]
    upper = np.array([c[0] for c in classes])
    labels = np.array([c[1] if language == "en" else c[2] for c in classes], dtype=object)
    idx = np.searchsorted(upper, np.asarray(D, dtype=float), side="left")
    return labels[np.clip(idx, 0, len(classes) - 1)]


@dataclass(frozen=True)
class CouplingResult(Result):
    """``table`` indexed like the input (e.g. region, year): ``C``, ``T``, ``D``, ``class``.
    ``extra``: ``U`` (the subsystem indices) and ``weights`` (beta by subsystem)."""


def _subsystem_frame(U, subsystems) -> pd.DataFrame:
    if not isinstance(U, pd.DataFrame):
        return U
    keys = [k for k in ("region", "year") if k in U.columns]
    frame = U.set_index(keys) if keys else U
    if subsystems is not None:
        missing = [s for s in subsystems if s not in frame.columns]
        if missing:
            raise InputError(f"subsystems {missing} are not columns of the input", field=missing[0],
                             expected=f"columns among {list(frame.columns)[:10]}")
        frame = frame[list(subsystems)]
    return frame


def _warn_all_zero(dm, formula: str) -> None:
    zero = ~(dm.values > 0).any(axis=1)
    if zero.any():
        rows = [str(r) for r in dm.alternatives[zero][:5]]
        _warn(f"coupling ({formula}): every subsystem index is 0 for {int(zero.sum())} "
                      f"observation(s) {rows}; C is undefined there and set to 0 (so D = 0)",
                      DataQualityWarning, stacklevel=3)


def coupling_coordination(U, *, formula: Formula = "standard", weights=None,
                          scheme: str = "ten_class", subsystems=None,
                          name: str = "U") -> CouplingResult:
    """Coupling C, comprehensive index T, coordination D and its class, per observation.

    Parameters
    ----------
    U
        Subsystem indices in ``[0, 1]``: a DataFrame whose index identifies the observations
        (e.g. a (region, year) MultiIndex; ``region``/``year`` columns are moved to the index)
        and whose columns are the subsystems; or a 2-D array (rows numbered from 1).
    formula
        ``"standard"`` (default) or ``"wang2021"`` (module docstring).
    weights
        beta for ``T``: ``None`` (equal, ``1/n``), a sequence, or a mapping by subsystem.
    scheme
        Grading of ``D``: ``"ten_class"`` (default) or ``"four_class"`` (``SCHEMES``).
    subsystems
        Columns to use as subsystems (default: every column).

    Raises
    ------
    InputError
        Fewer than 2 subsystems, non-numeric or missing values, duplicate observations,
        indices outside ``[0, 1]``, bad weights, unknown ``formula`` or ``scheme``.
    """
    if formula not in ("standard", "wang2021"):
        raise InputError(f"unknown formula {formula!r}", field="formula",
                         expected="'standard' or 'wang2021'")
    if scheme not in SCHEMES:
        raise InputError(f"unknown scheme {scheme!r}", field="scheme",
                         expected=" or ".join(repr(s) for s in SCHEMES))
    dm = as_decision_matrix(_subsystem_frame(U, subsystems), name=name, min_alternatives=1,
                            words=("observation", "subsystem"))
    if dm.shape[1] < 2:
        raise InputError(f"{dm.shape[1]} subsystem column(s) {list(dm.criteria)}", file=name,
                         expected="at least 2 subsystem indices per observation")
    check_unit_interval(dm, method="coupling coordination", what="subsystem indices")
    beta = np.full(dm.shape[1], 1.0 / dm.shape[1]) if weights is None \
        else as_weights(weights, dm.criteria, name="subsystem weights")
    _warn_all_zero(dm, formula)
    C, T, D = coupling_kernel(dm.values, beta, formula)
    table = pd.DataFrame({"C": C, "T": T, "D": D, "class": classify(D, scheme)},
                         index=dm.alternatives)
    conventions = {"formula": formula, "scheme": scheme,
                   "weights": dict(zip(map(str, dm.criteria), beta.tolist())),
                   "all_zero_row": "C = 0"}
    grading = [{"upper": u, "class": en, "class_zh": zh}
               for u, en, zh in SCHEMES[scheme]["classes"]]
    meta = build_meta("coupling coordination degree", conventions=conventions,
                      source=WANG_SOURCE if formula == "wang2021" else
                      "normative form restated in " + WANG_SOURCE,
                      grading=grading, grading_source=SCHEMES[scheme]["source"],
                      subsystems=[str(c) for c in dm.criteria])
    extra = {"U": dm.frame(), "weights": pd.Series(beta, index=dm.criteria)}
    return CouplingResult(table=table, meta=meta, extra=extra)
