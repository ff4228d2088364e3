"""The application layer: one request and one task per analysis, shared by every door.

``run(request, catalog)`` is what the Python API, the CLI, the HTTP API, the dashboard and the
report call (see :mod:`revitalize.tasks.base`). Each family's tasks live in one module here;
:func:`load_all` imports them so that :data:`TASKS` is complete.

>>> from revitalize.tasks import run
>>> from revitalize.tasks.io import LinkagesRequest
>>> result = run(LinkagesRequest(source="prov_io_2017", region="Liaoning"))  # doctest: +SKIP
"""

from __future__ import annotations

import importlib

from revitalize.tasks.base import TASKS, Request, Task, run, task

__all__ = ["FAMILIES", "TASKS", "Request", "Task", "load_all", "run", "task"]

# Task modules, one per family (a module missing from an install is skipped).
FAMILIES = ("data", "io", "io_regional", "indicators", "evaluate", "forecast", "uncertainty",
            "efficiency", "relatedness", "policy", "mcda", "structure", "regional", "emissions",
            "structure_shares")


def load_all() -> dict[str, Task]:
    """Import every task module and return the registry."""
    for family in FAMILIES:
        name = f"revitalize.tasks.{family}"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
    return TASKS
