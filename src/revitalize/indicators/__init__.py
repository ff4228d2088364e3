"""Regional indicators: structure and competitiveness, opening-up, finance, innovation, productivity, demography."""
