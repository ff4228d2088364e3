"""Random draws of the Monte Carlo drivers: seeds and chunks, named noise distributions,
judgment perturbations on the Saaty scale, FLQ delta distributions and bootstrap indices.

Reproducibility rule. The ``draws`` are partitioned in chunks of ``chunk_size`` draws (the last
chunk holds the remainder); chunk ``i`` draws from
``numpy.random.default_rng(SeedSequence(seed, spawn_key=(i,)))``, which is the ``i``-th child of
``SeedSequence(seed).spawn(...)`` (numpy's documented derivation of independent streams). The
chunk layout depends only on ``draws`` and ``chunk_size``, never on the backend or the number of
workers, so a seed and a chunk size give the same draws -- and the same results -- whether the
chunks run in one process, on two threads or on a Dask cluster. A run without a seed draws fresh
OS entropy and records it (``meta["seed"]``), so that it can be repeated.

Noise on coefficients (multiplicative, ``a~ = a * eps``, zeros stay zero, signs kept):

* ``"lognormal"`` -- ``eps = exp(sigma z)``, ``z ~ N(0, 1)``: median 1, mean
  ``exp(sigma^2 / 2)``, relative standard deviation ``~sigma`` for small ``sigma``;
* ``"uniform"`` -- ``eps ~ U(1 - h, 1 + h)``, ``0 <= h < 1`` (``+-100 h %``), mean 1.

Judgments (Saaty 1980, *The Analytic Hierarchy Process*, the 1-9 scale): the 17 points
``1/9 .. 1/2, 1, 2 .. 9`` sit at positions ``t = -8 .. 8`` (``t = a - 1`` for ``a >= 1``,
``t = 1 - 1/a`` below 1; values between points, e.g. 2.5, sit between positions). Each
upper-triangle judgment moves, with probability ``p``, by ``s`` steps, ``s`` uniform on
``{-k..-1, 1..k}``, clipped at the scale ends (a 9 moved up stays 9); the lower triangle is the
exact reciprocal and the diagonal 1, so every perturbed matrix is reciprocal and on the scale.
Unmoved judgments keep their value exactly.

FLQ ``delta`` (Flegg & Tohmo 2013 find 0.1-0.4): ``"uniform(a, b)"``,
``"triangular(a, mode, b)"`` or ``"fixed(d)"``, all within ``[0, 1)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from revitalize.errors import InputError

__all__ = [
    "DELTA_DISTRIBUTIONS",
    "NOISE_DISTRIBUTIONS",
    "DeltaDistribution",
    "bootstrap_indices",
    "check_chunk_size",
    "check_draws",
    "check_level",
    "chunk_generator",
    "chunk_layout",
    "default_chunk_size",
    "judgment_stack",
    "multiplicative_noise",
    "noise_spec",
    "parse_delta_distribution",
    "perturb_judgments",
    "resolve_seed",
    "scale_position",
    "scale_value",
]

NOISE_DISTRIBUTIONS: dict[str, str] = {
    "lognormal": "eps = exp(sigma z), z ~ N(0, 1): median 1, mean exp(sigma^2 / 2)",
    "uniform": "eps ~ U(1 - h, 1 + h), 0 <= h < 1: mean 1",
}
DELTA_DISTRIBUTIONS: dict[str, str] = {
    "uniform": "uniform(low, high)", "triangular": "triangular(low, mode, high)",
    "fixed": "fixed(value)"}
DEFAULT_NOISE_SIZE = 0.1
SCALE_END = 8.0  # positions of 1/9 and 9 on the Saaty scale
_STACK_ELEMENTS = 1 << 22  # elements of an n x n stack per chunk by default (32 MB of float64)


# ---------------------------------------------------------------------------- checks
def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_draws(draws) -> int:
    """``draws`` as an int >= 1, else :class:`InputError` naming the field."""
    if not _is_int(draws) or draws < 1:
        raise InputError(f"draws={draws!r}", field="draws", expected="an integer >= 1")
    return int(draws)


def check_chunk_size(chunk_size) -> int:
    """``chunk_size`` as an int >= 1, else :class:`InputError` naming the field."""
    if not _is_int(chunk_size) or chunk_size < 1:
        raise InputError(f"chunk_size={chunk_size!r}", field="chunk_size",
                         expected="an integer >= 1 (draws per chunk)")
    return int(chunk_size)


def check_level(level) -> float:
    """The interval level, strictly between 0 and 1."""
    if not isinstance(level, (int, float, np.floating)) or not 0.0 < float(level) < 1.0:
        raise InputError(f"level={level!r}", field="level",
                         expected="a level strictly between 0 and 1, e.g. 0.9")
    return float(level)


def default_chunk_size(n: int, cap: int = 512) -> int:
    """``min(cap, 2^22 / n^2)`` draws (at least 1): an ``(k, n, n)`` stack stays <= 32 MB.

    Depends on the problem size only (never on the machine), so results stay reproducible.
    """
    return int(max(1, min(cap, _STACK_ELEMENTS // max(n * n, 1))))


def resolve_seed(seed) -> int:
    """The seed to use: ``seed`` itself (an int >= 0), or fresh OS entropy when None."""
    if seed is None:
        return int(np.random.SeedSequence().entropy)
    if not _is_int(seed) or seed < 0:
        raise InputError(f"seed={seed!r}", field="seed", expected="a non-negative integer or None")
    return int(seed)


def chunk_layout(draws: int, chunk_size: int) -> list[int]:
    """Sizes of the chunks: ``chunk_size`` each, the last one the remainder."""
    full, rest = divmod(draws, chunk_size)
    return [chunk_size] * full + ([rest] if rest else [])


def chunk_generator(seed: int, index: int) -> np.random.Generator:
    """The generator of chunk ``index``: child ``index`` of ``SeedSequence(seed)``."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(int(index),)))


