"""Moved to :mod:`revitalize.model.validate` (the labelled models sit below the data layer and the
method families); this name keeps working."""

from revitalize.model.validate import *  # noqa: F403
from revitalize.model.validate import __all__  # noqa: F401
