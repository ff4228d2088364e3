"""Efficiency and productivity: DEA, Malmquist, growth accounting."""
