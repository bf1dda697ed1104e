"""Layer 4, many recordings: summaries, the listing and its worker pool, the on-disk cache, filter terms, grouping.

May import recording and the layers below it.
"""
