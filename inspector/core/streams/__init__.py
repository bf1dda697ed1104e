"""Layer 2, streams: one walker per family (chunks -> events), their shared steps, SSE grouping, the driver, incremental replay.

May import only inspector.core.base.
"""
