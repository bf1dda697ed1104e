"""Layer 5, checks: the codes, per-file and cross-file checks, the runner, pytest-output parsing, explain (ranking drift candidates), schemas, locating findings.

May import index, edit and the layers below them; not history or export.
"""
