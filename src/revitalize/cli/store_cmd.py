"""``revitalize data import|list|show|fetch``."""
