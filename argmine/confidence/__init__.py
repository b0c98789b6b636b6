"""Analytic confidence of each claim, with the factors that explain it."""
