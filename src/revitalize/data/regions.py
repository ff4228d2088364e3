"""Moved to :mod:`revitalize.model.regions` (the labelled models sit below the data layer and the
method families); this name keeps working."""

from revitalize.model.regions import *  # noqa: F403
from revitalize.model.regions import __all__  # noqa: F401
