"""Benchmarks: `python -m bench` prints the figures (see bench/run.py)."""
