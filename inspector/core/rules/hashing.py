"""The recorder's request hash, under every rule set it has used.

A recording's file name is ``sha256(json.dumps(obj, sort_keys=True))`` of a
normalised view of its request.  The recorder changed how it builds ``obj`` over
time, so a file written by an older recorder keeps a name that only an older rule
set reproduces.  :func:`hash_info` says which rule set (if any) explains a name.

Rule sets (the hashing part of the recorder profiles in ``core/rules/profiles.py``), newest first:

``2026-10``   ogx 1.5.0: test id always present, ``null`` for shared model lists
``2026-05``   test id left out for ``/api/tags``, ``/v1/models``, ``/v1/openai/v1/models``
``2026-03``   before the file-search masks
``2025-10-08`` before float rounding
``2025-10-03`` before the test id was part of the hash
``2025-07``   12-character names (first 12 hex of the 2025-10-03 hash)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import replace
from typing import Any
from urllib.parse import urlparse

import orjson

from inspector.core.base.model import HashInfo
from inspector.core.base.tree import map_strings
from inspector.core.rules.endpoints import is_shared_model_list
from inspector.core.rules.profiles import NEWEST, RULE_SETS, RuleSet

# RuleSet, NEWEST, RULE_SETS and rule_set are imported from rules/profiles.py (they are not re-exported)
__all__ = [
    "canonical_body",
    "hashed_request",
    "hash_object",
    "request_hash",
    "hashed_object",
    "hashes_test_id",
    "model_list_digest",
    "parse_file_name",
    "hash_info",
    "HashKind",
]

_FLOAT_IN_STRING = re.compile(r"(-?\d+\.\d{4,})")
_DECIMAL_HINT = re.compile(r"\.\d{4}")  # in every _FLOAT_IN_STRING match; a literal first char scans fast
_SCORE = re.compile(r"score:\s*[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?")
_ATTRIBUTES = re.compile(r",?\s*attributes:\s*\{[^}]*\}")
_UUID = r"[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}"
_DOCUMENT_ID = re.compile(r"document_id:\s*" + _UUID)
_CITATION = re.compile(r"<\|" + _UUID + r"\|>")

_MAY2026_MODEL_LIST_PATHS = frozenset({"/api/tags", "/v1/models", "/v1/openai/v1/models"})


class HashKind:
    INFERENCE = "inference"
    TOOL = "tool"
    HTTP = "http"
    NONE = "none"


_MASK_WORDS = ("score", "attributes", "document_id")


def _may_mask(value: str) -> bool:
    """Whether a file-search mask could apply: each needs ``<|`` or one of its words before a colon."""
    if "|" in value:
        return True
    at = value.find(":")
    while at >= 0:
        if value.endswith(_MASK_WORDS, 0, at):
            return True
        at = value.find(":", at + 1)
    return False


def _norm_string(value: str, rules: RuleSet) -> str:
    # Each substitution runs only when a literal its pattern needs is present: the
    # patterns start with optional or repeated parts, so the regex engine would
    # otherwise try every position of long strings (base64 images, documents).
    if rules.masks and _may_mask(value):
        if "score" in value:
            value = _SCORE.sub("score: __NORMALIZED__", value)
        if "attributes" in value:
            value = _ATTRIBUTES.sub("", value)
        if "document_id" in value:
            value = _DOCUMENT_ID.sub("document_id: __NORMALIZED__", value)
        if "<|" in value:
            value = _CITATION.sub("<|__NORMALIZED__|>", value)
    if rules.rounding and "." in value and _DECIMAL_HINT.search(value):
        value = _FLOAT_IN_STRING.sub(lambda m: f"{float(m.group(0)):.5f}", value)
    return value


def canonical_body(value: Any, rules: RuleSet = NEWEST, *, drop_stream_options: bool = False) -> Any:
    """A request body as ``rules`` hash it: floats rounded, scores and ids masked, as that recorder did.

    (Not :mod:`inspector.core.rules.normalize`, which rewrites a *response* as the recorder stores it.)

    The recorder treats every dict that sits directly in a list as a "root" too
    (it strips ``project_id`` from their ``extra_body``/``extra_query``); that
    quirk is reproduced so hashes agree.
    """
    return _normalize(value, rules, drop_stream_options, None)


def _normalize(value: Any, rules: RuleSet, drop_stream_options: bool, big: list[str] | None) -> Any:
    # ``big``: lift long strings out for hashing as it goes (see _lift), saving a second walk.
    if not rules.rounding and not rules.masks:
        # The oldest rules hashed the body as given (bedrock excepted).
        if drop_stream_options and isinstance(value, dict) and "stream_options" in value:
            value = {k: v for k, v in value.items() if k != "stream_options"}
        return value if big is None else _lift(value, big)
    if big is not None and not drop_stream_options and _norm_is_identity(value):
        return value  # hashed as it is: nothing to change, nothing big enough to lift
    return _norm(value, rules, drop_stream_options, True, big)


_NO_WALK_BELOW = 64 * 1024  # smaller bodies need no lifting (see hash_object)
_DECIMAL_HINT_B = re.compile(rb"\.[0-9]{4}")
_EXPONENT_B = re.compile(rb"[0-9]e-")
_NORM_WORDS = (b"score", b"attributes", b"document_id", b"<|", b"project_id")


def _norm_is_identity(value: Any) -> bool:
    """True when ``_norm`` would give back ``value`` unchanged and it is small.

    Found on orjson's (fast) serialisation rather than by walking the value in
    Python: every change ``_norm`` makes needs one of these in the text: a mask
    word or ``project_id``, a decimal with four or more fraction digits (in a
    string, or a float that rounding would change), or a negative exponent.
    """
    try:
        data = orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):  # big ints, odd keys: take the long way
        return False
    if len(data) >= _NO_WALK_BELOW:
        return False
    if any(w in data for w in _NORM_WORDS):
        return False
    if b"." in data and _DECIMAL_HINT_B.search(data):
        return False
    return not (b"e-" in data and _EXPONENT_B.search(data))


def _norm(value: Any, rules: RuleSet, drop_stream_options: bool, is_root: bool, big: list[str] | None) -> Any:
    if isinstance(value, str):  # the commonest node first
        value = _norm_string(value, rules)
        # the length test inline: most strings are short, and this is the hash's hottest line
        return _lift_one(value, big) if big is not None and len(value) >= _LIFT_MIN else value
    if isinstance(value, dict):
        out = {k: _norm(v, rules, False, False, big) for k, v in value.items()}
        if drop_stream_options:
            out.pop("stream_options", None)
        if is_root:
            for key in ("extra_body", "extra_query"):
                extra = out.get(key)
                if isinstance(extra, dict):
                    extra.pop("project_id", None)
        return out
    if isinstance(value, list):
        return [_norm(v, rules, False, True, big) for v in value]
    if isinstance(value, float):
        return round(value, 5) if rules.rounding else value
    return value


# Long strings (base64 images, documents) are most of the bytes of the requests that carry them,
# and json.dumps escapes them character by character.  One that is printable ASCII without a
# quote or backslash encodes as itself in quotes, so it is lifted out before dumping and fed to
# the hash directly; the digest is the same, the work a fraction.
_LIFT_MIN = 2048
_AS_IS = bytes(range(0x20, 0x7F)).replace(b'"', b"").replace(b"\\", b"")
_NONCE = os.urandom(8).hex()  # makes a placeholder that no recording can contain


def _plain(value: str) -> bool:
    """True when ``json.dumps(value)`` is ``value`` in quotes."""
    return value.isascii() and not value.encode("ascii").translate(None, _AS_IS)


def _lift(value: Any, big: list[str]) -> Any:
    """``value`` with long plain strings replaced by placeholders (copying only what changes)."""
    return map_strings(value, lambda text: _lift_one(text, big))


def _lift_one(text: str, big: list[str]) -> str:
    """A placeholder for ``text`` when it is long and plain (kept in ``big``), else ``text``."""
    if len(text) >= _LIFT_MIN and _plain(text):
        big.append(text)
        return f"\x00{_NONCE}{len(big) - 1}\x00"
    return text


def hash_object(obj: Any) -> str:
    """sha256 of ``json.dumps(obj, sort_keys=True)``: the recorder's hash primitive."""
    big: list[str] = []
    return _hash_lifted(_lift(obj, big), big)


