"""Policy evaluation: did the revitalization strategy change the trajectory?

:mod:`.synthetic_control` -- synthetic control with in-space placebos, permutation p-values and
leave-one-out robustness (kernels on arrays, a labelled shell, a frozen result).
"""

from revitalize.policy.synthetic_control import (
    V_STARTS,
    SyntheticControlResult,
    fit_synthetic,
    simplex_weights,
    synthetic_control,
)

__all__ = ["V_STARTS", "SyntheticControlResult", "fit_synthetic", "simplex_weights",
           "synthetic_control"]
