"""Recorder profiles: each version of the recorder's rules as one object.

A profile says how that recorder hashed each kind of request (used by
``core/rules/hashing.py``), where it looks for files (``core/rules/layout.py``), which
kinds of call it replays at all, and how it normalised the responses it wrote
(``core/rules/normalize.py``).  ``--rules NAME`` picks one everywhere; :func:`rule_set`
is the one place a name is checked.

Profiles, newest first (facts from ``ogx/testing/api_recorder.py`` and the
corpus; see RECORDING_FORMAT.md):

``2026-10``   ogx 1.5.0: test id always hashed, ``null`` for shared model lists
              (``/v1/models``, ``/info``, ``…/models`` off local hosts); never reads
              file-processor calls or the native Ollama client; zeroes ``created`` of
              model objects too
``2026-05``   test id left out for ``/api/tags``, ``/v1/models``, ``/v1/openai/v1/models``
``2026-03``   before the file-search masks
``2025-10-08`` before float rounding
``2025-10-03`` before the test id was part of the hash
``2025-07``   12-character names in ``recordings/responses/`` (+ ``index.sqlite``), no normalisation
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

__all__ = [
    "RuleSet",
    "RULE_SETS",
    "NEWEST",
    "ALIASES",
    "rule_set",
    "rule_names",
    "FILE_PROCESSOR",
    "NATIVE_OLLAMA",
    "NATIVE_OLLAMA_ENDPOINTS",
    "replay_family",
]

#: Where a profile keeps recordings: per test file (2025-10 on), or the 2025 ``responses/`` folder
#: (the folder rule itself is in core/rules/layout.py).
LAYOUT_PER_TEST = "per-test"
LAYOUT_RESPONSES = "responses"

#: Request families a recorder may leave unpatched (they then always run live).
FILE_PROCESSOR = "file-processor"
NATIVE_OLLAMA = "native-ollama"

#: The native Ollama client's endpoints (``ollama.Client``), no longer patched by ogx 1.5.0
#: (``/api/embed`` is the client's newer ``embed()``; older recorders filed it as ``/api/embeddings``).
NATIVE_OLLAMA_ENDPOINTS = frozenset(
    {"/api/generate", "/api/chat", "/api/embed", "/api/embeddings", "/api/ps", "/api/pull", "/api/tags"}
)

_NEVER_READ_WHY = {
    FILE_PROCESSOR: "file-processor calls always run live (their file_id changes every run)",
    NATIVE_OLLAMA: "the native Ollama client is no longer patched (Ollama is reached through its OpenAI-compatible API)",
}


@dataclass(frozen=True, slots=True)
class RuleSet:
    """One recorder's rules: hashing, layout, which kinds it replays, response normalisation."""

    name: str
    description: str
    masks: bool  # hashing: file-search masks in strings
    rounding: bool  # hashing: floats rounded, decimal literals in strings re-printed
    test_id: str  # hashing: "shared-null" | "omit-model-lists" | "none"
    prefix: int = 64  # how many hex characters name the file
    layout: str = LAYOUT_PER_TEST  # where it looks (core/rules/layout.py)
    never_replays: frozenset[str] = frozenset()  # request families it never reads
    normalizes: bool = True  # ids → rec-<h12>, created → 0, Ollama created_at/*_duration
    models_created: bool = False  # also created → 0 of model objects (ogx 1.5.0)

    def never_reads(self, request: Any) -> str | None:
        """Why this recorder never reads a recording of ``request`` (None: it replays it)."""
        family = replay_family(request)
        if family is not None and family in self.never_replays:
            return _NEVER_READ_WHY[family]
        return None


RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet(
        "2026-10",
        "ogx 1.5.0 (newest)",
        True,
        True,
        "shared-null",
        never_replays=frozenset({FILE_PROCESSOR, NATIVE_OLLAMA}),
        models_created=True,
    ),
    RuleSet("2026-05", "May 2026: test id left out of model lists", True, True, "omit-model-lists"),
    RuleSet("2026-03", "before the file-search masks (April 2026)", False, True, "omit-model-lists"),
    RuleSet("2025-10-08", "before float rounding (2025-10-09)", False, False, "omit-model-lists"),
    RuleSet("2025-10-03", "before the test id was hashed (2025-10-04)", False, False, "none"),
    RuleSet(
        "2025-07",
        "12-character names of the 2025-07 layout",
        False,
        False,
        "none",
        prefix=12,
        layout=LAYOUT_RESPONSES,
        normalizes=False,
    ),
)
NEWEST = RULE_SETS[0]
_BY_NAME = {r.name: r for r in RULE_SETS}
#: Other names accepted for the newest profile.
ALIASES = ("newest", "latest", "current")


def rule_names() -> list[str]:
    """Every name :func:`rule_set` accepts, profiles first (newest first), then the aliases."""
    return [*_BY_NAME, *ALIASES]


def rule_set(name: str | RuleSet | None) -> RuleSet:
    """The profile called ``name`` (``newest`` and its aliases: the current one; None: newest).

    The one place a name is checked: ``ValueError`` with a one-line message listing the valid names.
    """
    if isinstance(name, RuleSet):
        return name
    if name is None or name in ALIASES:
        return NEWEST
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown rule set {name!r} (valid: {', '.join(rule_names())})") from None


def replay_family(request: Any) -> str | None:
    """The family of a recorded request a recorder may leave unpatched, or None."""
    if not isinstance(request, dict):
        return None
    if "file_id" in request and "api" in request and "provider" in request:
        return FILE_PROCESSOR
    endpoint = request.get("endpoint")
    if not isinstance(endpoint, str) and isinstance(request.get("url"), str) and "body" in request:
        endpoint = urlparse(request["url"]).path
    if isinstance(endpoint, str) and endpoint in NATIVE_OLLAMA_ENDPOINTS:
        return NATIVE_OLLAMA
    return None
