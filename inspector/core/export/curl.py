"""A recording as a ``curl`` command."""

from __future__ import annotations

import json
import re

from inspector.core.export.target import Target, target_of
from inspector.core.recording.loading import Recording
from inspector.core.recording.secrets import mask_text

__all__ = ["to_curl", "auth_header"]


def _shell_quote(text: str) -> str:
    if re.fullmatch(r"[\w@%+=:,./-]+", text):
        return text
    return "'" + text.replace("'", "'\"'\"'") + "'"


def auth_header(t: Target, shell: bool) -> tuple[str, str] | None:
    """The credential header, its value read from the provider's environment variable (None: no key)."""
    if t.key_var is None or t.auth == "none":
        return None
    ref = f"${t.key_var}" if shell else t.key_var
    if t.auth == "bearer":
        return "Authorization", f"Bearer {ref}"
    return t.auth, ref


def to_curl(rec: Recording) -> str:
    """A curl command that sends the recorded request (the API key from the environment)."""
    t = target_of(rec)
    lines = [f"# recorded in {rec.name}"] + ([f"# by {rec.test_id}"] if rec.test_id else [])
    parts = ["curl", "-sS"]
    if rec.streaming or (isinstance(t.body, dict) and t.body.get("stream") is True):
        parts.append("-N")
    if t.method != "POST" or t.body is None:
        parts += ["-X", t.method]
    parts.append(_shell_quote(t.url))
    headers: list[tuple[str, str]] = []
    send_body = t.method != "GET" and t.body is not None
    if send_body:
        headers.append(("Content-Type", "application/json"))
    auth = auth_header(t, True)
    if auth:
        headers.append(auth)
    if t.auth == "x-api-key":
        headers.append(("anthropic-version", "2023-06-01"))
    headers += list(t.headers)
    cmd = " ".join(parts)
    out = [cmd]
    for k, v in headers:
        value = f'"{k}: {v}"' if "$" in v else _shell_quote(f"{k}: {v}")
        out.append(f"  -H {value}")
    if send_body:
        out.append("  --data-binary @- <<'JSON'")
        text = " \\\n".join(out) + "\n" + json.dumps(t.body, indent=2, ensure_ascii=False) + "\nJSON"
    else:
        text = " \\\n".join(out)
    return mask_text("\n".join(lines) + "\n" + text + "\n")
