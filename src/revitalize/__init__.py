"""revitalize -- analyse and steer the industrial revitalization of a region.

Default case: Northeast China (Liaoning, Jilin, Heilongjiang; eastern Inner Mongolia where
data allow). See README.md for the architecture and NOTATION.md for symbols.
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

try:
    __version__ = _version("revitalize")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
