"""Recordings made to order, for tests, samples, benchmarks and synthetic corpora.

``inspector.testing.factories`` is the one place that builds recordings: small typed
builders for every kind the core reads, and the seeded generator of synthetic corpora.
The core never imports this package (``tests/core/test_import_hygiene.py`` fails if it
does): test data is not part of reading recordings.
"""