def _unlift(light: Any, big: list[str]) -> Any:
    """The object ``light`` was made from (placeholders replaced by their strings)."""
    if isinstance(light, str):
        if light.startswith(f"\x00{_NONCE}") and light.endswith("\x00"):
            return big[int(light[1 + len(_NONCE) : -1])]
        return light
    if isinstance(light, dict):
        return {k: _unlift(v, big) for k, v in light.items()}
    if isinstance(light, list):
        return [_unlift(v, big) for v in light]
    return light


def _hash_lifted(light: Any, big: list[str], memo: dict[tuple[str, ...], Any] | None = None) -> str:
    """``hash_object(obj)`` given ``light``: ``obj`` with the strings ``big`` lifted out.

    ``memo`` (one per request, across rule sets): the sha256 state after each prefix that
    ends with a lifted string, keyed by the prefix's pieces themselves.  Rule sets differ in
    small things (a test id, a rounded float); when the text up to an image is the same
    under two of them, the image is hashed once, not once a rule set (2.5 ms for 570 kB).
    """
    text = json.dumps(light, sort_keys=True)
    if not big:
        return hashlib.sha256(text.encode()).hexdigest()
    spots: list[tuple[int, int, str]] = []
    for i, value in enumerate(big):
        token = f'"\\u0000{_NONCE}{i}\\u0000"'
        at = text.find(token)
        if at < 0 or text.find(token, at + 1) >= 0:  # cannot happen; be exact anyway
            return hashlib.sha256(json.dumps(_unlift(light, big), sort_keys=True).encode()).hexdigest()
        spots.append((at, len(token), value))
    spots.sort()
    h = hashlib.sha256()
    pos = 0
    key: tuple[str, ...] = ()
    for at, n, value in spots:
        piece = text[pos : at + 1]  # up to and including the opening quote
        pos = at + n - 1  # the closing quote is written with what follows
        if memo is None:
            h.update(piece.encode())
            h.update(value.encode("ascii"))
            continue
        key += (piece, value)  # the strings themselves: equal keys are equal prefixes
        known = memo.get(key)
        if known is None:
            h = h.copy()  # a state in the memo is never updated in place
            h.update(piece.encode())
            h.update(value.encode("ascii"))
            memo[key] = h
        else:
            h = known
    if memo is not None:
        h = h.copy()
    h.update(text[pos:].encode())
    return h.hexdigest()


