"""Errors the command line reports as one line."""

from __future__ import annotations


class CliError(Exception):
    """A problem to report as ``recording-inspector: <message>`` with exit ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code
