"""Benchmark harness of Smart Region: ``make bench`` runs ``bench/run.py``."""
