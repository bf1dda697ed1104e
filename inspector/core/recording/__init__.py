"""Layer 3, one recording: loading and classifying, the request view, discovery on disk, diffs, secrets.

May import base, rules and streams.
"""
