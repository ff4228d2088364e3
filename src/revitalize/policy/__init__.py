"""Policy evaluation: did the revitalization strategy change the trajectory?

:mod:`.synthetic_control` -- synthetic control with in-space placebos, permutation p-values and
leave-one-out robustness (kernels on arrays, a labelled shell, a frozen result);
:mod:`.northeast` -- its application to the 2003 strategy on the provincial panel.

The names are imported eagerly, not through :mod:`revitalize._lazy`: ``synthetic_control`` is
both a module and the function exported here, and a lazy package attribute would become the
module as soon as the module is imported. Importing this package stays cheap all the same
(numpy and pandas; scipy.optimize is imported by the functions that optimise), so the command
line can read :data:`OUTCOME_SCALES` for its choices.
"""

from revitalize.policy.northeast import (
    OUTCOME_SCALES,
    NortheastPolicyResult,
    northeast_synthetic_control,
    provincial_outcome,
)
from revitalize.policy.synthetic_control import (
    V_STARTS,
    SyntheticControlResult,
    fit_synthetic,
    simplex_weights,
    synthetic_control,
)

__all__ = ["OUTCOME_SCALES", "V_STARTS", "NortheastPolicyResult", "SyntheticControlResult",
           "fit_synthetic", "northeast_synthetic_control", "provincial_outcome",
           "simplex_weights", "synthetic_control"]