# ---------------------------------------------------------------------------- noise
def noise_spec(distribution: str, sigma: float | None, half_width: float | None
               ) -> tuple[str, float]:
    """Validate the noise options: ``(distribution, size)``, size = sigma or half-width.

    The parameter of the other distribution must be None (it has no role); a missing one takes
    the default 0.1.
    """
    if distribution not in NOISE_DISTRIBUTIONS:
        raise InputError(f"unknown distribution {distribution!r}", field="distribution",
                         expected=f"one of {list(NOISE_DISTRIBUTIONS)}")
    own, other = (("sigma", sigma), ("half_width", half_width)) if distribution == "lognormal" \
        else (("half_width", half_width), ("sigma", sigma))
    if other[1] is not None:
        raise InputError(f"{other[0]}={other[1]!r} has no role in {distribution} noise",
                         field=other[0], expected=f"{own[0]} (the {distribution} parameter)")
    size = DEFAULT_NOISE_SIZE if own[1] is None else own[1]
    if not isinstance(size, (int, float, np.floating)) or not np.isfinite(size) or size < 0:
        raise InputError(f"{own[0]}={size!r}", field=own[0], expected="a finite number >= 0")
    if distribution == "uniform" and size >= 1:
        raise InputError(f"half_width={size!r} would allow zero or negative coefficients",
                         field="half_width", expected="0 <= half_width < 1")
    return distribution, float(size)


def multiplicative_noise(rng: np.random.Generator, shape, distribution: str,
                         size: float) -> np.ndarray:
    """Factors ``eps`` of ``shape`` (formulas in the module docstring)."""
    if distribution == "lognormal":
        eps = rng.standard_normal(shape)
        eps *= size
        return np.exp(eps, out=eps)
    return rng.uniform(1.0 - size, 1.0 + size, shape)


# ---------------------------------------------------------------------------- judgments
def scale_position(values: np.ndarray) -> np.ndarray:
    """Position on the Saaty scale: ``a - 1`` for ``a >= 1``, ``1 - 1/a`` below 1."""
    v = np.asarray(values, dtype=float)
    return np.where(v >= 1.0, v - 1.0, 1.0 - 1.0 / v)


def scale_value(positions: np.ndarray) -> np.ndarray:
    """Inverse of :func:`scale_position`: ``1 + t`` for ``t >= 0``, ``1/(1 - t)`` below 0."""
    t = np.asarray(positions, dtype=float)
    return np.where(t >= 0.0, 1.0 + t, 1.0 / (1.0 - np.minimum(t, 0.0)))


def perturb_judgments(upper: np.ndarray, rng: np.random.Generator, k: int, steps: int,
                      probability: float) -> np.ndarray:
    """``k`` perturbed copies ``(k, p)`` of the ``p`` upper-triangle judgments ``upper``.

    Every random array is drawn whatever ``probability`` is, so the stream of the generator
    (and every later draw) does not depend on it. Rule: module docstring.
    """
    shape = (k, upper.size)
    move = rng.random(shape) < probability
    size = rng.integers(1, steps + 1, shape)
    sign = rng.integers(0, 2, shape) * 2 - 1
    t = np.clip(scale_position(upper)[np.newaxis, :] + size * sign, -SCALE_END, SCALE_END)
    return np.where(move, scale_value(t), upper[np.newaxis, :])


