"""Checking a tool call's arguments against the JSON schema the request offered.

A small validator for the part of JSON Schema that tool definitions use
(``type``, ``properties``, ``required``, ``additionalProperties``, ``enum``,
``items``, ``anyOf``/``oneOf``), so a replayed tool call can be flagged when the
model produced invalid JSON, left out a required argument or invented one.  It
never raises for a strange schema: what it does not understand it does not check.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

__all__ = ["ArgumentIssue", "ArgumentCheck", "check_arguments"]

_TYPE_CHECKS: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool)
    or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "null": lambda v: v is None,
}

# Deep argument trees are checked only this far: enough for any real tool call.
_MAX_DEPTH = 32


@dataclass(frozen=True, slots=True)
class ArgumentIssue:
    """One thing wrong with a tool call's arguments.

    ``code`` is one of ``invalid-json``, ``not-object``, ``missing-required``,
    ``unknown-property``, ``wrong-type``, ``not-in-enum``; ``path`` is where
    (``$`` for the whole arguments object, ``$.city``, ``$.items[2]``).
    """

    code: str
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class ArgumentCheck:
    """The result of checking one tool call: the parsed value (if any) and its issues."""

    value: Any
    parsed: bool
    issues: tuple[ArgumentIssue, ...]
    schema_known: bool  # False when the request offered no schema for this tool

    @property
    def ok(self) -> bool:
        return self.parsed and not self.issues

    def pretty(self, indent: int = 2) -> str:
        """The arguments pretty-printed (the raw text when they are not JSON)."""
        if not self.parsed:
            return ""
        return json.dumps(self.value, indent=indent, ensure_ascii=False)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _types_of(schema: dict[str, Any]) -> list[str]:
    t = schema.get("type")
    if isinstance(t, str):
        return [t.lower()]
    if isinstance(t, list):
        return [x.lower() for x in t if isinstance(x, str)]
    return []


def _check(value: Any, schema: Any, path: str, out: list[ArgumentIssue], depth: int) -> None:
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            # Passing any one alternative is enough; report the closest when none pass.
            attempts: list[list[ArgumentIssue]] = []
            for option in options:
                found: list[ArgumentIssue] = []
                _check(value, option, path, found, depth + 1)
                if not found:
                    break
                attempts.append(found)
            else:
                out.extend(min(attempts, key=len))
                return
    types = _types_of(schema)
    known = [t for t in types if t in _TYPE_CHECKS]
    if known and not any(_TYPE_CHECKS[t](value) for t in known):
        want = " or ".join(known)
        out.append(ArgumentIssue("wrong-type", path, f"{path} should be {want}, got {_json_type(value)}"))
        return
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and value not in enum:
        shown = ", ".join(json.dumps(e) for e in enum[:8]) + (", …" if len(enum) > 8 else "")
        out.append(ArgumentIssue("not-in-enum", path, f"{path} is {json.dumps(value)}, not one of {shown}"))
    if isinstance(value, dict):
        _check_object(value, schema, path, out, depth)
    elif isinstance(value, list):
        items = schema.get("items")
        if isinstance(items, dict):
            for i, item in enumerate(value):
                _check(item, items, f"{path}[{i}]", out, depth + 1)


def _check_object(value: dict[str, Any], schema: dict[str, Any], path: str, out: list[ArgumentIssue], depth: int) -> None:
    props = schema.get("properties")
    props = props if isinstance(props, dict) else {}
    required = schema.get("required")
    for name in required if isinstance(required, list) else []:
        if isinstance(name, str) and name not in value:
            out.append(ArgumentIssue("missing-required", _join(path, name), f"missing required {_join(path, name)}"))
    additional = schema.get("additionalProperties")
    # Tool schemas rarely say additionalProperties; a property the schema never
    # mentions is still almost always a model mistake, so flag it unless allowed.
    allow_unknown = additional is True or isinstance(additional, dict) or not props
    for name, item in value.items():
        sub = props.get(name)
        if sub is not None:
            _check(item, sub, _join(path, name), out, depth + 1)
        elif isinstance(additional, dict):
            _check(item, additional, _join(path, name), out, depth + 1)
        elif not allow_unknown:
            out.append(ArgumentIssue("unknown-property", _join(path, name), f"unknown property {_join(path, name)}"))


def _join(path: str, name: str) -> str:
    if name.isidentifier():
        return f"{path}.{name}"
    return f"{path}[{json.dumps(name)}]"


def check_arguments(arguments: str | dict[str, Any] | None, schema: dict[str, Any] | None) -> ArgumentCheck:
    """Parse a tool call's ``arguments`` and check them against ``schema``.

    ``arguments`` is the JSON text a stream assembles (an already-decoded dict is
    accepted too).  An empty string counts as ``{}``: several providers send no
    arguments for a tool without parameters.
    """
    if isinstance(arguments, dict):
        value: Any = arguments
    else:
        text = (arguments or "").strip()
        if not text:
            value = {}
        else:
            try:
                value = json.loads(text)
            except (ValueError, RecursionError) as exc:
                msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                where = f" at line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
                issue = ArgumentIssue("invalid-json", "$", f"invalid JSON: {msg}{where}")
                return ArgumentCheck(None, False, (issue,), schema is not None)
    issues: list[ArgumentIssue] = []
    if not isinstance(value, dict):
        issues.append(ArgumentIssue("not-object", "$", f"arguments are a JSON {_json_type(value)}, expected an object"))
    elif schema is not None:
        with contextlib.suppress(RecursionError):  # depth is capped; this is belt and braces
            _check(value, schema, "$", issues, 0)
    return ArgumentCheck(value, True, tuple(issues), schema is not None)
