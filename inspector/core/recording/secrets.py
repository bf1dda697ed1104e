"""Finding credentials in recordings, and masking them wherever text is shown.

Recordings are committed to repositories, so a key that slipped into a header, a
URL or a request body is a leak.  :func:`scan_value` walks a recording's JSON and
reports every credential with its JSON path, already masked; :func:`mask_text`
replaces every credential in a string, for any view that prints recording text
(check reports, exports, the app).

Detected: OpenAI keys (``sk-…``, ``sk-proj-…``), Anthropic keys (``sk-ant-…``),
Google API keys (``AIza…``), AWS access key ids (``AKIA…``/``ASIA…``) and secret
key assignments, bearer tokens, ``user:password@`` in URLs, ``api_key=``/``token=``
query parameters, ``Authorization``/``x-api-key`` headers (as JSON keys or as
``Header: value`` text), and values of keys named like ``password`` or
``client_secret``.  Obvious placeholders (``<your-key>``, ``${OPENAI_API_KEY}``,
``sk-xxxx``, ``…EXAMPLE``) are not reported.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from inspector.core.recording.loading import Recording

__all__ = [
    "SecretMatch",
    "SecretFinding",
    "find_secrets",
    "mask_secret",
    "mask_text",
    "mask_document",
    "masked_recording",
    "scan_value",
    "SECRET_KEYS",
]


@dataclass(frozen=True, slots=True)
class SecretMatch:
    """A credential inside one string: ``text[start:end]`` is the secret itself."""

    kind: str
    start: int
    end: int
    value: str

    @property
    def masked(self) -> str:
        return mask_secret(self.value)


@dataclass(frozen=True, slots=True)
class SecretFinding:
    """A credential somewhere in a JSON value; ``masked`` is safe to print."""

    kind: str
    path: str
    masked: str

    def describe(self) -> str:
        return f"{self.kind} at {self.path}: {self.masked}"


#: JSON keys whose string values are credentials (compared lower-cased, ``-`` as ``_``).
SECRET_KEYS = frozenset(
    {
        "authorization",
        "proxy_authorization",
        "x_api_key",
        "api_key",
        "apikey",
        "x_goog_api_key",
        "openai_api_key",
        "anthropic_api_key",
        "password",
        "passwd",
        "client_secret",
        "secret_key",
        "aws_secret_access_key",
        "aws_session_token",
        "access_token",
        "refresh_token",
        "auth_token",
        "x_auth_token",
        "private_key",
    }
)

_KNOWN_PREFIXES = ("sk-ant-", "sk-proj-", "sk-svcacct-", "sk-admin-", "sk-", "AIza", "AKIA", "ASIA")

# (kind, pattern, group holding the secret, literal that must be present first)
_PATTERNS: tuple[tuple[str, re.Pattern[str], int, str | None], ...] = (
    ("Anthropic API key", re.compile(r"(?<![\w-])(sk-ant-[A-Za-z0-9_-]{20,})"), 1, "sk-ant-"),
    ("OpenAI API key", re.compile(r"(?<![\w-])(sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,})"), 1, "sk-"),
    ("Google API key", re.compile(r"(?<![\w-])(AIza[0-9A-Za-z_-]{35})(?![\w-])"), 1, "AIza"),
    ("AWS access key id", re.compile(r"(?<![A-Z0-9])((?:AKIA|ASIA)[0-9A-Z]{16})(?![A-Z0-9])"), 1, None),
    (
        "AWS secret access key",
        re.compile(r"(?i)aws_?secret_?access_?key[\"']?\s*[:=]\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"),
        1,
        None,
    ),
    ("bearer token", re.compile(r"(?i)\bbearer\s+([A-Za-z0-9._~+/=-]{16,})"), 1, None),
    ("password in URL", re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/:@'\"<>]+:([^\s/@'\"<>]+)@[\w.-]"), 1, "://"),
    (
        "credential in URL query",
        re.compile(
            r"[?&](?:api[_-]?key|apikey|key|token|access_token|auth|auth_token|client_secret|secret|password|passwd|pwd)=([^&\s#'\"<>]{8,})",
            re.IGNORECASE,
        ),
        1,
        "=",
    ),
    (
        "credential header",
        re.compile(
            r"(?i)\b(?:authorization|x-api-key|api-key|x-goog-api-key)[\"']?\s*[:=]\s*[\"']?(?:bearer\s+|basic\s+|token\s+)?([A-Za-z0-9._~+/=-]{12,})"
        ),
        1,
        None,
    ),
)

_PLACEHOLDER_WORDS = (
    "example",
    "placeholder",
    "redacted",
    "dummy",
    "xxxx",
    "****",
    "your",
    "changeme",
    "fake",
    "<",
    "${",
    "{{",
    "…",
    "...",
)


def _placeholder(value: str) -> bool:
    """True for values that are obviously not real credentials."""
    low = value.lower()
    if any(w in low for w in _PLACEHOLDER_WORDS):
        return True
    if len(set(low)) <= 3:  # "aaaa…", "0000…"
        return True
    return low in {
        "none",
        "null",
        "test",
        "secret",
        "password",
        "token",
        "api_key",
        "apikey",
        "changeme",
        "true",
        "false",
    }


def _looks_random(value: str) -> bool:
    """Real keys mix letters and digits; slugs like ``sk-learn-tutorial`` do not."""
    body = value
    for prefix in _KNOWN_PREFIXES:
        if body.startswith(prefix):
            body = body[len(prefix) :]
            break
    has_digit = any(c.isdigit() for c in body)
    has_alpha = any(c.isalpha() for c in body)
    return has_digit and has_alpha and len(set(body)) >= 8


def mask_secret(value: str) -> str:
    """A credential made safe to print: its recognisable prefix and last four characters.

    ``sk-proj-abc…xyz9`` becomes ``sk-proj-****xyz9``; short values become ``****``.
    """
    prefix = ""
    for p in _KNOWN_PREFIXES:
        if value.startswith(p):
            prefix = p
            break
    rest = value[len(prefix) :]
    if len(rest) < 12:
        return prefix + "****"
    return f"{prefix}****{rest[-4:]}"


def find_secrets(text: str) -> list[SecretMatch]:
    """Every credential in ``text``, in order, without overlaps."""
    if len(text) < 12:
        return []
    found: list[SecretMatch] = []
    low: str | None = None
    for kind, pattern, group, literal in _PATTERNS:
        if literal is not None and literal not in text:
            continue
        if kind in ("bearer token", "credential header", "AWS secret access key"):
            low = low if low is not None else text.lower()
            needle = {"bearer token": "bearer", "AWS secret access key": "secret"}.get(kind)
            if needle and needle not in low:
                continue
            if kind == "credential header" and not any(h in low for h in ("authorization", "api-key", "x-api-key")):
                continue
        if kind == "AWS access key id" and "AKIA" not in text and "ASIA" not in text:
            continue
        for m in pattern.finditer(text):
            value = m.group(group)
            if _placeholder(value):
                continue
            if kind in (
                "OpenAI API key",
                "Anthropic API key",
                "bearer token",
                "credential header",
            ) and not _looks_random(value):
                continue
            start, end = m.span(group)
            if any(s.start < end and start < s.end for s in found):
                continue
            found.append(SecretMatch(kind, start, end, value))
    found.sort(key=lambda s: s.start)
    return found


def mask_text(text: str) -> str:
    """``text`` with every credential replaced by its masked form."""
    matches = find_secrets(text)
    if not matches:
        return text
    out: list[str] = []
    pos = 0
    for m in matches:
        out.append(text[pos : m.start])
        out.append(m.masked)
        pos = m.end
    out.append(text[pos:])
    return "".join(out)


def _key_is_secret(key: str) -> bool:
    return key.lower().replace("-", "_") in SECRET_KEYS


#: Every pattern and every secret key needs one of these in the (lower-cased) text.
_LITERALS = (
    "bearer", "secret", "authorization", "api-key", "api_key", "apikey",
    "key=", "token=", "auth=", "pwd=", "passw", "private_key", "private-key",
    "access_token", "access-token", "refresh_token", "refresh-token", "auth_token", "auth-token",
    "session_token", "session-token",
)  # fmt: skip
#: ... and the patterns that match case-sensitively need these in the text as it is
#: (a lower-cased "aiza" or "asia" is ordinary text, and base64 holds many: each would
#: cost a walk over every string of the file).
_CASED_LITERALS = (b"AIza", b"AKIA", b"ASIA")
# Each literal filed under one part of it (its anchor): a literal is in the text exactly
# where its anchor is, at its offset.  One scan per anchor instead of one per literal (a
# scan costs per byte of the file, a look at an anchor's place next to nothing: "token"
# is in every recording a few times, the others hardly ever).
_ANCHORS = (b"token", b"key", b"auth", b"secret", b"bearer", b"passw", b"pwd=")
_ANCHORED: tuple[tuple[bytes, tuple[tuple[bytes, int], ...]], ...] = tuple(
    (
        anchor,
        tuple(
            (lit, lit.index(anchor))
            for lit in (x.encode() for x in _LITERALS)
            if anchor in lit and next(a for a in _ANCHORS if a in lit) == anchor
        ),
    )
    for anchor in _ANCHORS
)
# The only characters whose lower case holds ASCII letters (KELVIN SIGN, I WITH DOT ABOVE):
# with them, lower-casing the bytes is not lower-casing the text.
_LOWER_TO_ASCII = ("\u212a".encode(), "\u0130".encode())
_SK = re.compile(rb"sk-[a-z0-9_-]{20}")
_URL_USER = re.compile(rb"://[^\s\"/@]+:[^\s\"/@]+@")


def _holds_literal(text: bytes) -> bool:
    """Whether any of ``_LITERALS`` is in ``text`` (lower-cased bytes)."""
    for anchor, literals in _ANCHORED:
        at = text.find(anchor)
        while at >= 0:
            for lit, offset in literals:
                if at >= offset and text.startswith(lit, at - offset):
                    return True
            at = text.find(anchor, at + 1)
    return False


def _may_contain(value: Any) -> bool:
    """A fast no: the JSON text holds none of the literals any credential needs.

    Serialising, lower-casing (bytes: ASCII only, 5x cheaper than the text's) and substring
    search run in C, so the many files that hold no credential skip the walk over every
    string; any doubt means "maybe".
    """
    try:
        raw = orjson.dumps(value)
    except (TypeError, ValueError):
        return True
    if not raw.isascii() and any(c in raw for c in _LOWER_TO_ASCII):
        return True  # (rare) the byte-wise lower case below could miss a literal
    if any(lit in raw for lit in _CASED_LITERALS):
        return True
    text = raw.lower()
    if _holds_literal(text):
        return True
    if b"sk-" in text and _SK.search(text):
        return True
    return b"://" in text and b"@" in text and _URL_USER.search(text) is not None


def scan_value(value: Any, prefix: tuple[str | int, ...] = ()) -> list[SecretFinding]:
    """Every credential in a JSON value, with its path; each reported once, masked."""
    if not _may_contain(value):
        return []
    out: list[SecretFinding] = []
    seen: set[tuple[str, str]] = set()
    for finding in _walk(value, prefix):
        key = (finding.path, finding.masked)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


def _walk(value: Any, parts: tuple[str | int, ...]) -> Iterator[SecretFinding]:
    from inspector.core.base.jsonpath import format_path

    # An explicit stack: recordings can be deep, and this must never raise.
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, parts)]
    while stack:
        current, path = stack.pop()
        if isinstance(current, dict):
            items = list(current.items())
            for k, v in reversed(items):
                key = str(k)
                if isinstance(v, str) and v.strip() and _key_is_secret(key):
                    secret = re.sub(r"(?i)^(bearer|basic|token)\s+", "", v.strip())
                    if not _placeholder(secret) and len(secret) >= 6 and not find_secrets(v):
                        yield SecretFinding(f"value of {key}", format_path((*path, key)), mask_secret(secret))
                stack.append((v, (*path, key)))
        elif isinstance(current, list):
            for i in range(len(current) - 1, -1, -1):
                stack.append((current[i], (*path, i)))
        elif isinstance(current, str):
            for m in find_secrets(current):
                yield SecretFinding(m.kind, format_path(path), m.masked)


# --- masked copies of whole documents (the app's views, exports) ----------------------

_PREFIX = re.compile(r"(?i)^(bearer|basic|token)\s+")
# Values that say where a key would go rather than being one.
_PLACEHOLDER = re.compile(r"^(?:\$|<|\{\{)|x{4}|\*{4}|example|redacted|placeholder", re.IGNORECASE)

# One masked twin per loaded recording, made in the loading worker and reused on screen.
_TWINS: weakref.WeakKeyDictionary[Recording, Recording] = weakref.WeakKeyDictionary()


def _masked_key_value(value: str) -> str:
    """The value of a key such as ``Authorization`` or ``password``: masked whatever it looks like."""
    if find_secrets(value):
        return mask_text(value)
    stripped = value.strip()
    if len(stripped) < 6 or _PLACEHOLDER.search(stripped):
        return value
    prefix = _PREFIX.match(stripped)
    if prefix:
        return stripped[: prefix.end()] + mask_secret(stripped[prefix.end() :])
    return mask_secret(stripped)


def mask_document(value: Any) -> Any:
    """A copy of a JSON value with every credential masked (shared where nothing changes)."""
    # An explicit stack: recordings can nest deeper than Python's recursion limit.
    root: list[Any] = [value]
    stack: list[tuple[Any, Any, Any, bool]] = [(root, 0, value, False)]
    while stack:
        parent, key, current, secret_key = stack.pop()
        if isinstance(current, str):
            masked = _masked_key_value(current) if secret_key else mask_text(current)
            if masked is not current:
                parent[key] = masked
        elif isinstance(current, dict):
            copy = dict(current)
            parent[key] = copy
            for k, v in copy.items():
                stack.append((copy, k, v, str(k).lower().replace("-", "_") in SECRET_KEYS))
        elif isinstance(current, list):
            copy_list = list(current)
            parent[key] = copy_list
            for i, v in enumerate(copy_list):
                stack.append((copy_list, i, v, False))
    return root[0]


def masked_recording(rec: Recording) -> Recording:
    """``rec`` with its credentials masked: the same object when it holds none.

    Cached per recording; call it once in a worker so showing it costs nothing.
    """
    twin = _TWINS.get(rec)
    if twin is not None:
        return twin
    twin = rec
    if rec.data is not None and scan_value(rec.data):
        from inspector.core.recording.loading import (
            Recording,  # here: masking text needs none of the recording machinery
        )

        twin = Recording(rec.path, mask_document(rec.data), problem=rec.problem, size=rec.size)
        if twin.ok:
            _ = twin.request, twin.rebuild, twin.replay  # warm the lazy parts here, off the UI thread
    _TWINS[rec] = twin
    return twin
