"""Data: readers of real statistical tables, the fact base, the region registry and the store."""
