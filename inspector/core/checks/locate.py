"""Where a finding sits in its file's text: the line of the JSON key it is about.

For CI annotations (``check --format github``), which point at a line.  Recordings
are written pretty-printed, one key a line, so the line of a key path is found by
looking for each key in turn after the previous one; a file written on one line
gives line 1, a key that is not there gives None.
"""

from __future__ import annotations

import re

from inspector.core.checks.codes import Finding

__all__ = ["key_line", "finding_line"]

_INDEX = re.compile(r"\[\d+\]")
_SECRET_AT = re.compile(r" at (\S+): ")


def key_line(text: str, keys: tuple[str, ...]) -> int | None:
    """The 1-based line of the last of ``keys``, each looked for after the one before."""
    pos = 0
    for key in keys:
        found = text.find(f'"{key}":', pos)
        if found < 0:
            return None
        pos = found + len(key) + 3
    return text.count("\n", 0, pos) + 1 if keys else None


def _dotted(path: str) -> tuple[str, ...]:
    """``request.body.messages[0].content`` → ``("request", "body", "messages", "content")``."""
    return tuple(k for k in _INDEX.sub("", path).split(".") if k)


# Which key each code is about (tried in order; the first found wins).
_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "hash-mismatch": (("request",),),
    "hash-legacy-rule": (("request",),),
    "legacy-name": (("request",),),
    "duplicate-request": (("request",),),
    "wrong-directory": (("test_id",), ("request",)),
    "missing-test-id": (("request",),),
    "model-list-outside-common": (("request",),),
    "orphan-test": (("test_id",),),
    "variant-explosion": (("test_id",),),
    "unnormalized": (("response", "body"), ("response",)),
    "malformed": (("response", "body"), ("response",)),
    "stream-incomplete": (("response", "body"), ("response",)),
    "tool-args-schema": (("response", "body"), ("response",)),
    "response-schema": (("response", "body"), ("response",)),
    "not-replayed": (("request",),),
    "not-a-recording": (),
}


def finding_line(text: str, finding: Finding) -> int | None:
    """The line a finding points at in its file's ``text`` (None: the whole file)."""
    if finding.code == "secret":
        m = _SECRET_AT.search(finding.message)
        return key_line(text, _dotted(m.group(1))) if m else None
    if finding.code == "unnormalized":
        # the first field the message names (ids, created, created_at, durations), in the response
        for said, key in (("created_at", "created_at"), ("created timestamp", "created"), (" id", "id")):
            if said in finding.message:
                line = key_line(text, ("response", "body", key))
                if line is not None:
                    return line
        if "duration" in finding.message:
            at = text.find('"response":')
            found = text.find('_duration":', max(at, 0))
            if at >= 0 and found >= 0:
                return text.count("\n", 0, found) + 1
    if finding.code == "type-drift":
        found = text.find('"__type__": "llama_stack')
        return text.count("\n", 0, found) + 1 if found >= 0 else None
    for keys in _KEYS.get(finding.code, ()):
        line = key_line(text, keys)
        if line is not None:
            return line
    return None
