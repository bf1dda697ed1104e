"""Reading and serialising recording JSON exactly as the recorder does.

Parsing prefers orjson (fast) and falls back to the standard library for what
orjson refuses but Python's ``json`` accepts (integers over 64 bits, NaN).
Serialising always uses the standard library: the recorder writes
``json.dump(data, f, indent=2)`` plus a newline, and only ``json`` reproduces
those bytes (``", "``/``": "`` separators, ``ensure_ascii``).
"""

from __future__ import annotations

import codecs
import json
from typing import Any

import orjson

__all__ = ["JsonError", "MAX_DEPTH", "READ_PROBLEMS", "read_problem", "too_large", "parse_bytes", "dumps_recorder", "is_recorder_bytes", "depth_exceeds", "clean_text"]

#: Nesting deeper than this is refused as "absurdly nested" (real files stay under 30).
MAX_DEPTH = 200


#: How every reason :func:`read_problem` gives starts (``check`` reports these as ``unreadable``).
READ_PROBLEMS = ("file not found", "is a directory", "permission denied", "cannot read", "file too large")


_READ_WORDS: tuple[tuple[type[OSError], str], ...] = (
    (FileNotFoundError, "file not found"),
    (IsADirectoryError, "is a directory"),
    (PermissionError, "permission denied"),
)


def read_problem(exc: OSError) -> str:
    """Why a file could not be read, in the words every reader reports it with."""
    for kind, words in _READ_WORDS:
        if isinstance(exc, kind):
            return words
    return f"cannot read: {exc.strerror or exc}"


def too_large(size: int) -> str:
    """The reason for a file over the size a reader accepts."""
    return f"file too large ({size // 1_048_576} MB)"