def _test_id_for(rules: RuleSet, path: str, host: str | None, test_id: str | None) -> tuple[bool, str | None]:
    """Whether ``test_id`` goes into the hashed object, and with what value."""
    if rules.test_id == "none":
        return False, None
    if rules.test_id == "omit-model-lists":
        return (path not in _MAY2026_MODEL_LIST_PATHS), test_id
    shared = is_shared_model_list(path, host)
    return True, (None if shared else test_id)


def inference_object(
    method: str, url: str, body: Any, test_id: str | None, rules: RuleSet = NEWEST
) -> dict[str, Any]:
    """The object the recorder hashes for an inference call."""
    return _inference_object(method, url, body, test_id, rules, None)


def _inference_object(method: str, url: str, body: Any, test_id: str | None, rules: RuleSet, big: list[str] | None) -> dict[str, Any]:
    parsed = urlparse(url)
    obj: dict[str, Any] = {
        "method": method.upper(),
        "endpoint": parsed.path,
        "body": _normalize(body, rules, _is_bedrock(parsed.netloc), big),
    }
    include, value = _test_id_for(rules, parsed.path, parsed.hostname, test_id)
    if include:
        obj["test_id"] = value
    return obj


def http_object(url: str, method: str, payload: Any, test_id: str | None, rules: RuleSet = NEWEST) -> dict[str, Any]:
    """The object the recorder hashes for a raw HTTP call (rerank, /v1/messages, /interactions)."""
    return _http_object(url, method, payload, test_id, rules, None)


def _http_object(url: str, method: str, payload: Any, test_id: str | None, rules: RuleSet, big: list[str] | None) -> dict[str, Any]:
    obj: dict[str, Any] = {"url": url, "method": method.upper(), "payload": _normalize(payload, rules, False, big)}
    if rules.test_id != "none":
        obj["test_id"] = test_id
    return obj


def _is_bedrock(netloc: str) -> bool:
    """Whether a call goes to Bedrock (by the URL's host, as the recorder asks): its stream_options are not hashed."""
    return "bedrock" in netloc


