"""Uncertainty of rankings: Monte Carlo and bootstrap drivers, local and Dask backends.

Rankings of key sectors and of provinces rest on uncertain inputs; these drivers report how
stable they are:

* :func:`io_monte_carlo` -- multiplicative noise on IO technical coefficients (named
  distribution and size; productive columns kept by a named rule) -> linkages, key-sector
  classes, ranks;
* :func:`ahp_monte_carlo` -- AHP judgments moved on the Saaty scale and/or experts resampled
  -> (global) weights and ranks, CR distributions;
* :func:`flq_monte_carlo` -- a distribution over the FLQ/AFLQ ``delta`` -> regional
  multipliers, linkages, classes, ranks;
* :func:`entropy_bootstrap` -- alternatives resampled -> entropy weights, and the scores and
  ranks of the alternatives under them.

Each returns a :class:`MonteCarloResult` (point estimate, mean, sd, percentile intervals at a
named level, rank distribution ``P(rank = r)``, class probabilities, raw draws);
:func:`rank_probability_heatmap` and :func:`interval_chart` draw it (plotly).

Execution (:mod:`revitalize.uncertainty.backends`): draws in fixed-size chunks, chunk ``i``
seeded by child ``i`` of ``SeedSequence(seed)``; vectorised local execution by default, or Dask
(``workers=N`` LocalCluster, ``scheduler="tcp://host:8786"``) -- same seed, same results.
"""

from __future__ import annotations

from revitalize._lazy import lazy_exports

# public name -> the module of this package that defines it (imported on first use, so that
# ``import revitalize.uncertainty`` imports neither scipy nor the families it drives)
_EXPORTS: dict[str, str] = {
    "MonteCarloResult": "results",
    "ahp_monte_carlo": "ahp_mc",
    "charts_html": "charts",
    "entropy_bootstrap": "entropy_mc",
    "flq_monte_carlo": "flq_mc",
    "interval_chart": "charts",
    "io_monte_carlo": "io_mc",
    "rank_probability_heatmap": "charts",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
