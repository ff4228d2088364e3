"""Monte Carlo of IO linkages under noisy technical coefficients.

Each draw perturbs the technical coefficients ``A`` of the Leontief model multiplicatively,
``a~_ij = a_ij eps_ij`` (distribution and size named: :mod:`revitalize.uncertainty.draws`), and
recomputes, with the formulas of :mod:`revitalize.io.linkages` (Rasmussen 1956; Miller & Blair
2009, section 12.2), the influence and sensitivity coefficients, the type I output multiplier
(column sums of ``L``), the forward linkage (row sums of ``L``, or of ``G`` with
``forward="ghosh"``), the key-sector class of every sector and its rank.

Productive columns (``column_rule``). A column whose drawn sum reaches 1 could make ``I - A~``
singular or its inverse negative; column sums below 1 bound ``rho(A~) < 1``. The point estimate
must have every column sum below 1. Drawn columns with ``sum_i a~_ij >= 1`` are

* ``"redraw"`` (default): drawn again (the whole column, fresh noise) until the sum is below 1,
  at most ``max_redraws`` times, else :class:`~revitalize.errors.ValidationError`;
* ``"rescale"``: multiplied by ``s_j / sum_i a~_ij`` (``s_j`` the point estimate's column sum),
  keeping the drawn pattern within the column;
* ``"raise"``: refused (:class:`~revitalize.errors.ValidationError`).

Never silently: the number of adjusted columns is counted per draw (``extra["draws"]
["adjusted_columns"]``), reported in ``meta["columns_adjusted"]`` and warned
(:class:`~revitalize.errors.DataQualityWarning`).

Noise structure (``structure``):

* ``"cell"`` (default): every coefficient has its own factor, ``a~_ij = a_ij eps_ij``; each
  draw is its own matrix (one LU per draw, below).
* ``"row_column"``: ``a~_ij = rho_i a_ij gamma_j`` -- a factor per supplying row and one per
  purchasing column, each drawn with half the log-variance (lognormal ``sigma / sqrt 2``,
  uniform half-width ``/ sqrt 2``), so that ``var(log a~_ij)`` matches ``"cell"`` for the
  lognormal. Errors are shared along a row (a product's sales estimated together) and a column
  (a sector's input structure); this is the structure that scales to interregional tables
  (n = 1,302). By the similarity ``I - R A Gamma = Gamma^-1 (I - D A) Gamma`` (``D = R Gamma``)
  the sums ``c = 1 + Gamma A' R c`` and ``r = b + R A Gamma r`` are fixed points in the point
  solution's ``M = L - I``, ``w = M (Gamma b + (D - I) w)``
  (:func:`revitalize.io.solvers.scaled_solve`): one matrix product per step and direction
  for every draw of the chunk together, contracting by ``rho(M (D - I))`` (about 0.02 per
  step at sigma 0.1, against 0.55 for the plain power series of the n = 1,302 benchmark table:
  7-8 products per direction instead of 14 Anderson-mixed ones), each draw stopped once its
  relative residual is provably at most ``ROW_COLUMN_TOL`` (1e-10); draws not converged within
  ``ROW_COLUMN_MAX_STEPS`` products fall back to one LU each (counted in ``meta``). ``L`` is
  formed once per run (the point analysis's, reused). Chunks are sized by memory (``ROW_COLUMN_CHUNK_BYTES``
  for the ``k x n`` blocks), not by a constant. The draws
  are bit-identical across backends when BLAS is configured alike in every process (e.g.
  ``OMP_NUM_THREADS=1``): OpenBLAS initialised with 2 threads and limited to 1 at run time sums
  in another order than one initialised with 1 (1-ulp differences, measured at n = 1,302).

Weights: ``"none"``, ``"output"`` and ``"value_added"`` weights do not depend on ``A``;
``"final_demand"`` uses each draw's own final demand ``y~ = x - A~ x`` (with ``x`` fixed).

Kernels: the linkage kernels of :mod:`revitalize.io.linkages` are per matrix; their batched
forms here work on ``(k, n, n)`` stacks: ``(I - A~)' c = 1`` (column sums ``c`` of ``L``) and
``(I - A~) r = 1`` (row sums), or ``= x`` for the Ghosh row sums ``(L x)_i / x_i``. Below
``LU_LOOP_MIN_N`` sectors they are two batched :func:`numpy.linalg.solve` calls (no Python loop
per draw); from it on, one LU per draw serves both solves (LAPACK getrs with and without
transpose), which halves the factorisation work. No ``L`` is formed per draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from revitalize.errors import DataQualityWarning, InputError, ValidationError
from revitalize.errors import warn as _warn
from revitalize.io.coefficients import leontief_inverse
from revitalize.io.linkages import (
    KEY_SECTOR_CLASSES,
    WEIGHTS,
    linkages,
)
from revitalize.io.multipliers import LeontiefModel, as_model
from revitalize.io.solvers import scaled_solve
from revitalize.results import build_meta
from revitalize.uncertainty.backends import RunOptions, run_chunks, run_options
from revitalize.uncertainty.draws import NOISE_DISTRIBUTIONS, multiplicative_noise, noise_spec
from revitalize.uncertainty.results import MonteCarloResult, assemble, batched_rank

__all__ = ["CLASS_NAMES", "COLUMN_RULES", "IO_METRICS", "NOISE_STRUCTURES", "ROW_COLUMN_TOL",
           "batched_dispersion_index", "class_codes", "io_monte_carlo", "leontief_sums",
           "perturb_coefficients", "row_column_sums"]

COLUMN_RULES: dict[str, str] = {
    "redraw": "columns whose drawn sum reaches 1 are drawn again (fresh noise for the whole "
              "column) until below 1",
    "rescale": "columns whose drawn sum reaches 1 are scaled to the point estimate's column sum",
    "raise": "a drawn column sum reaching 1 is an error",
}
NOISE_STRUCTURES: dict[str, str] = {
    "cell": "a~_ij = a_ij eps_ij, an independent factor per coefficient",
    "row_column": "a~_ij = rho_i a_ij gamma_j, a factor per row and per column, each with half "
                  "the log-variance (size / sqrt 2)",
}
ROW_COLUMN_TOL = 1e-10
ROW_COLUMN_MAX_STEPS = 60
ROW_COLUMN_CHUNK_BYTES = 64 * 2**20
IO_METRICS = ("influence_coefficient", "sensitivity_coefficient", "output_multiplier",
              "forward_linkage")
CLASS_NAMES = tuple(KEY_SECTOR_CLASSES)


# ---------------------------------------------------------------------------- batched kernels
#: from this size on, one LU factorisation per draw serves both solves (LAPACK getrs with and
#: without transpose), which beats two batched ``numpy.linalg.solve`` calls (each its own LU):
#: measured 1.8x at n = 153 on one core.
LU_LOOP_MIN_N = 100


def _one_lu_per_draw(M: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``solve(M_d', 1)`` and ``solve(M_d, rhs)`` for every draw ``d`` from one LU of ``M_d``."""
    from scipy import linalg

    k, n, _ = M.shape
    col, z, ones = np.empty((k, n)), np.empty((k, n)), np.ones(n)
    for d in range(k):
        lu = linalg.lu_factor(M[d], check_finite=False)
        col[d] = linalg.lu_solve(lu, ones, trans=1, check_finite=False)
        z[d] = linalg.lu_solve(lu, rhs, check_finite=False)
    return col, z


