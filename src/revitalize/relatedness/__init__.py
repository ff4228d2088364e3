"""Relatedness and economic complexity of regions and industries.

Data flow: provincial IO tables -> :mod:`.matrix` (regions x common industries per benchmark year,
sector lists reconciled by the concordance) -> :mod:`.rca` (Balassa RCA, ``M``) ->
:mod:`.proximity` / :mod:`.density` / :mod:`.complexity` -> :mod:`.opportunities` (ranked
candidates) and :mod:`.validation` (does density predict entries? AUC). Kernels work on numpy
arrays; every shell takes and returns labelled frames inside frozen results.
"""

from revitalize.relatedness.complexity import (
    COMPLEXITY_METHODS,
    ComplexityResult,
    complexity,
    complexity_eigenvector,
    complexity_reflections,
)
from revitalize.relatedness.density import DensityResult, density, density_kernel
from revitalize.relatedness.matrix import (
    BENCHMARK_YEARS,
    IndustryMatrices,
    common_industries,
    industry_matrices,
    read_industry_matrices,
)
from revitalize.relatedness.opportunities import OpportunitiesResult, opportunities
from revitalize.relatedness.proximity import (
    PROXIMITY_MEASURES,
    ProximityResult,
    proximity,
    proximity_kernel,
)
from revitalize.relatedness.rca import RCAResult, balassa_rca, rca, specialisation_matrix
from revitalize.relatedness.validation import EntryPredictionResult, auc_kernel, entry_prediction

__all__ = [
    "BENCHMARK_YEARS",
    "COMPLEXITY_METHODS",
    "PROXIMITY_MEASURES",
    "ComplexityResult",
    "DensityResult",
    "EntryPredictionResult",
    "IndustryMatrices",
    "OpportunitiesResult",
    "ProximityResult",
    "RCAResult",
    "auc_kernel",
    "balassa_rca",
    "common_industries",
    "complexity",
    "complexity_eigenvector",
    "complexity_reflections",
    "density",
    "density_kernel",
    "entry_prediction",
    "industry_matrices",
    "opportunities",
    "proximity",
    "proximity_kernel",
    "rca",
    "read_industry_matrices",
    "specialisation_matrix",
]
