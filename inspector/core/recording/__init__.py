"""Layer 3, one recording: loading and classifying, the request view, discovery on disk (what a recording path is), diffs, secrets.

May import base, rules and streams.
"""
