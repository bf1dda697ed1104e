"""A stand-in for ogx's recorder, small enough to run under any Python: the shape, not the code.

:func:`write_fake_ogx` writes a package ``ogx`` (with a ``.dist-info`` naming its version)
into a folder: ``ogx.core.testing_context`` holds the test id in a ``ContextVar``;
``ogx.testing.api_recorder`` has the three module-level hash functions, ``ResponseStorage``
with ``find_recording`` / ``_model_list_responses`` / ``_get_test_dir``, ``_current_mode``,
an ``api_recording(mode, storage_dir)`` context manager, and client-like functions
(``chat``, ``models``, ``tool``, ``http``) that hash, look up and raise the recorder's
``RuntimeError`` in replay, calling every hook point by its global name as ogx does.

``omit`` leaves hook points out, to make a recorder the plugin does not know.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import Path
from typing import Any

TESTING_CONTEXT = '''
from contextvars import ContextVar

TEST_CONTEXT = ContextVar("fake_test_context", default=None)


def get_test_context():
    return TEST_CONTEXT.get()


def set_test_context(value):
    return TEST_CONTEXT.set(value)


def reset_test_context(token):
    TEST_CONTEXT.reset(token)
'''

API_RECORDER = '''
import hashlib
import json
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from ogx.core.testing_context import get_test_context

_current_mode = None
_current_storage = None


def _digest(obj):
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()


def normalize_inference_request(method, url, headers, body):
    path = urlparse(url).path
    shared = path.endswith("/models")
    return _digest({"method": method.upper(), "endpoint": path, "body": body, "test_id": None if shared else get_test_context()})


def normalize_http_request(url, method, payload):
    return _digest({"test_id": get_test_context(), "url": url, "method": method.upper(), "payload": payload})


def normalize_tool_request(provider_name, tool_name, kwargs):
    return _digest({"provider": provider_name, "tool_name": tool_name, "kwargs": kwargs})


class ResponseStorage:
    def __init__(self, base_dir):
        self.base_dir = Path(base_dir)

    def _get_test_dir(self):
        test_id = get_test_context()
        if not test_id:
            return self.base_dir / "recordings"
        return self.base_dir.parent.parent.parent / Path(test_id.split("::")[0]).parent / "recordings"

    def find_recording(self, request_hash):
        for folder in (self._get_test_dir(), self.base_dir / "recordings"):
            path = folder / f"{request_hash}.json"
            if path.exists():
                return json.loads(path.read_text())
        return None

    def _model_list_responses(self, request_hash):
        found = []
        for folder in (self._get_test_dir(), self.base_dir / "recordings"):
            if folder.exists():
                found += [json.loads(p.read_text()) for p in folder.glob(f"models-{request_hash}-*.json")]
        return found


@contextmanager
def api_recording(mode, storage_dir):
    global _current_mode, _current_storage
    previous = _current_mode, _current_storage
    _current_mode, _current_storage = mode, ResponseStorage(Path(storage_dir))
    try:
        yield
    finally:
        _current_mode, _current_storage = previous


def _lookup(request_hash, what):
    recording = _current_storage.find_recording(request_hash)
    if recording:
        return recording["response"]["body"]
    if _current_mode == "replay":
        raise RuntimeError(f"Recording not found for request hash: {request_hash}\\nRequest: {what}")
    return None


def chat(url, body, endpoint="/v1/chat/completions"):
    request_hash = normalize_inference_request("POST", url, {}, body)
    return _lookup(request_hash, f"POST {url}")


def models(url, endpoint="/v1/models"):
    request_hash = normalize_inference_request("POST", url, {}, {})
    found = _current_storage._model_list_responses(request_hash)
    if found:
        return [m for rec in found for m in rec["response"]["body"]]
    if _current_mode == "replay":
        raise RuntimeError(f"Recording not found for request hash: {request_hash}\\nRequest: POST {url}")
    return None


def tool(provider, name, kwargs):
    return _lookup(normalize_tool_request(provider, name, kwargs), f"{provider}.{name}")


def http(url, payload):
    return _lookup(normalize_http_request(url, "POST", payload), f"POST {url}")
'''

VERSION = "0.0.1"


def write_fake_ogx(folder: Path, *, omit: tuple[str, ...] = (), version: str = VERSION) -> Path:
    """Write the fake ``ogx`` package (and its dist-info) into ``folder``; returns ``folder``.

    ``omit`` names top-level functions to drop from the recorder (e.g. ``normalize_tool_request``).
    """
    pkg = folder / "ogx"
    (pkg / "core").mkdir(parents=True, exist_ok=True)
    (pkg / "testing").mkdir(parents=True, exist_ok=True)
    for init in (pkg, pkg / "core", pkg / "testing"):
        (init / "__init__.py").write_text("")
    (pkg / "core" / "testing_context.py").write_text(TESTING_CONTEXT)
    source = API_RECORDER
    for name in omit:
        source = source.replace(f"def {name}(", f"def _gone_{name}(")
    (pkg / "testing" / "api_recorder.py").write_text(textwrap.dedent(source))
    info = folder / f"ogx-{version}.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: ogx\nVersion: {version}\n")
    return folder


def fake_hash(obj: dict[str, Any]) -> str:
    """The fake recorder's hash of a normalised request object (the same rule as ogx's)."""
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()


def write_recording(folder: Path, name: str, test_id: str | None, request: dict[str, Any], body: Any) -> Path:
    """A recording file the fake recorder can serve."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    doc = {"test_id": test_id, "request": request, "response": {"body": body, "is_streaming": False}, "id_normalization_mapping": {}}
    path.write_text(json.dumps(doc, indent=2) + "\n")
    return path
