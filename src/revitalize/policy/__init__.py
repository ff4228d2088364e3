"""Policy evaluation: did the revitalization strategy change the trajectory?

:mod:`.synthetic_control` -- synthetic control with in-space placebos, permutation p-values and
leave-one-out robustness (kernels on arrays, a labelled shell, a frozen result);
:mod:`.northeast` -- its application to the 2003 strategy on the provincial panel.
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
