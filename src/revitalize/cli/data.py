"""``revitalize data ...``: the fact base, reading real tables, the catalog's datasets and the
dataset store. Importing this module adds the commands of each command module to the
``data`` group of :mod:`revitalize.cli.groups`."""

from __future__ import annotations

import revitalize.cli.data_check_cmd
import revitalize.cli.datasets_cmd
import revitalize.cli.facts_cmd
import revitalize.cli.read_cmd
import revitalize.cli.store_cmd  # noqa: F401
from revitalize.cli.groups import data as app

__all__ = ["app"]
