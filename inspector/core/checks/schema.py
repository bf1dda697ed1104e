"""Checking values against the JSON Schemas a request carries, with ``jsonschema``.

Two places in a recording hold a schema: the tools a request offers (each tool's
parameters, which a tool call's assembled arguments must meet) and a structured
answer's format (``response_format: {"type": "json_schema"}``, the Responses
API's ``text.format``, Ollama's ``format``), which the answer's text must meet.
:func:`check_arguments` and :func:`check_answer` check one value;
:func:`schema_issues` lists every break in a recording, for ``check``
(``tool-args-schema``, ``response-schema``), the Replay tab and the notebook.

The schema's dialect is its ``$schema`` (draft 2020-12 when it names none; draft 7
and the others ``jsonschema`` knows are honoured); ``$ref``/``$defs`` resolve inside
the schema only (a registry that retrieves nothing: no network); ``format`` is not
asserted.  A schema that is itself broken, or whose ``$ref`` points outside it, is
reported as such (``schema_error``), never raised.  ``jsonschema`` is imported on
first use, so start-up does not pay for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from inspector.core.base.jsonio import json_problem
from inspector.core.base.jsonpath import format_step, json_type

if TYPE_CHECKING:
    from inspector.core.recording.loading import Recording

__all__ = ["ArgumentIssue", "ArgumentCheck", "SchemaIssue", "check_arguments", "check_answer", "answer_schema", "requested_schema", "schema_issues"]

@dataclass(frozen=True, slots=True)
class ArgumentIssue:
    """One thing wrong with a tool call's arguments.

    ``code`` is ``invalid-json``, ``not-object`` or the JSON Schema keyword that
    failed (``required``, ``type``, ``enum``, ``additionalProperties``, ``minimum``…);
    ``path`` is where (``$`` for the whole value, ``$.city``, ``$.items[2]``).
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
    schema_error: str | None = None  # the schema itself cannot be used (then nothing was checked)

    @property
    def ok(self) -> bool:
        return self.parsed and not self.issues

    def pretty(self, indent: int = 2) -> str:
        """The arguments pretty-printed (the raw text when they are not JSON)."""
        if not self.parsed:
            return ""
        return json.dumps(self.value, indent=indent, ensure_ascii=False)


_MAX_ISSUES = 20  # per value: enough to fix it, bounded for a pathological schema


def _path(parts: Any) -> str:
    """A place in the validated value, as JSON Schema tools write it: ``$.people[1].age``."""
    return "$" + "".join(format_step(p) for p in parts)


@lru_cache(maxsize=256)
def _validator(schema_text: str) -> Any:
    """A validator for a schema (given as its JSON text, so equal schemas share one), or the reason there is none."""
    from jsonschema import exceptions, validators
    from referencing import Registry

    schema = json.loads(schema_text)
    try:
        cls = validators.validator_for(schema, default=validators.Draft202012Validator)
        cls.check_schema(schema)
    except exceptions.SchemaError as exc:
        return f"the schema is not valid JSON Schema: {exc.message}"
    except (TypeError, ValueError, RecursionError) as exc:
        return f"the schema cannot be read: {exc}"
    # An empty registry that retrieves nothing: $ref resolves inside the schema or fails.
    return cls(schema, registry=Registry())


_OPENAPI_TYPES = frozenset({"STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL"})


def _openapi_types(schema: Any, depth: int = 0) -> Any:
    """Gemini's ``Schema`` (an OpenAPI subset) spells types in capitals (``"STRING"``); read as JSON Schema."""
    if depth > 64:
        return schema
    if isinstance(schema, dict):
        out = {k: _openapi_types(v, depth + 1) for k, v in schema.items()}
        t = out.get("type")
        if isinstance(t, str) and t in _OPENAPI_TYPES:
            out["type"] = t.lower()
        return out
    if isinstance(schema, list):
        return [_openapi_types(v, depth + 1) for v in schema]
    return schema


