"""Layer 1, the base: typed records, the recorder's bytes and read errors, the one writer (and its temp names), JSON paths and types, copy-on-write walks, default search paths.

May import nothing else of the core.
"""
