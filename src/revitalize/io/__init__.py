"""Input-output tables and the methods on them."""

from revitalize.io.table import IOTable

__all__ = ["IOTable"]
