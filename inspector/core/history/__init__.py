"""Layer 5, git history: running git, what a range did to recordings (changes), why a name went stale.

May import index, edit and the layers below them; not checks or export.
"""
