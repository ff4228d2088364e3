"""Datasets laid out as the project's ``shared/data``, resolved through the catalog.

Some family assemblers read several raw files at once by their place in ``shared/data``
(:func:`revitalize.efficiency.provincial_inputs`,
:func:`revitalize.indicators.facts_compare.documents_vs_data`). The tasks never hand them a
directory of their own choosing: each dataset is named in the request, the catalog resolves the
name (a file, a mirror or the bundle, in its usual order), and :func:`shared_layout` links the
resolved files into a private folder at the places the assembler expects. The assembler then
reads exactly the files the catalog chose, and ``meta["datasets"]`` records where each came from.

A dataset imported into the user's store has no file to link: it is refused with a message
naming the other ways to give it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from revitalize.errors import InputError

__all__ = ["LAYOUT", "dataset_file", "shared_layout"]

# Dataset name (bundle or fetch registry) -> its place inside shared/data.
LAYOUT = {
    "prov_nbs_2000_2019": "cn_prov_nbs_2000_2019/cn_prov_nbs_2000_2019_long.csv",
    "prov_trade_totals_2016_2024":
        "cn_prov_nbs_2000_2019/cn_prov_trade_totals_2016_2024_long.csv",
    "prov_capital_inputs": "cn_prov_capital_inputs/cn_prov_gfcf_investment_price_1952_2022.csv",
    "prov_energy_panel": "cn_prov_energy_panel/cn_prov_energy_econ_panel_long.csv",
    "prov_co2_ceads": "cn_prov_co2_ceads/cn_prov_co2_ceads_sectoral_long.csv",
    "national_nbs": "cn_national_nbs_1978_2014/cn_national_nbs_1978_2014_long.csv",
    "prov_rd_fiscal": "cn_prov_rd_fiscal/cn_prov_rd_fiscal_long.csv",
    "prov_fiscal_transfers":
        "cn_prov_fiscal_transfers_2014_2016/cn_prov_fiscal_transfers_2014_2016_long.csv",
    "city_northeast": "cn_city_northeast/cn_city_northeast_long.csv",
}


def dataset_file(catalog: Any, source: str, *, field: str) -> tuple[Path, dict[str, Any]]:
    """The file ``source`` resolves to in ``catalog`` and where it came from."""
    entry = catalog.entry(source)
    if entry.origin == "bundle":
        from revitalize import datasets

        path = datasets.get(entry.name).path()
    elif entry.path is not None:
        path = Path(entry.path)
    else:
        raise InputError(f"{source!r} is a dataset of the store, which has no file to read here",
                         field=field, expected="a file, a mirror dataset (--mirror) or a bundled "
                                               "dataset name")
    return path, {**catalog.source_info(source), "field": field}


def shared_layout(catalog: Any, sources: Mapping[str, tuple[str, str]]) -> tuple[Path, list]:
    """A folder laid out like ``shared/data`` holding the files the catalog resolves.

    ``sources`` maps a request field to ``(dataset given, canonical dataset name)``; the
    canonical name picks the place in :data:`LAYOUT`. Returns the folder and the list of
    ``{source, origin, dataset, field}`` records. The folder is keyed by the resolved files, so
    the same choice reuses it.
    """
    resolved = []
    for field, (given, canonical) in sources.items():
        path, info = dataset_file(catalog, given, field=field)
        resolved.append((LAYOUT[canonical], path.resolve(), info))
    key = hashlib.sha256("\n".join(f"{r}={p}:{p.stat().st_mtime_ns}"
                                   for r, p, _ in resolved).encode()).hexdigest()[:16]
    root = Path(tempfile.gettempdir()) / f"revitalize-layout-{_uid()}" / key
    if not root.is_dir():
        staging = Path(tempfile.mkdtemp(prefix="staging-", dir=_parent(root)))
        for rel, path, _ in resolved:
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                target.symlink_to(path)
            except OSError:  # no symlinks on this file system: a copy
                shutil.copyfile(path, target)
        try:
            staging.rename(root)
        except OSError:  # another process made it first
            shutil.rmtree(staging, ignore_errors=True)
    return root, [info for _, _, info in resolved]


def _parent(root: Path) -> Path:
    root.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root.parent


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0