def hashed_request(request: Any, test_id: str | None, rules: RuleSet = NEWEST, *, normalized: bool = True) -> dict[str, Any]:
    """The request as the hash reads it, as one JSON object people can diff.

    The test id is always there (a changed test id is a changed request, even where a rule set
    leaves it out of the hash).  Inference calls: the method in upper case, the URL's path (the
    host is not hashed), the body (normalised as ``rules`` do, ``stream_options`` dropped for
    Bedrock).  Raw HTTP calls: the method, the whole URL, the payload.  Tool calls: provider,
    tool name and arguments.  Anything else: the stored request less its test id.
    ``normalized=False`` keeps bodies and payloads as stored (cheaper, for similarity).
    """
    out: dict[str, Any] = {"test_id": test_id}
    kind = hash_kind(request)
    if kind == HashKind.INFERENCE:
        url = str(request["url"])
        try:
            parsed = urlparse(url)
            path, netloc = parsed.path, parsed.netloc
        except ValueError:
            path, netloc = url, ""
        body = request.get("body", {})  # absent only for TEI's GET /info, hashed with {}
        out.update(
            method=str(request.get("method") or "POST").upper(),
            path=path,
            body=_normalize(body, rules, _is_bedrock(netloc), None) if normalized else body,
        )
    elif kind == HashKind.HTTP:
        payload = request.get("payload")
        out.update(
            method=str(request.get("method") or "POST").upper(),
            url=request["url"],
            payload=_normalize(payload, rules, False, None) if normalized else payload,
        )
    elif kind == HashKind.TOOL:
        out.update(provider=request.get("provider"), tool_name=request.get("tool_name"), kwargs=request.get("kwargs"))
    elif isinstance(request, dict):
        out.update({k: v for k, v in request.items() if k != "test_id"})
    return out


def tool_object(provider: str, tool_name: str, kwargs: Any) -> dict[str, Any]:
    """The object the recorder hashes for a tool invocation (never normalised, no test id)."""
    return {"provider": provider, "tool_name": tool_name, "kwargs": kwargs}


def hash_kind(request: Any) -> str:
    """Which hash recipe applies to a request dict."""
    if not isinstance(request, dict):
        return HashKind.NONE
    if "tool_name" in request and "kwargs" in request:
        return HashKind.TOOL
    if "payload" in request and isinstance(request.get("url"), str):
        return HashKind.HTTP
    if isinstance(request.get("url"), str) and "body" in request:
        return HashKind.INFERENCE
    if isinstance(request.get("url"), str) and request.get("method") == "GET" and request.get("endpoint") == "/info":
        return HashKind.INFERENCE  # TEI's model lookup: hashed as a GET with the body {}
    return HashKind.NONE


def request_hash(
    request: Any, test_id: str | None, rules: RuleSet = NEWEST, *, _memo: dict[tuple[str, ...], Any] | None = None
) -> str | None:
    """The hash the recorder under ``rules`` computes for ``request`` (None: no rule applies)."""
    kind = hash_kind(request)
    big: list[str] = []
    if kind == HashKind.TOOL:
        light: Any = _lift(tool_object(request.get("provider"), request.get("tool_name"), request.get("kwargs")), big)
    elif kind == HashKind.HTTP:
        light = _http_object(request["url"], str(request.get("method") or "POST"), request.get("payload"), test_id, rules, big)
    elif kind == HashKind.INFERENCE:
        body = request.get("body", {})  # absent only for TEI's GET /info, which the recorder hashes with {}
        light = _inference_object(str(request.get("method") or "POST"), request["url"], body, test_id, rules, big)
    else:
        return None
    full = _hash_lifted(light, big, _memo)
    return full[: rules.prefix]


def hashed_object(request: Any, test_id: str | None, rules: RuleSet = NEWEST) -> dict[str, Any] | None:
    """The request as the hash sees it: the object :func:`request_hash` digests (None: no rule applies).

    Inference: method, URL path (``endpoint``), normalised body and test id (when the
    rules include it); raw HTTP: URL, method, normalised payload, test id; tools:
    provider, tool name, kwargs.
    """
    kind = hash_kind(request)
    if kind == HashKind.TOOL:
        return tool_object(request.get("provider"), request.get("tool_name"), request.get("kwargs"))
    if kind == HashKind.HTTP:
        return http_object(request["url"], str(request.get("method") or "POST"), request.get("payload"), test_id, rules)
    if kind == HashKind.INFERENCE:
        return inference_object(str(request.get("method") or "POST"), request["url"], request.get("body", {}), test_id, rules)
    return None


def hashes_test_id(request: Any, rules: RuleSet = NEWEST) -> bool:
    """Whether the recorder under ``rules`` puts a test id into this request's hash.

    False for a shared model list (ogx 1.5.0 hashes ``api.openai.com`` model lists with a
    ``null`` test id), a tool invocation, and every request under a profile that never
    hashed test ids: then every test computes the same hash for it.
    """
    kind = hash_kind(request)
    if kind == HashKind.TOOL:
        return False
    if kind == HashKind.HTTP:
        return rules.test_id != "none"
    if kind == HashKind.INFERENCE:
        try:
            parsed = urlparse(request["url"])
            host = parsed.hostname
        except ValueError:
            return True
        include, value = _test_id_for(rules, parsed.path, host, "a test")
        return include and value is not None
    return True  # no hash at all: nothing to share


