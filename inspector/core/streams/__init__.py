"""Layer 2, streams: each family's walker (chunks -> events), SSE grouping, and incremental replay.

May import only inspector.core.base.
"""
