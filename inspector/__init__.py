"""recording-inspector: browse, replay, check and curate llama-stack style test recordings."""

from __future__ import annotations

__version__ = "0.1.0"
