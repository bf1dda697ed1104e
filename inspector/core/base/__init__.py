"""Layer 1, the base: typed records, the recorder's bytes, the one writer, default locations.

May import nothing else of the core.
"""
