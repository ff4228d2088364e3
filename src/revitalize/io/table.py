"""Moved to :mod:`revitalize.model.table` (the labelled models sit below the data layer and the
method families); this name keeps working."""

from revitalize.model.table import *  # noqa: F403
from revitalize.model.table import __all__  # noqa: F401