def judgment_stack(upper: np.ndarray, n: int) -> np.ndarray:
    """Reciprocal matrices ``(k, n, n)`` from upper-triangle judgments ``(k, n(n-1)/2)``
    (row-major order of ``numpy.triu_indices(n, 1)``): ``a_ji = 1 / a_ij``, ``a_ii = 1``."""
    k = upper.shape[0]
    iu = np.triu_indices(n, 1)
    out = np.ones((k, n, n))
    out[:, iu[0], iu[1]] = upper
    out[:, iu[1], iu[0]] = 1.0 / upper
    return out


# ---------------------------------------------------------------------------- delta, bootstrap
@dataclass(frozen=True)
class DeltaDistribution:
    """A distribution of the FLQ ``delta``: ``kind`` in :data:`DELTA_DISTRIBUTIONS` and its
    parameters (``(low, high)``, ``(low, mode, high)`` or ``(value,)``)."""

    kind: str
    params: tuple[float, ...]

    def draw(self, rng: np.random.Generator, k: int) -> np.ndarray:
        if self.kind == "uniform":
            return rng.uniform(self.params[0], self.params[1], k)
        if self.kind == "triangular" and self.params[0] < self.params[2]:
            return rng.triangular(*self.params, k)
        return np.full(k, self.params[-1] if self.kind == "fixed" else self.params[1])

    def central(self) -> float:
        """The delta of the point estimate: the midpoint (uniform), mode or fixed value."""
        if self.kind == "uniform":
            return 0.5 * (self.params[0] + self.params[1])
        return self.params[1] if self.kind == "triangular" else self.params[0]

    def describe(self) -> str:
        return f"{self.kind}({', '.join(f'{p:g}' for p in self.params)})"


_SPEC = re.compile(r"^\s*([a-z_]+)\s*\(([^()]*)\)\s*$")


def parse_delta_distribution(spec) -> DeltaDistribution:
    """``"uniform(0.1, 0.4)"``, ``"triangular(0.1, 0.25, 0.4)"``, ``"fixed(0.3)"``, a tuple
    ``("uniform", 0.1, 0.4)`` or a :class:`DeltaDistribution`; bounds within ``[0, 1)``."""
    if isinstance(spec, DeltaDistribution):
        kind, params = spec.kind, spec.params
    elif isinstance(spec, str):
        m = _SPEC.match(spec)
        if not m:
            raise InputError(f"delta distribution {spec!r} is not name(parameters)",
                             field="delta", expected=f"one of {list(DELTA_DISTRIBUTIONS.values())}")
        try:
            kind, params = m.group(1), tuple(float(p) for p in m.group(2).split(","))
        except ValueError:
            raise InputError(f"delta distribution {spec!r} has a non-numeric parameter",
                             field="delta", expected="numbers, e.g. uniform(0.1, 0.4)") from None
    elif isinstance(spec, (tuple, list)) and spec and isinstance(spec[0], str):
        kind, params = spec[0], tuple(float(p) for p in spec[1:])
    else:
        raise InputError(f"delta distribution {spec!r}", field="delta",
                         expected=f"one of {list(DELTA_DISTRIBUTIONS.values())}")
    return _checked_delta(kind, params)


def _checked_delta(kind: str, params: tuple[float, ...]) -> DeltaDistribution:
    counts = {"uniform": 2, "triangular": 3, "fixed": 1}
    if kind not in counts:
        raise InputError(f"unknown delta distribution {kind!r}", field="delta",
                         expected=f"one of {list(DELTA_DISTRIBUTIONS.values())}")
    if len(params) != counts[kind]:
        raise InputError(f"{kind} takes {counts[kind]} parameters, got {len(params)}",
                         field="delta", expected=DELTA_DISTRIBUTIONS[kind])
    if not all(np.isfinite(p) and 0.0 <= p < 1.0 for p in params):
        raise InputError(f"delta parameters {params} leave [0, 1)", field="delta",
                         expected="0 <= delta < 1 (Flegg & Tohmo 2013 find 0.1-0.4)")
    if list(params) != sorted(params):
        raise InputError(f"{kind} parameters {params} are not in increasing order",
                         field="delta", expected=DELTA_DISTRIBUTIONS[kind])
    return DeltaDistribution(kind, tuple(float(p) for p in params))


def bootstrap_indices(rng: np.random.Generator, k: int, m: int) -> np.ndarray:
    """``k`` resamples ``(k, m)`` of ``m`` rows with replacement (Efron 1979)."""
    return rng.integers(0, m, (k, m))
