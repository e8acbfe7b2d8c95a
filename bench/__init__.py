"""Benchmarks: `make bench` (= `.venv/bin/python -m bench`). Not part of the test suite."""
