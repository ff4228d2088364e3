"""``revitalize io ...``: input-output analysis of any table the catalog resolves (a file, a
stored, mirrored or bundled dataset). The commands are generated from the application layer's
requests (:mod:`revitalize.tasks.io`, :mod:`revitalize.tasks.io_regional`).

Old spellings kept for one release: ``--sector`` (now ``--sectors``), ``--province`` (now
``--region``) and ``io extract --all`` (every sector is the default; a no-op).
"""

from __future__ import annotations

import inspect
import sys
from typing import Any

import typer

from revitalize.cli.groups import IO_HELP as HELP
from revitalize.cli.groups import io as app

__all__ = ["COMMANDS", "HELP", "app"]

COMMANDS = ("io.linkages", "io.multipliers", "io.extract", "io.impact", "io.aggregate",
            "io.regionalize")

_ALL = inspect.Parameter(
    "deprecated_all", inspect.Parameter.KEYWORD_ONLY, annotation=bool,
    default=typer.Option(False, "--all", hidden=True,
                         help="Deprecated: every sector is the default."))


def _extract_all(given: dict[str, Any], *, deprecated_all: bool) -> None:
    if deprecated_all:
        if given.get("sectors"):
            raise typer.BadParameter("give --sectors or --all, not both",
                                     param_hint="--sectors/--all")
        sys.stderr.write("warning: --all is deprecated; every sector is the default\n")


def _impact_shocks(given: dict[str, Any]) -> None:
    if bool(given.get("shock")) == (given.get("shocks") is not None):
        raise typer.BadParameter("give --shock (one or more) or --shocks FILE, not both",
                                 param_hint="--shock/--shocks")


def _register() -> None:
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    hooks: dict[str, dict[str, Any]] = {
        "io.extract": {"extra": [_ALL], "before": _extract_all},
        "io.impact": {"before": _impact_shocks},
    }
    for name in COMMANDS:
        add_task_command(app, TASKS[name], **hooks.get(name, {}))


_register()