def _model_id(item: Any, ollama: bool) -> Any:
    if isinstance(item, dict):
        data = item.get("__data__", item)
        if isinstance(data, dict):
            if ollama:
                return data.get("model")
            return data.get("id")
    return None


def model_list_digest(response_body: Any, *, legacy: bool = False) -> str | None:
    """``sha256("|".join(sorted(set(ids))))[:8]`` over the models of a model-list body.

    ``legacy`` reads the ``model`` of Ollama ``/api/tags`` entries, as older recorders did.
    """
    ids: list[str]
    if isinstance(response_body, dict) and not legacy:
        data = response_body.get("__data__", response_body)
        if isinstance(data, dict) and "model_id" in data:
            ids = [str(data["model_id"])]
        elif isinstance(data, dict) and isinstance(data.get("models"), list):
            ids = [str(m) for m in (_model_id(x, True) for x in data["models"]) if m is not None]
        else:
            return None
    elif isinstance(response_body, dict) and legacy:
        data = response_body.get("__data__", response_body)
        models = data.get("models") if isinstance(data, dict) else None
        if not isinstance(models, list):
            return None
        ids = [str(m) for m in (_model_id(x, True) for x in models) if m is not None]
    elif isinstance(response_body, list):
        raw = [_model_id(x, False) for x in response_body]
        if any(r is None for r in raw):
            return None
        ids = [str(r) for r in raw]
    else:
        return None
    try:
        joined = "|".join(sorted(set(ids))).encode()
    except UnicodeEncodeError:  # a lone surrogate (a "\ud800" escape): the recorder could not name it either
        return None
    return hashlib.sha256(joined).hexdigest()[:8]


_NAME_RE = re.compile(r"^(?:models-)?([0-9a-f]{64}|[0-9a-f]{12})(?:-([0-9a-f]{8}))?\.json$")


def parse_file_name(name: str) -> tuple[str | None, str | None]:
    """The hash and (for model lists) the digest a file name carries."""
    m = _NAME_RE.match(name)
    if not m:
        return None, None
    return m.group(1), m.group(2)


def hash_info(file_name: str, request: Any, test_id: str | None, target: RuleSet = NEWEST) -> HashInfo:
    """Compare a file name with what each rule set computes for its request.

    ``status`` is ``ok`` when ``target`` (the newest rules unless the user pins
    another) reproduces the name, ``legacy-rule`` when only another rule set
    does, ``mismatch`` when none does, ``unknown`` when no rule applies.
    """
    name, _digest = parse_file_name(file_name)
    kind = hash_kind(request)
    if kind == HashKind.NONE:
        reason = "no hash rule for this kind of request"
        return HashInfo(name, None, "unknown", None, reason)
    memo: dict[tuple[str, ...], Any] = {}  # shared by the rule sets tried below

    def compute(rules: RuleSet) -> str | None:
        return request_hash(request, test_id, rules, _memo=memo)

    try:
        computed = compute(target)
        if computed is not None and target.prefix != 64:
            computed = compute(NEWEST)
        if name is None:
            return HashInfo(None, computed, "unknown", None, "file name is not a request hash")
        if len(name) == 64:
            same = computed if target.prefix == 64 else compute(target)
            if name == same:
                return HashInfo(name, computed, "ok", target.name)
            for rules in RULE_SETS:
                if rules.prefix == 64 and rules is not target and name == compute(rules):
                    return HashInfo(name, computed, "legacy-rule", rules.name)
        else:
            # 12-character names: the 2025-07 layout first, then any rule's prefix.
            ordered = sorted(RULE_SETS, key=lambda r: r.prefix != len(name))
            for rules in ordered:
                full = compute(_full_width(rules))
                if full is not None and full.startswith(name):
                    status = "ok" if rules is target else "legacy-rule"
                    return HashInfo(name, computed, status, rules.name)
        return HashInfo(name, computed, "mismatch", None)
    except (RecursionError, TypeError, ValueError) as exc:
        return HashInfo(name, None, "unknown", None, f"cannot hash request: {exc}")


def _full_width(rules: RuleSet) -> RuleSet:
    if rules.prefix == 64:
        return rules
    return replace(rules, prefix=64)
