"""``healed``: a recording written by ``heal`` rather than recorded, and what it was made from.

``heal`` (``core/heal.py``) marks every file it writes with a top-level object::

    "healed": {"from": "<the recording its response came from>", "class": "safe" | "unsafe", "changed": [...], "at": "…"}

The recorder ignores the key; a reviewer must not.  A ``safe`` heal (the provider
would have received exactly the recorded request) is ``info``; an ``unsafe`` one (the
request changed where the provider sees it, and the answer was not asked for it) is
a ``warning``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from inspector.core.base.model import HEALED_KEY
from inspector.core.checks.codes import INFO, WARNING, Finding

if TYPE_CHECKING:
    from inspector.core.recording.loading import Recording

__all__ = ["HEALED_KEY", "HealedMarker", "healed_marker", "healed_findings"]

@dataclass(frozen=True, slots=True)
class HealedMarker:
    """The marker of a healed recording."""

    source: str | None  # the ``from`` path (relative to the repository root)
    heal_class: str  # safe | unsafe (anything else is shown as it is)
    changed: tuple[str, ...]
    at: str | None


def healed_marker(data: Any) -> HealedMarker | None:
    """The marker in a recording's top-level object, or None when it was not healed."""
    marker = data.get(HEALED_KEY) if isinstance(data, dict) else None
    if not isinstance(marker, dict):
        return None
    changed = marker.get("changed")
    source, cls, at = marker.get("from"), marker.get("class"), marker.get("at")
    return HealedMarker(
        source if isinstance(source, str) else None,
        cls if isinstance(cls, str) else "unknown",
        tuple(str(c) for c in changed) if isinstance(changed, list) else (),
        at if isinstance(at, str) else None,
    )


def healed_findings(rec: Recording, spath: str) -> list[Finding]:
    """``healed`` for a file carrying the marker: info when safe, a warning otherwise."""
    marker = healed_marker(rec.data)
    if marker is None:
        return []
    source = marker.source or "an unnamed recording"
    if marker.heal_class == "safe":
        message = f"healed from {source}, not re-recorded (safe: the provider would get the same request)"
        return [Finding(spath, "healed", INFO, message)]
    shown = ", ".join(marker.changed[:4]) + (" …" if len(marker.changed) > 4 else "")
    message = f"healed from {source}, not re-recorded ({marker.heal_class}: the request changed at {shown or '?'})"
    return [Finding(spath, "healed", WARNING, message, "re-record it when a key is at hand, then drop the healed marker")]
