"""The real tables shipped inside the package, by name (like ``statsmodels.datasets``).

The public face of :mod:`revitalize.data.bundle` (where the files, the registry and the code
live, inside the data layer):

>>> from revitalize import datasets
>>> datasets.list_datasets()[["name", "kind", "years"]]  # doctest: +SKIP
>>> tables = datasets.get("prov_io_2017").load()          # doctest: +SKIP

Every name resolves through the catalog too: ``revitalize io linkages prov_io_2017 --region
Liaoning`` works offline on a fresh install.
"""

from __future__ import annotations

from revitalize.data.bundle import (
    ENV_CACHE_DIR,
    BundledDataset,
    cache_dir,
    get,
    list_datasets,
    names,
    verify,
)

__all__ = ["ENV_CACHE_DIR", "BundledDataset", "cache_dir", "get", "list_datasets", "names",
           "verify"]
