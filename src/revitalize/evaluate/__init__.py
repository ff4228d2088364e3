"""Evaluation methods: AHP, extension, weights, TOPSIS, GRA, coupling, indicator systems."""