def _validate(value: Any, schema: Any) -> tuple[list[ArgumentIssue], str | None]:
    """The issues of ``value`` against ``schema``, and why the schema could not be used."""
    if schema is True or schema == {}:
        return [], None
    try:
        text = json.dumps(schema, sort_keys=True)
        if '"type": "' in text and any(f'"type": "{t}"' in text for t in _OPENAPI_TYPES):
            text = json.dumps(_openapi_types(schema), sort_keys=True)
    except (TypeError, ValueError, RecursionError):
        return [], "the schema is not JSON"
    validator = _validator(text)
    if isinstance(validator, str):
        return [], validator
    from referencing.exceptions import Unresolvable

    issues: list[ArgumentIssue] = []
    try:
        for err in validator.iter_errors(value):
            if len(issues) >= _MAX_ISSUES:
                break
            parts = list(err.absolute_path)
            if err.validator == "required" and isinstance(err.validator_value, list):
                # "'city' is a required property": point at the missing property, not its parent
                missing = [n for n in err.validator_value if isinstance(n, str) and repr(n) in err.message]
                parts += missing[:1]
            where = _path(parts)
            # where in the schema the rule was met (a $ref's target counts as where the $ref is)
            at = "/".join(str(p) for p in list(err.absolute_schema_path)[:-1]) or "the top level"
            rule = f"rule {err.validator}, schema {at}"
            issues.append(ArgumentIssue(str(err.validator), where, f"{where}: {err.message} ({rule})"))
        issues.sort(key=lambda i: (i.path, i.code))
    except Unresolvable as exc:
        return [], f"the schema's $ref cannot be resolved inside it: {exc}"
    except RecursionError:
        return [], "the schema or the value is nested too deeply to check"
    return issues, None


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
                msg = json_problem(exc) if isinstance(exc, json.JSONDecodeError) else str(exc)
                where = f" at line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
                issue = ArgumentIssue("invalid-json", "$", f"invalid JSON: {msg}{where}")
                return ArgumentCheck(None, False, (issue,), schema is not None)
    issues: list[ArgumentIssue] = []
    error = None
    if not isinstance(value, dict):
        issues.append(ArgumentIssue("not-object", "$", f"arguments are a JSON {json_type(value)}, expected an object"))
    elif schema is not None:
        issues, error = _validate(value, schema)
    return ArgumentCheck(value, True, tuple(issues), schema is not None, error)


def check_answer(text: str, schema: Any) -> ArgumentCheck:
    """Parse a structured answer's ``text`` and check it against the requested ``schema``."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        msg = json_problem(exc) if isinstance(exc, json.JSONDecodeError) else str(exc)
        return ArgumentCheck(None, False, (ArgumentIssue("invalid-json", "$", f"the answer is not JSON: {msg}"),), True)
    issues, error = _validate(value, schema)
    return ArgumentCheck(value, True, tuple(issues), True, error)


def answer_schema(body: Any) -> Any:
    """The JSON Schema a request asks the answer to meet, or None.

    OpenAI chat's ``response_format: {"type": "json_schema", "json_schema": {"schema"}}``,
    the Responses API's ``text: {"format": {"type": "json_schema", "schema"}}`` and
    Ollama's ``format`` given as a schema object.
    """
    if not isinstance(body, dict):
        return None
    rf = body.get("response_format")
    if isinstance(rf, dict) and rf.get("type") == "json_schema":
        js = rf.get("json_schema")
        if isinstance(js, dict) and isinstance(js.get("schema"), (dict, bool)):
            return js["schema"]
    text = body.get("text")
    fmt = text.get("format") if isinstance(text, dict) else None
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema" and isinstance(fmt.get("schema"), (dict, bool)):
        return fmt["schema"]
    fmt = body.get("format")
    if isinstance(fmt, dict) and ("type" in fmt or "properties" in fmt or "$ref" in fmt):
        return fmt
    return None


def requested_schema(rec: Recording) -> Any:
    """The JSON Schema ``rec``'s request asks the answer to meet (:func:`answer_schema` of its body), or None.

    The one reading of it: ``check`` (:func:`schema_issues`) and the app's Replay tab both ask here.
    """
    return answer_schema(rec.request_raw.get("body")) if rec.ok else None


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """A value in a recording that breaks its schema: ``code`` is ``tool-args-schema`` or ``response-schema``."""

    code: str
    message: str


def schema_issues(rec: Recording) -> Iterator[SchemaIssue]:
    """Every tool call (with JSON arguments) and structured answer of ``rec`` that breaks its schema.

    Arguments that are not JSON are not reported here (``stream-incomplete`` says so).
    """
    if not rec.ok or rec.is_exception:
        return
    rb = rec.rebuild
    if rb.error is not None:
        return
    tools = {t.name: t for t in rec.request.tools}
    many = len(rb.choices) > 1
    for choice in rb.choices:
        label = f"choice {choice.index}: " if many else ""
        for tc in choice.tool_calls:
            spec = tools.get(tc.name or "")
            if spec is None or spec.parameters is None:
                continue
            check = check_arguments(tc.arguments, spec.parameters)
            if not check.parsed:
                continue
            head = f"{label}tool call {tc.index} ({tc.name})"
            # (a schema that cannot be used is the tool definition's problem, not the call's:
            # the Replay tab says "not checked", check stays quiet)
            for issue in check.issues:
                yield SchemaIssue("tool-args-schema", f"{head}: {issue.message}")
    schema = requested_schema(rec)
    if schema is None:
        return
    for choice in rb.choices:
        if not choice.text.strip() or choice.tool_calls:
            continue
        label = f"choice {choice.index}: " if many else ""
        check = check_answer(choice.text, schema)
        for issue in check.issues:
            yield SchemaIssue("response-schema", f"{label}the answer breaks the requested schema: {issue.message}")
