"""Moved to :mod:`revitalize.model.panel` (the labelled models sit below the data layer and the
method families); this name keeps working."""

from revitalize.model.panel import *  # noqa: F403
from revitalize.model.panel import __all__  # noqa: F401
