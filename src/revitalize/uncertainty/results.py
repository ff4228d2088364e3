"""Summaries of Monte Carlo draws: intervals, rank distributions and class probabilities.

For every item (sector, criterion, alternative) and every metric drawn (``k`` draws):

* ``<metric>`` -- the point estimate (the method run on the unperturbed inputs);
* ``<metric>_mean``, ``<metric>_sd`` (``ddof=1``), ``<metric>_lo``, ``<metric>_hi`` -- the
  percentile interval at ``level``: quantiles ``(1 - level)/2`` and ``(1 + level)/2`` of the
  draws (numpy's ``"linear"`` interpolation, Hyndman & Fan 1996 definition 7);
* ranks -- rank 1 is the largest value of the ranking metric; ties share the smallest rank
  ("competition" ranking, as :func:`revitalize.evaluate.topsis.rank_descending`):
  ``rank`` (point), ``rank_median``, ``rank_lo``/``rank_hi`` (quantiles as above, taken as
  observed ranks: ``"inverted_cdf"``, definition 1), ``rank_mode`` and ``p_rank_mode``,
  ``p_same_rank`` -- the share of draws with the point estimate's rank; the full distribution
  ``P(rank = r)`` is :attr:`MonteCarloResult.rank_probability` (items x positions 1..n);
* classes (IO key sectors): ``class`` (point), ``class_mode``, ``p_<class>`` for each class and
  ``p_same_class``; the full table is :attr:`MonteCarloResult.class_probability`.

Raw draws are kept in ``extra["draws"]`` (one ``draws x items`` frame per metric, plus
``rank``) so that any other statistic can be computed from them: about ``8 (metrics + 1)``
bytes per draw and item (IO: 37 bytes, so 100,000 draws of 153 sectors take ~0.57 GB).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.results import Result

__all__ = ["MonteCarloResult", "assemble", "batched_rank", "draws_frames", "interval_quantiles",
           "summarise"]


def batched_rank(values: np.ndarray) -> np.ndarray:
    """Ranks (int32) along the last axis of ``values`` (``(k, m)``: each row): 1 = largest, ties share the smallest
    rank (the rule of :func:`revitalize.evaluate.topsis.rank_descending`, applied along rows;
    ``scipy.stats.rankdata(-values, method="min", axis=1)`` on finite values); a NaN ranks
    last.

    One ``argsort`` per row; the positions ``1..m`` are scattered back through flat indices,
    and only when two sorted neighbours are equal does each run of equal values take the
    position of its first member (a running maximum of the positions where a new value
    starts): about half the cost of ``rankdata``.
    """
    values = np.asarray(values)
    shape = values.shape  # ranks along the last axis (one row, or any stack of rows)
    values = values.reshape(-1, shape[-1])
    k, m = values.shape
    neg = np.negative(values, order="C")
    order = np.argsort(neg, axis=1)
    flat = (order + (np.arange(k, dtype=order.dtype) * m)[:, np.newaxis]).ravel()
    ordered = neg.ravel()[flat].reshape(k, m)
    tie = ordered[:, 1:] == ordered[:, :-1]
    positions = np.arange(1, m + 1, dtype=np.int32)
    if tie.any():
        first = np.where(np.hstack([np.zeros((k, 1), dtype=bool), tie]), np.int32(0),
                         positions)
        np.maximum.accumulate(first, axis=1, out=first)
    else:
        first = np.broadcast_to(positions, (k, m))
    out = np.empty(k * m, dtype=np.int32)
    out[flat] = first.ravel()
    return out.reshape(shape)


def interval_quantiles(level: float) -> tuple[float, float]:
    """``((1 - level) / 2, (1 + level) / 2)``."""
    return (1.0 - level) / 2.0, (1.0 + level) / 2.0


def _distribution(codes: np.ndarray, n_items: int, n_values: int) -> np.ndarray:
    """``P(code = v)`` per item from ``(k, n_items)`` integer codes in ``0..n_values-1``."""
    k = codes.shape[0]
    flat = np.arange(n_items)[np.newaxis, :] * n_values + codes
    counts = np.bincount(flat.ravel(), minlength=n_items * n_values)
    return counts.reshape(n_items, n_values) / k


def _metric_columns(name: str, point: np.ndarray, draws: np.ndarray, q: tuple[float, float]
                    ) -> dict[str, np.ndarray]:
    # np.quantile(draws, axis=0) on a transposed copy: partitions contiguous rows in place
    lo, hi = np.quantile(np.array(draws.T, order="C"), q, axis=1, method="linear",
                         overwrite_input=True)
    sd = draws.std(axis=0, ddof=1) if draws.shape[0] > 1 else np.zeros(draws.shape[1])
    return {name: point, f"{name}_mean": draws.mean(axis=0), f"{name}_sd": sd,
            f"{name}_lo": lo, f"{name}_hi": hi}


def _rank_quantiles(prob: np.ndarray, k: int, q) -> np.ndarray:
    """``np.quantile(ranks, q, axis=0, method="inverted_cdf")`` from ``P(rank = r)`` of ``k``
    draws: the order statistic numpy picks (position ``n q - 1``, rounded up unless whole) is
    read off the cumulative rank counts instead of partitioning the ``(k, n)`` ranks."""
    index = k * np.asarray(q, dtype=float) - 1
    below = np.floor(index)
    pos = np.maximum(np.where(index - below == 0, below, below + 1), 0).astype(np.int64)
    cum = np.rint(prob * k).astype(np.int64).cumsum(axis=1)  # draws with rank <= r
    return (cum[np.newaxis, :, :] <= pos[:, np.newaxis, np.newaxis]).sum(axis=2) + 1


def _rank_columns(ranks: np.ndarray, point_rank: np.ndarray, q: tuple[float, float],
                  prob: np.ndarray) -> dict[str, np.ndarray]:
    lo, med, hi = _rank_quantiles(prob, ranks.shape[0], (q[0], 0.5, q[1]))
    mode = prob.argmax(axis=1)
    return {"rank": point_rank, "rank_median": med.astype(np.int64),
            "rank_lo": lo.astype(np.int64), "rank_hi": hi.astype(np.int64),
            "rank_mode": mode + 1, "p_rank_mode": prob[np.arange(len(mode)), mode],
            "p_same_rank": prob[np.arange(len(point_rank)), point_rank - 1]}


def _class_columns(classes: np.ndarray, point_class: np.ndarray, names: Sequence[str]
                   ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    prob = _distribution(classes.astype(np.int64), classes.shape[1], len(names))
    label = np.asarray(names, dtype=object)
    cols = {"class": label[point_class], "class_mode": label[prob.argmax(axis=1)]}
    cols.update({f"p_{c}": prob[:, i] for i, c in enumerate(names)})
    cols["p_same_class"] = prob[np.arange(len(point_class)), point_class]
    return cols, prob


def summarise(items: pd.Index, labels: pd.DataFrame | None, point: Mapping[str, np.ndarray],
              draws: Mapping[str, np.ndarray], ranks: np.ndarray, point_rank: np.ndarray,
              level: float, *, classes: np.ndarray | None = None,
              point_class: np.ndarray | None = None, class_names: Sequence[str] = ()
              ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """The summary table, ``P(rank = r)`` and (with ``classes``) ``P(class)`` per item.

    ``point``/``draws`` map metric names to ``(n,)`` / ``(k, n)`` arrays; ``ranks`` are the
    ``(k, n)`` ranks of the draws, ``point_rank`` those of the point estimate; ``classes`` the
    ``(k, n)`` class codes (indices into ``class_names``). Columns: module docstring.
    """
    q = interval_quantiles(level)
    n = len(items)
    cols: dict[str, np.ndarray] = {}
    for name in point:
        cols.update(_metric_columns(name, np.asarray(point[name], float), draws[name], q))
    rank_prob = _distribution(ranks.astype(np.int64) - 1, n, n)
    cols.update(_rank_columns(ranks, np.asarray(point_rank, np.int64), q, rank_prob))
    class_prob = None
    if classes is not None:
        more, class_prob = _class_columns(classes, np.asarray(point_class, np.int64), class_names)
        cols.update(more)
    table = pd.DataFrame(cols, index=items)
    if labels is not None:
        table = pd.concat([labels.set_axis(items), table], axis=1)
    positions = pd.RangeIndex(1, n + 1, name="rank")
    rank_frame = pd.DataFrame(rank_prob, index=items, columns=positions)
    class_frame = None if class_prob is None else pd.DataFrame(
        class_prob, index=items, columns=pd.Index(list(class_names), name="class"))
    return table, rank_frame, class_frame


def draws_frames(items: pd.Index, draws: Mapping[str, np.ndarray]) -> dict[str, pd.DataFrame]:
    """Each ``(k, n)`` array as a frame ``draw x item`` (labels re-attached)."""
    out = {}
    for name, values in draws.items():
        index = pd.RangeIndex(values.shape[0], name="draw")
        out[name] = (pd.DataFrame(values, index=index, columns=items, copy=False)
                     if values.ndim == 2 else pd.Series(values, index=index, name=name, copy=False))
    return out


@dataclass(frozen=True)
class MonteCarloResult(Result):
    """Result of a Monte Carlo or bootstrap run.

    ``table``: one row per item (module docstring for the columns); ``extra``:
    ``rank_probability`` (items x rank positions), ``class_probability`` (items x classes, IO
    only), ``draws`` (metric -> draws x items frame, or a Series for per-draw scalars) and
    driver-specific frames (e.g. ``consistency`` for AHP, ``weights`` for entropy scores).
    ``meta``: the method, every convention (distribution and size, rules, interval level,
    rank rule), ``seed``, ``draws``, ``chunk_size``, ``execution`` and the inputs' provenance.
    """

    @property
    def rank_probability(self) -> pd.DataFrame:
        """``P(rank = r)``: items x positions ``1..n`` (rows sum to 1)."""
        return self.extra["rank_probability"]

    @property
    def class_probability(self) -> pd.DataFrame | None:
        """``P(class)``: items x key-sector classes (IO drivers), else None."""
        return self.extra.get("class_probability")

    @property
    def draws(self) -> Mapping[str, pd.DataFrame]:
        """Raw draws by metric (``draw x item`` frames)."""
        return self.extra["draws"]

    def compact(self) -> MonteCarloResult:
        """The same result with a short table for terminals: names, the ranked metric with its
        interval, rank with its interval and stability, classes -- sorted by point rank."""
        t = self.table
        m = self.meta.get("rank_by")
        want = ["name", m, f"{m}_lo", f"{m}_hi", "rank", "rank_lo", "rank_hi", "p_same_rank",
                "class", "class_mode", "p_same_class", "p_key"]
        cols = [c for c in dict.fromkeys(want) if c in t.columns]
        short = t[cols].sort_values("rank", kind="stable")
        return MonteCarloResult(table=short, meta=self.meta, extra=self.extra)

    def figures(self) -> dict[str, object]:
        """The rank-stability charts (plotly figures): ``rank_probability`` and ``intervals``."""
        from revitalize.uncertainty.charts import interval_chart, rank_probability_heatmap

        return {"rank_probability": rank_probability_heatmap(self),
                "intervals": interval_chart(self)}

    def summary(self) -> str:
        m = self.meta
        t = self.table
        stable = int((t["p_same_rank"] >= 0.9).sum()) if "p_same_rank" in t else 0
        return (f"{m.get('method')}: {m.get('draws')} draws (seed {m.get('seed')}, chunks of "
                f"{m.get('chunk_size')}), ranked by {m.get('rank_by')}; {stable} of {len(t)} "
                f"items keep their rank in >= 90% of draws; intervals: {m.get('level'):.0%} "
                "percentile")


def assemble(items: pd.Index, labels: pd.DataFrame | None, point: Mapping[str, np.ndarray],
             point_rank: np.ndarray, combined: Mapping[str, np.ndarray], level: float,
             meta: Mapping, *, class_names: Sequence[str] = (),
             point_class: np.ndarray | None = None, per_draw: Sequence[str] = (),
             extra: Mapping | None = None) -> MonteCarloResult:
    """A :class:`MonteCarloResult` from the combined chunk outputs: the metrics of ``point``,
    ``rank`` and (with ``class_names``) ``class`` arrays of ``combined``; the 1-D arrays named
    in ``per_draw`` (e.g. the delta of each draw) are kept among the draws."""
    metrics = {m: combined[m] for m in point}
    classes = combined["class"] if class_names else None
    table, rank_prob, class_prob = summarise(
        items, labels, point, metrics, combined["rank"], point_rank, level, classes=classes,
        point_class=point_class, class_names=class_names)
    kept = {**metrics, "rank": combined["rank"], **{k: combined[k] for k in per_draw}}
    out = {"rank_probability": rank_prob, "draws": draws_frames(items, kept)}
    if class_prob is not None:
        out["class_probability"] = class_prob
    out.update(extra or {})
    return MonteCarloResult(table=table, meta=meta, extra=out)
