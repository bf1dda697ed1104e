"""JSON nodes addressed by path, changed without touching the original document.

A path is a tuple of keys and list indices, e.g. ``("request", "body",
"messages", 0, "content")``, written for people as
``request.body.messages[0].content`` (keys that are not plain names are quoted:
``headers["Content-Type"]``).

Every change copies only the containers along the path and shares the rest, so
a history of document states costs little memory and an old state is never
changed by a later edit.
"""

from __future__ import annotations

import json
from typing import Any

from inspector.core.base import jsonpath
from inspector.core.base.jsonio import json_error_text, json_problem
from inspector.core.base.jsonpath import JsonPath, PathError, format_path, json_type
from inspector.core.edit.outcome import DocumentError, EditError, EditOutcome

__all__ = [
    "JsonPath",
    "DocumentError",
    "format_path",
    "parse_path",
    "get_node",
    "has_node",
    "assoc",
    "dissoc",
    "set_node",
    "delete_node",
    "parse_document",
    "parse_value",
    "replace_document",
]


def parse_path(text: str) -> JsonPath:
    """:func:`inspector.core.base.jsonpath.parse_path`, raising :class:`EditError` (what editors catch)."""
    try:
        return jsonpath.parse_path(text)
    except PathError as exc:
        raise EditError(str(exc)) from None


def _step(node: Any, part: str | int, where: JsonPath) -> Any:
    if isinstance(node, dict):
        if isinstance(part, str) and part in node:
            return node[part]
        raise EditError(f"no key {json.dumps(part) if isinstance(part, str) else part} at {format_path(where)}")
    if isinstance(node, list):
        if isinstance(part, int) and -len(node) <= part < len(node):
            return node[part]
        raise EditError(f"no item {part} at {format_path(where)} (it has {len(node)})")
    raise EditError(f"{format_path(where)} is a {_type_name(node)}, not an object or array")


def get_node(data: Any, path: JsonPath) -> Any:
    """The value at ``path``; :class:`EditError` names the first step that does not exist."""
    node = data
    for i, part in enumerate(path):
        node = _step(node, part, path[:i])
    return node


def has_node(data: Any, path: JsonPath) -> bool:
    """Whether ``path`` exists in ``data``."""
    try:
        get_node(data, path)
    except EditError:
        return False
    return True


def assoc(data: Any, path: JsonPath, value: Any, *, create: bool = True) -> Any:
    """A copy of ``data`` with ``value`` at ``path`` (containers along the path copied).

    ``create``: a missing last key of an object is added; list indices must exist,
    except that index ``len(list)`` appends.
    """
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        if not isinstance(head, str):
            raise EditError(f"an object key must be a name, not {head!r}")
        if head not in data and (rest or not create):
            raise EditError(f"no key {json.dumps(head)}")
        out = dict(data)
        out[head] = assoc(data[head], rest, value, create=create) if rest else value
        return out
    if isinstance(data, list):
        if not isinstance(head, int):
            raise EditError(f"an array index must be a number, not {head!r}")
        idx = head + len(data) if head < 0 else head
        if idx == len(data) and not rest and create:
            return [*data, value]
        if not 0 <= idx < len(data):
            raise EditError(f"no item {head} (the array has {len(data)})")
        out_list = list(data)
        out_list[idx] = assoc(data[idx], rest, value, create=create) if rest else value
        return out_list
    raise EditError(f"cannot go into a {_type_name(data)}")


def dissoc(data: Any, path: JsonPath) -> Any:
    """A copy of ``data`` without the node at ``path``."""
    if not path:
        raise EditError("cannot delete the whole document")
    parent_path, last = path[:-1], path[-1]
    parent = get_node(data, parent_path)
    if isinstance(parent, dict) and isinstance(last, str) and last in parent:
        new_parent: Any = {k: v for k, v in parent.items() if k != last}
    elif isinstance(parent, list) and isinstance(last, int) and -len(parent) <= last < len(parent):
        idx = last + len(parent) if last < 0 else last
        new_parent = parent[:idx] + parent[idx + 1 :]
    else:
        get_node(data, path)  # raises the precise "no key" message
        raise EditError(f"cannot delete {format_path(path)}")
    return assoc(data, parent_path, new_parent) if parent_path else new_parent


