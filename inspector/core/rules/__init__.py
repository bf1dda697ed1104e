"""Layer 2, the recorder's rules: profiles, hashing, layout, response normalisation, test ids and test sources.

May import only inspector.core.base.
"""
