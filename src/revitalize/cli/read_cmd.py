"""``revitalize data read``."""