def set_node(data: Any, path: JsonPath | str, value: Any, *, create: bool = False) -> EditOutcome:
    """Set the JSON node at ``path`` (a tuple or ``request.body.x`` text) to ``value``.

    ``create`` also allows adding a new key to an object (or appending to an array
    with index ``len``).  The result is refused when the document would stop
    being a recording (top level must keep ``request`` and ``response``).
    """
    try:
        p = parse_path(path) if isinstance(path, str) else tuple(path)
        _check_plain(value)
        if p:
            get_node(data, p[:-1])  # names the first missing step precisely
            if not create:
                get_node(data, p)
        if has_node(data, p) and get_node(data, p) == value and type(get_node(data, p)) is type(value):
            return EditOutcome(data, label=f"set {format_path(p)}", changed=())
        new = assoc(data, p, value, create=create)
    except EditError as exc:
        return EditOutcome.refused(exc.reason)
    problem = _recording_shape(new)
    if problem:
        return EditOutcome.refused(problem)
    return EditOutcome(new, label=f"set {format_path(p)}", changed=(p,))


def delete_node(data: Any, path: JsonPath | str) -> EditOutcome:
    """Remove the JSON node at ``path`` (refused for ``request``/``response`` themselves)."""
    try:
        p = parse_path(path) if isinstance(path, str) else tuple(path)
        new = dissoc(data, p)
    except EditError as exc:
        return EditOutcome.refused(exc.reason)
    problem = _recording_shape(new)
    if problem:
        return EditOutcome.refused(problem)
    return EditOutcome(new, label=f"delete {format_path(p)}", changed=(p,))


def _check_plain(value: Any, depth: int = 0) -> None:
    if depth > 200:
        raise EditError("value nested too deeply")
    if value is None or isinstance(value, (str, bool, int)):
        return
    if isinstance(value, float):
        return  # NaN and infinities included: the recorder's json.dump writes them too
    if isinstance(value, list):
        for v in value:
            _check_plain(v, depth + 1)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise EditError(f"object keys must be strings, not {k!r}")
            _check_plain(v, depth + 1)
        return
    raise EditError(f"a {type(value).__name__} is not a JSON value")


def _recording_shape(data: Any) -> str | None:
    if not isinstance(data, dict):
        return f"not a recording: the top level must be an object, not a {_type_name(data)}"
    missing = [k for k in ("request", "response") if k not in data]
    if missing:
        return f"not a recording: the top level needs {' and '.join(missing)}"
    return None


def _type_name(value: Any) -> str:
    # people editing a document see JSON's own words: a whole number is a "number" too
    kind = json_type(value)
    return "number" if kind == "integer" else kind


def parse_value(text: str) -> Any:
    """A JSON value typed by a person (``0.5``, ``"hi"``, ``{"a": 1}``); raises :class:`EditError`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise EditError(f"not JSON: {json_error_text(exc)}") from None
    except RecursionError:
        raise EditError("not JSON: nested too deeply") from None


def parse_document(text: str | bytes) -> tuple[Any, DocumentError | None]:
    """Parse a whole edited document: ``(data, None)`` or ``(None, error with line and column)``.

    The document must be a recording: an object with ``request`` and ``response``.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, DocumentError(f"not UTF-8 (byte 0x{text[exc.start]:02x} at offset {exc.start})")
    if not text.strip():
        return None, DocumentError("the document is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = json_problem(exc)
        if exc.pos >= len(text.rstrip()):
            msg = f"unexpected end of the document ({msg})"
        return None, DocumentError(msg, exc.lineno, exc.colno)
    except RecursionError:
        return None, DocumentError("nested too deeply")
    problem = _recording_shape(data)
    if problem:
        return None, DocumentError(problem, 1, 1)
    return data, None


def replace_document(text: str | bytes) -> EditOutcome:
    """The whole document replaced by ``text`` (validated; errors carry line and column)."""
    data, error = parse_document(text)
    if error is not None:
        return EditOutcome.refused(error.one_line(), document_error=error)
    return EditOutcome(data, label="edit document", changed=((),))