def leontief_sums(M: np.ndarray, x: np.ndarray, forward: str) -> tuple[np.ndarray, np.ndarray]:
    """Column sums of ``L = M^-1`` and its forward linkage, for a stack ``M = I - A~``
    ``(k, n, n)``: ``c = solve(M', 1)``; ``r = solve(M, 1)`` (``"leontief"``) or
    ``(solve(M, x))_i / x_i`` (``"ghosh"``, 1 where ``x_i = 0``: the unit row of ``G``, as
    :func:`revitalize.io.linkages.ghosh_row_moments`)."""
    k, n, _ = M.shape
    if n >= LU_LOOP_MIN_N:
        col, z = _one_lu_per_draw(M, np.ones(n) if forward == "leontief" else x)
        if forward == "leontief":
            return col, z
    else:
        ones = np.ones((k, n, 1))
        col = np.linalg.solve(np.swapaxes(M, 1, 2), ones)[..., 0]
        if forward == "leontief":
            return col, np.linalg.solve(M, ones)[..., 0]
        z = np.linalg.solve(M, np.broadcast_to(x[:, np.newaxis], (k, n, 1)))[..., 0]
    pos = x > 0
    row = np.ones((k, n))
    row[:, pos] = z[:, pos] / x[pos]
    return col, row


