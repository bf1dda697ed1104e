"""Layer 5, git history: running git, one side of a change (sides), what a range did to recordings (changes), why a name went stale.

May import index, edit and the layers below them; not checks or export.
"""
