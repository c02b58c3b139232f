"""Benchmarks of the sandbox: `python -m bench`. They print figures; they are not tests."""
