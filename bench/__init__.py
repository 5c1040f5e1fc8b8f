"""Benchmarks: each prints its own time and a ratio against a baseline measured in the same run."""
