"""``revitalize data facts``."""