class JsonError(ValueError):
    """A file that is not usable JSON; ``reason`` is a one-line explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def depth_exceeds(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """Cheap structural depth check on the raw bytes (ignores brackets inside strings)."""
    depth = 0
    in_str = False
    escape = False
    for b in raw:
        if in_str:
            if escape:
                escape = False
            elif b == 0x5C:  # backslash
                escape = True
            elif b == 0x22:
                in_str = False
        elif b == 0x22:
            in_str = True
        elif b in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif b in (0x5D, 0x7D):
            depth -= 1
    return False


def json_problem(exc: json.JSONDecodeError) -> str:
    """What ``json`` says is wrong, without the "at" some of its messages end in
    ("Unterminated string starting at", "Invalid control character at"), so that the place
    can follow once.  Every JSON error the CLI, the app and check show starts from this."""
    return exc.msg.removesuffix(" at")


def json_error_text(exc: json.JSONDecodeError) -> str:
    """``Unterminated string starting at line 109, column 15``: what and where, each said once."""
    return f"{json_problem(exc)} at line {exc.lineno}, column {exc.colno}"


def parse_bytes(raw: bytes) -> Any:
    """Parse recording bytes, raising :class:`JsonError` with a readable reason."""
    # orjson validates UTF-8 and rejects NUL bytes and empty input itself, so whatever it
    # accepts would pass every check below: try it first and explain only failures.
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        msg = str(exc)
    if not raw.strip():
        raise JsonError("empty file")
    if b"\x00" in raw[:8192]:
        raise JsonError("binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JsonError(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None
    if "recursion" in msg.lower() or depth_exceeds(raw):
        raise JsonError(f"nested deeper than {MAX_DEPTH} levels")
    # orjson refuses some things json accepts (big ints, NaN); try the slow path.
    try:
        return json.loads(text)
    except RecursionError:
        raise JsonError(f"nested deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            raise JsonError(f"truncated JSON (ends at line {exc.lineno}, column {exc.colno})") from None
        raise JsonError(f"invalid JSON: {json_error_text(exc)}") from None


def dumps_recorder(data: Any) -> str:
    """Serialise ``data`` byte-for-byte as the recorder writes a file."""
    return json.dumps(data, indent=2) + "\n"


_ESCAPE_ASCII = json.encoder.encode_basestring_ascii  # json's own escaper (C), quotes included


def _json_escapes(exc: UnicodeError) -> tuple[str, int]:
    """A codec error handler: a run of non-ASCII characters as ``json.dumps`` escapes them.

    Encoding to ASCII with it runs in C over the ASCII text and calls here once per run
    (a regular expression over the decoded text costs 2.5x more).
    """
    assert isinstance(exc, UnicodeEncodeError)
    return _ESCAPE_ASCII(exc.object[exc.start : exc.end])[1:-1], exc.end


_ESCAPES = "recording-inspector-json-escapes"
codecs.register_error(_ESCAPES, _json_escapes)


def _python_float(f: float) -> bytes:
    return json.dumps(f).encode()  # repr, and NaN/Infinity as json writes them


def _with_python_floats(v: Any, fragment: Any, depth: int = 0) -> Any:
    """A copy of ``v`` whose floats orjson writes as ``repr`` does (as raw JSON fragments).

    A list of floats only (an embedding) becomes one fragment, laid out as indent=2 lays it
    out at ``depth``: one C call formats it all.
    """
    if isinstance(v, dict):
        return {k: _with_python_floats(x, fragment, depth + 1) for k, x in v.items()}
    if isinstance(v, list):
        if v and all(type(x) is float for x in v):
            inner = "\n" + "  " * (depth + 1)
            body = json.dumps(v, separators=(",", ":"))[1:-1].replace(",", "," + inner)
            return fragment(("[" + inner + body + "\n" + "  " * depth + "]").encode())
        return [_with_python_floats(x, fragment, depth + 1) for x in v]
    if isinstance(v, float):
        return fragment(_python_float(v))
    return v


def _floats_may_differ(text: bytes) -> bool:
    """Whether orjson's output ``text`` may hold a float ``repr`` writes otherwise.

    They write the same shortest digits and part only in notation: orjson writes
    ``0.00004125`` and ``2.5e-9`` where ``repr`` writes ``4.125e-05`` and ``2.5e-09``
    (tests/core/test_recorder_bytes.py holds it to that).  Either shape is rare in
    recordings, and two byte searches are much cheaper than a walk over every value.
    """
    if b"0.0000" in text:
        return True
    i = text.find(b"e-")
    while i >= 0:
        if i and text[i - 1 : i].isdigit() and text[i + 2 : i + 3].isdigit() and not text[i + 3 : i + 4].isdigit():
            return True
        i = text.find(b"e-", i + 2)
    return False


def is_recorder_bytes(data: Any, raw: bytes) -> bool:
    """Whether ``raw`` is exactly what :func:`dumps_recorder` writes for ``data`` (parsed from ``raw``).

    ``json.dumps(indent=2)`` is pure Python and costs more than everything else a check
    does, so orjson renders first: with two-space indents it writes what the recorder
    writes, except for non-ASCII text (escaped here as json escapes it) and some floats
    (:func:`_floats_may_differ`; then they go in as ``repr`` writes them, as raw
    fragments).  When the bytes match, that is the answer; when they do not, the slow
    exact comparison decides.
    """
    import orjson

    try:
        fast: bytes | None = orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
        if _floats_may_differ(fast):
            # Straight to the floats as repr writes them: finding out first whether any
            # differs is a walk over every value too, and most such files have one.
            fragment = getattr(orjson, "Fragment", None)  # orjson 3.9.10+
            fast = (
                orjson.dumps(_with_python_floats(data, fragment), option=orjson.OPT_INDENT_2) + b"\n"
                if fragment is not None
                else None
            )
    except (TypeError, orjson.JSONEncodeError, RecursionError):  # big ints, lone surrogates, NaN
        fast = None
    if fast is not None:
        if not fast.isascii():
            fast = fast.decode("utf-8").encode("ascii", _ESCAPES)
        if b"\x7f" in fast:  # DEL is ASCII, so orjson leaves it; json escapes it (only strings hold it)
            fast = fast.replace(b"\x7f", b"\\u007f")
        if fast == raw:
            return True
    try:
        return dumps_recorder(data).encode("ascii") == raw
    except (TypeError, ValueError, RecursionError):
        return False


def clean_text(text: str) -> str:
    """``text`` made safe to display: lone UTF-16 surrogates (legal in JSON) become U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
