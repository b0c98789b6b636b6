"""Evaluation: metrics, the baseline, and the markdown report."""
