"""Moved to :mod:`revitalize.model.sectors` (the labelled models sit below the data layer and the
method families); this name keeps working."""

from revitalize.model.sectors import *  # noqa: F403
from revitalize.model.sectors import __all__  # noqa: F401