def _anderson_rows(apply, B: np.ndarray, X: np.ndarray, tol: float, max_iter: int,
                   depth: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """Fixed point ``X = B + apply(X)`` for every row (draw) of ``X`` (k, n), Anderson-mixed
    per row (type II, Walker & Ni 2011, SIAM J. Numer. Anal. 49(4)) over the last ``depth``
    steps: the small least-squares problems of all rows are one batched solve. Returns
    ``(X, converged)`` with the relative residual ``||G(X) - X||_inf / ||B||_inf <= tol``."""
    scale = np.maximum(np.abs(B).max(axis=-1), np.finfo(float).tiny)
    scale = np.broadcast_to(scale, X.shape[:1]) if np.ndim(scale) == 0 else scale
    G = apply(X) + B
    F = G - X
    k, n = X.shape
    dF, dG = np.empty((k, depth, n)), np.empty((k, depth, n))  # ring buffers, rows = draws
    used = 0
    done = np.zeros(k, dtype=bool)
    for step in range(max_iter):
        done = np.abs(F).max(axis=1) / scale <= tol
        if done.all():
            break
        X_new = G.copy()
        if used:
            DF, DG = dF[:, :used], dG[:, :used]
            gram = DF @ DF.transpose(0, 2, 1)  # (k, m, m)
            rhs = DF @ F[:, :, np.newaxis]
            ridge = 1e-13 * np.trace(gram, axis1=1, axis2=2)[:, None, None] + np.finfo(float).tiny
            coef = np.linalg.solve(gram + ridge * np.eye(used), rhs)  # (k, m, 1)
            X_new -= (DG.transpose(0, 2, 1) @ coef)[:, :, 0]
        G_new = apply(X_new) + B
        F_new = G_new - X_new
        slot = step % depth
        np.subtract(F_new, F, out=dF[:, slot])
        np.subtract(G_new, G, out=dG[:, slot])
        used = min(used + 1, depth)
        X, G, F = X_new, G_new, F_new
    return X, done


def row_column_sums(A: np.ndarray, rho: np.ndarray, gamma: np.ndarray, b: np.ndarray,
                    c0: np.ndarray, r0: np.ndarray, *, tol: float = ROW_COLUMN_TOL,
                    max_iter: int = 1000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Column sums ``c`` of ``L~ = (I - R A Gamma)^-1`` and ``r = L~ b`` for ``k`` draws at once,
    by the plain power series (the path before :func:`revitalize.io.solvers.scaled_solve`,
    kept for comparison: about twice its products).

    ``rho``, ``gamma`` (k, n) the row and column factors; ``b`` (n,) the right-hand side of the
    forward sums; ``c0``, ``r0`` (n,) the point solution (warm start). Fixed points
    ``C = 1 + Gamma o ((R o C) A)`` and ``Z = b + R o ((Gamma o Z) A')`` (rows = draws), one
    matrix product per step and direction, Anderson-mixed (:func:`_anderson_rows`), until the
    relative residual of every draw is at most ``tol``. Returns ``(c, r, converged)``.
    """
    k, n = rho.shape
    C, ok_c = _anderson_rows(lambda X: gamma * ((rho * X) @ A), np.ones(n),
                             np.broadcast_to(c0, (k, n)).copy(), tol, max_iter)
    Zr, ok_r = _anderson_rows(lambda X: rho * ((gamma * X) @ A.T), b,
                              np.broadcast_to(r0, (k, n)).copy(), tol, max_iter)
    return C, Zr, ok_c & ok_r


def _lu_fallback(A, rho, gamma, b, bad) -> tuple[np.ndarray, np.ndarray]:
    n = A.shape[0]
    M = np.eye(n)[np.newaxis] - rho[bad][:, :, np.newaxis] * A * gamma[bad][:, np.newaxis, :]
    return _one_lu_per_draw(M, b)


def batched_dispersion_index(sums: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Row-wise :func:`revitalize.io.linkages.dispersion_index`: ``sums / (weights . sums)``
    for ``(k, n)`` sums and ``(n,)`` or ``(k, n)`` weights."""
    denom = (sums * weights).sum(axis=-1, keepdims=True)
    return sums / denom


def class_codes(influence: np.ndarray, sensitivity: np.ndarray) -> np.ndarray:
    """Key-sector classes (:func:`revitalize.io.linkages.key_sector_class`) as int8 codes, the
    index in :data:`revitalize.io.linkages.KEY_SECTOR_CLASSES`."""
    back, fwd = influence > 1.0, sensitivity > 1.0
    # key 0, backward_oriented 1, forward_oriented 2, weak 3 (no string labels: 25 % of a
    # chunk's time at n = 1,302)
    return (3 - 2 * back.astype(np.int8) - fwd.astype(np.int8)).astype(np.int8)


# ---------------------------------------------------------------------------- payload and chunk
@dataclass(frozen=True)
class IOPayload:
    """What a chunk needs: point ``A`` and ``x``, the noise, the rules, fixed weights (None:
    the draw's final demand)."""

    A: np.ndarray
    x: np.ndarray
    distribution: str
    size: float
    column_rule: str
    max_redraws: int
    forward: str
    w_in: np.ndarray | None
    w_out: np.ndarray | None
    rank_by: str
    structure: str = "cell"
    M: np.ndarray | None = None  # row_column: L - I of the point A (scaled_solve)


def _redraw(stack, sums, bad, A, rng, p: IOPayload) -> None:
    """Redraw the bad ``(draw, column)`` pairs in place until their sums are below 1."""
    kk, jj = np.nonzero(bad)
    for _ in range(p.max_redraws):
        fresh = multiplicative_noise(rng, (kk.size, A.shape[0]), p.distribution, p.size)
        fresh *= A[:, jj].T
        stack[kk, :, jj] = fresh
        still = fresh.sum(axis=1) >= 1.0
        if not still.any():
            return
        kk, jj = kk[still], jj[still]
    raise ValidationError(f"{kk.size} drawn columns still sum to >= 1 after {p.max_redraws} "
                          f"redraws (first: column {int(jj[0]) + 1})", field="column_rule",
                          expected="smaller noise, or column_rule='rescale'")


def perturb_coefficients(p: IOPayload, rng: np.random.Generator, k: int
                         ) -> tuple[np.ndarray, np.ndarray]:
    """``k`` perturbed coefficient matrices ``(k, n, n)`` with the column rule applied, and the
    number of adjusted columns of each draw (module docstring)."""
    stack = multiplicative_noise(rng, (k, *p.A.shape), p.distribution, p.size)
    stack *= p.A
    sums = stack.sum(axis=1)
    bad = sums >= 1.0
    if bad.any():
        if p.column_rule == "raise":
            d, j = (int(v) for v in np.argwhere(bad)[0])
            raise ValidationError(f"draw {d + 1}: column {j + 1} sums to {sums[d, j]:.6g} >= 1",
                                  field="column_rule", expected="column_rule 'redraw' or "
                                                                "'rescale', or smaller noise")
        if p.column_rule == "rescale":
            target = p.A.sum(axis=0)
            stack *= np.where(bad, target / sums, 1.0)[:, np.newaxis, :]
        else:
            _redraw(stack, sums, bad, p.A, rng, p)
    return stack, bad.sum(axis=1)


def _io_chunk(p: IOPayload, rng: np.random.Generator, k: int) -> dict[str, np.ndarray]:
    stack, adjusted = perturb_coefficients(p, rng, k)
    n = p.x.size
    fd = p.x - stack @ p.x if p.w_in is None or p.w_out is None else None
    np.negative(stack, out=stack)
    stack[:, np.arange(n), np.arange(n)] += 1.0
    col, row = leontief_sums(stack, p.x, p.forward)
    w_fd = None if fd is None else fd / fd.sum(axis=1, keepdims=True)
    influence = batched_dispersion_index(col, w_fd if p.w_in is None else p.w_in)
    sensitivity = batched_dispersion_index(row, w_fd if p.w_out is None else p.w_out)
    out = {"influence_coefficient": influence, "sensitivity_coefficient": sensitivity,
           "output_multiplier": col, "forward_linkage": row}
    out["rank"] = batched_rank(out[p.rank_by])
    out["class"] = class_codes(influence, sensitivity)
    out["adjusted_columns"] = adjusted.astype(np.int64)
    return out


def _row_column_factors(p: IOPayload, rng: np.random.Generator, k: int
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row and column factors ``(k, n)`` with the column rule applied to ``gamma``."""
    n = p.A.shape[0]
    size = p.size / np.sqrt(2.0)
    rho = multiplicative_noise(rng, (k, n), p.distribution, size)
    gamma = multiplicative_noise(rng, (k, n), p.distribution, size)
    base = rho @ p.A  # column sums of A~ are gamma_j (rho' A)_j
    sums = gamma * base
    bad = sums >= 1.0
    adjusted = bad.sum(axis=1)
    if bad.any():
        if p.column_rule == "raise":
            d, j = (int(v) for v in np.argwhere(bad)[0])
            raise ValidationError(f"draw {d + 1}: column {j + 1} sums to {sums[d, j]:.6g} >= 1",
                                  field="column_rule", expected="column_rule 'redraw' or "
                                                                "'rescale', or smaller noise")
        if p.column_rule == "rescale":
            target = p.A.sum(axis=0)
            gamma = np.where(bad, gamma * target / sums, gamma)
        else:
            for _ in range(p.max_redraws):
                kk, jj = np.nonzero(gamma * base >= 1.0)
                if not kk.size:
                    break
                gamma[kk, jj] = multiplicative_noise(rng, kk.size, p.distribution, size)
            else:
                raise ValidationError(f"drawn columns still sum to >= 1 after {p.max_redraws} "
                                      "redraws", field="column_rule",
                                      expected="smaller noise, or column_rule='rescale'")
    return rho, gamma, adjusted


def _io_chunk_row_column(p: IOPayload, rng: np.random.Generator, k: int) -> dict[str, np.ndarray]:
    rho, gamma, adjusted = _row_column_factors(p, rng, k)
    x, A = p.x, p.A
    b = np.ones_like(x) if p.forward == "leontief" else x
    col, steps_c, ok_c = scaled_solve(A, p.M, rho, gamma, np.ones_like(x), transpose=True,
                                      tol=ROW_COLUMN_TOL, max_iter=ROW_COLUMN_MAX_STEPS)
    z, steps_r, ok_r = scaled_solve(A, p.M, rho, gamma, b, tol=ROW_COLUMN_TOL,
                                    max_iter=ROW_COLUMN_MAX_STEPS)
    ok = ok_c & ok_r
    if not ok.all():
        col[~ok], z[~ok] = _lu_fallback(A, rho, gamma, b, ~ok)
    if p.forward == "ghosh":
        row = np.ones_like(z)
        pos = x > 0
        row[:, pos] = z[:, pos] / x[pos]
    else:
        row = z
    fd = None
    if p.w_in is None or p.w_out is None:
        fd = x - rho * ((gamma * x) @ A.T)
    w_fd = None if fd is None else fd / fd.sum(axis=1, keepdims=True)
    influence = batched_dispersion_index(col, w_fd if p.w_in is None else p.w_in)
    sensitivity = batched_dispersion_index(row, w_fd if p.w_out is None else p.w_out)
    out = {"influence_coefficient": influence, "sensitivity_coefficient": sensitivity,
           "output_multiplier": col, "forward_linkage": row}
    out["rank"] = batched_rank(out[p.rank_by])
    out["class"] = class_codes(influence, sensitivity)
    out["adjusted_columns"] = adjusted.astype(np.int64)
    out["lu_fallback"] = (~ok).astype(np.int64)
    out["solver_steps"] = steps_c + steps_r
    return out


# ---------------------------------------------------------------------------- driver
def _choice(value: str, allowed, field: str) -> str:
    if value not in allowed:
        raise InputError(f"unknown {field} {value!r}", field=field,
                         expected=f"one of {list(allowed)}")
    return value


def _payload(model: LeontiefModel, point, noise, column_rule, max_redraws, forward,
             influence_weights, sensitivity_weights, rank_by, structure="cell") -> IOPayload:
    A = model.A  # computed sectors only (zero-output sectors excluded by default)
    sums = A.sum(axis=0)
    if (sums >= 1.0).any():
        worst = model.system.active_codes[int(np.argmax(sums))]
        raise ValidationError(f"the point estimate has column sums >= 1 (largest {sums.max():.6g}"
                              f" at sector {worst}); the column rule needs sums below 1",
                              file=model.table.label, field="A",
                              expected="column sums of A below 1")
    fixed = lambda basis, key: (None if basis == "final_demand"  # noqa: E731
                                else point.extra[key].to_numpy(float)[model.active])
    return IOPayload(A=A, x=np.asarray(model.x_active, float), distribution=noise[0], size=noise[1],
                     column_rule=column_rule, max_redraws=max_redraws, forward=forward,
                     w_in=fixed(influence_weights, "influence_weights"),
                     w_out=fixed(sensitivity_weights, "sensitivity_weights"), rank_by=rank_by,
                     structure=structure, M=_point_M(model, structure))


def _point_M(model: LeontiefModel, structure: str) -> np.ndarray | None:
    """``M = L - I`` of the point coefficients (active sectors) for the row/column solves."""
    if structure != "row_column":
        return None
    # the point analysis has formed L for its coefficients of variation: reuse it
    M = model.L.copy() if model.solver.formed_L else leontief_inverse(model.A)
    M.flat[:: M.shape[0] + 1] -= 1.0
    return M


def _meta(model, p: IOPayload, opts: RunOptions, adjusted: int, weights: tuple[str, str],
          fallback: int | None = None, steps: float | None = None):
    t = model.table
    noise = {"distribution": p.distribution,
             "rule": NOISE_DISTRIBUTIONS[p.distribution],
             ("sigma" if p.distribution == "lognormal" else "half_width"): p.size,
             "applied_to": NOISE_STRUCTURES[p.structure]}
    return build_meta("monte_carlo io_linkages", conventions={
        **model.conventions(), "noise": noise, "column_rule": p.column_rule,
        "column_rule_text": COLUMN_RULES[p.column_rule], "max_redraws": p.max_redraws,
        "forward": p.forward, "influence_weights": weights[0],
        "sensitivity_weights": weights[1],
        "final_demand_weights": "each draw's y = x - A~ x" if "final_demand" in weights
        else None,
        "noise_structure": p.structure, "noise_structure_text": NOISE_STRUCTURES[p.structure],
        "solver": (f"all draws of a chunk together: w = M (Gamma b + (R Gamma - I) w) with the "
                   f"point M = L - I (similarity I - R A Gamma = Gamma^-1 (I - R Gamma A) "
                   f"Gamma), one product per step and direction ({steps:.1f} products per "
                   f"draw on average, both directions), relative residual <= "
                   f"{ROW_COLUMN_TOL:g}; LU per draw where it did not converge within "
                   f"{ROW_COLUMN_MAX_STEPS} products ({fallback} draws)"
                   if p.structure == "row_column" else
                   "one LU per draw, two triangular solves (LAPACK getrf/getrs)"
                   if p.A.shape[0] >= LU_LOOP_MIN_N else
                   "two batched LU solves per draw (numpy.linalg.solve over (k, n, n) stacks)"),
        "key_sector_rule": "strictly greater than 1 (weighted mean)"},
        provenance=t.provenance, region=t.region, year=t.year, unit=t.unit,
        rank_by=p.rank_by, columns_adjusted=adjusted, key_sector_classes=KEY_SECTOR_CLASSES,
        **opts.meta())


def io_monte_carlo(source: object, *, draws: int = 1000, distribution: str = "lognormal",
                   sigma: float | None = None, half_width: float | None = None,
                   column_rule: str = "redraw", max_redraws: int = 100,
                   forward: str = "leontief", influence_weights: str = "none",
                   sensitivity_weights: str = "none",
                   rank_by: str = "influence_coefficient", level: float = 0.9,
                   seed: int | None = None, chunk_size: int | None = None,
                   workers: int | None = None, scheduler: str | None = None,
                   threads: int | None = None, progress: bool = False,
                   technology: str | None = None, zero_output: str | None = None,
                   import_share: str | None = None, structure: str = "cell") -> MonteCarloResult:
    """Distribution of the linkages, key-sector classes and ranks under coefficient noise.

    Parameters
    ----------
    source
        An :class:`~revitalize.model.table.IOTable` or a
        :class:`~revitalize.io.multipliers.LeontiefModel` (``technology``, ``zero_output``,
        ``import_share`` as in :func:`revitalize.io.linkages.linkages`).
    draws, seed, chunk_size, level
        Number of draws (>= 1); seed (None: fresh entropy, recorded); draws per chunk (default
        :func:`~revitalize.uncertainty.draws.default_chunk_size`); percentile-interval level.
    distribution, sigma, half_width
        ``"lognormal"`` with ``sigma`` or ``"uniform"`` with ``half_width`` (default 0.1).
    column_rule, max_redraws
        ``"redraw"``, ``"rescale"`` or ``"raise"`` (module docstring).
    forward, influence_weights, sensitivity_weights
        As :func:`revitalize.io.linkages.linkages`.
    rank_by
        Metric ranked (rank 1 = largest): one of :data:`IO_METRICS`.
    structure
        ``"cell"`` (default) or ``"row_column"`` (:data:`NOISE_STRUCTURES`; module docstring):
        the latter solves all draws of a chunk together and sizes chunks by memory.
    workers, scheduler, threads, progress
        Backend (:mod:`revitalize.uncertainty.backends`) and a progress bar.

    Returns
    -------
    MonteCarloResult
        One row per sector: point estimate (:func:`~revitalize.io.linkages.linkages`), mean,
        sd, interval of every metric, rank distribution, key-sector class probabilities.
    """
    noise = noise_spec(distribution, sigma, half_width)
    _choice(column_rule, COLUMN_RULES, "column_rule")
    _choice(rank_by, IO_METRICS, "rank_by")
    if not isinstance(max_redraws, int) or max_redraws < 1:
        raise InputError(f"max_redraws={max_redraws!r}", field="max_redraws",
                         expected="an integer >= 1")
    for field, basis in (("influence_weights", influence_weights),
                         ("sensitivity_weights", sensitivity_weights)):
        _choice(basis, WEIGHTS, field)
    _choice(structure, NOISE_STRUCTURES, "structure")
    model = as_model(source, technology, zero_output, import_share)
    n = int(model.active.sum())
    if structure == "row_column" and chunk_size is None:
        chunk_size = max(1, min(draws if isinstance(draws, int) and draws > 0 else 1,
                                ROW_COLUMN_CHUNK_BYTES // (10 * 8 * max(n, 1))))
    opts = run_options(draws=draws, seed=seed, chunk_size=chunk_size, level=level,
                       workers=workers, scheduler=scheduler, threads=threads,
                       progress=progress, problem_size=n)
    point = linkages(model, forward=forward, influence_weights=influence_weights,
                     sensitivity_weights=sensitivity_weights)
    payload = _payload(model, point, noise, column_rule, max_redraws, forward,
                       influence_weights, sensitivity_weights, rank_by, structure)
    task = _io_chunk_row_column if structure == "row_column" else _io_chunk
    combined = run_chunks(task, payload, opts, label="io linkages")
    return _result(model, point, payload, combined, opts,
                   (influence_weights, sensitivity_weights))


def _result(model, point, payload: IOPayload, combined, opts: RunOptions, weights
            ) -> MonteCarloResult:
    fallback = int(combined.pop("lu_fallback").sum()) if "lu_fallback" in combined else None
    steps = float(combined.pop("solver_steps").mean()) if "solver_steps" in combined else None
    adjusted = int(combined["adjusted_columns"].sum())
    if adjusted:
        share = float((combined["adjusted_columns"] > 0).mean())
        _warn(f"{model.table.label}: column rule {payload.column_rule!r} applied to "
                      f"{adjusted} drawn columns ({share:.1%} of draws had at least one) whose "
                      "sum reached 1", DataQualityWarning, stacklevel=3)
    t = point.table[model.active]  # sectors not computed (zero output) are left out
    values = {m: t[m].to_numpy(float) for m in IO_METRICS}
    point_class = np.array([CLASS_NAMES.index(c) for c in t["key_sector_class"]])
    labels = t[["name", "name_cn"]]
    return assemble(t.index, labels, values, batched_rank(values[payload.rank_by]),
                    combined, opts.level, _meta(model, payload, opts, adjusted, weights,
                                                fallback, steps),
                    class_names=CLASS_NAMES, point_class=point_class,
                    per_draw=("adjusted_columns",))
