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

from revitalize.uncertainty.ahp_mc import ahp_monte_carlo
from revitalize.uncertainty.charts import charts_html, interval_chart, rank_probability_heatmap
from revitalize.uncertainty.entropy_mc import entropy_bootstrap
from revitalize.uncertainty.flq_mc import flq_monte_carlo
from revitalize.uncertainty.io_mc import io_monte_carlo
from revitalize.uncertainty.results import MonteCarloResult

__all__ = [
    "MonteCarloResult",
    "ahp_monte_carlo",
    "charts_html",
    "entropy_bootstrap",
    "flq_monte_carlo",
    "interval_chart",
    "io_monte_carlo",
    "rank_probability_heatmap",
]
