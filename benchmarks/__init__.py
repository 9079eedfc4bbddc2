"""Benchmarks: scripts that print timings; nothing here is asserted by the test suite."""
