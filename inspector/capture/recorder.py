"""The recorder modules capture knows, and how it watches one of them.

Facts from the recorders themselves (``ogx.testing.api_recorder`` of ogx 1.0–1.5 and
``llama_stack.testing.api_recorder`` of llama-stack 0.7; see the capture docs for the list
checked):

- Every request hash comes from one of three module-level functions,
  ``normalize_inference_request(method, url, headers, body)``,
  ``normalize_http_request(url, method, payload)`` and
  ``normalize_tool_request(provider_name, tool_name, kwargs)``.  The patched client methods
  call them by their global name at call time, so a wrapper set on the module attribute
  sees every request, also after the clients were patched.
- Every lookup goes through ``ResponseStorage.find_recording(hash)``, except model lists:
  ``ResponseStorage._model_list_responses(hash)`` (every ``models-<hash>-*.json``).  Replay
  looks in ``_get_test_dir()`` (the test's ``recordings/``), then ``base_dir/recordings``.
- The mode in force is the module's ``_current_mode``; in replay, nothing found means the
  test is about to get a ``RuntimeError`` (which it may catch, so the error is no signal).
- The test id is the ``ContextVar`` behind the module's ``get_test_context()``; the hash of
  a shared model list leaves it out (by rules that changed between releases, so
  :meth:`RecorderWatch._hash_test_id` asks the recorder's own function instead of knowing them).

A module that lacks a hook point or has a different signature is not watched at all
(:func:`unknown_parts` names what differs): capture says so once and the run goes on.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol
from urllib.parse import urlparse

from .settings import RECORDER_MODULES

#: The recorder modules, newest name first.
KNOWN_MODULES = RECORDER_MODULES

#: Module-level hash functions -> (kind of request, parameter names).
HASH_FUNCTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "normalize_inference_request": ("inference", ("method", "url", "headers", "body")),
    "normalize_http_request": ("http", ("url", "method", "payload")),
    "normalize_tool_request": ("tool", ("provider_name", "tool_name", "kwargs")),
}

#: ``ResponseStorage`` methods -> parameter names.
STORAGE_METHODS: dict[str, tuple[str, ...]] = {
    "find_recording": ("self", "request_hash"),
    "_model_list_responses": ("self", "request_hash"),
    "_get_test_dir": ("self",),
}

#: Set on every wrapper (the wrapped original): a second watch never wraps twice.
MARK = "__recording_inspector_original__"

# Requests remembered between their hash and their lookup (the same call, microseconds
# apart); a bound keeps a long run from holding every body it ever sent.
_PENDING_LIMIT = 1024


class Sink(Protocol):
    """Where a watch reports what it saw (the process's :class:`~inspector.capture.session.Capture`)."""

    def read(self, request_hash: str, files: list[str], test_id: str | None) -> None:
        """A lookup found recordings: the files that served it, in the order replay read them."""

    def miss(self, request_hash: str, *, kind: str, test_id: str | None, request: dict[str, Any], looked_in: list[str], recorder: str, module: str) -> None:
        """A lookup in replay mode found nothing."""

    def problem(self, message: str, key: str | None = None) -> None:
        """Something went wrong inside capture; the run must go on (one line, once per ``key``)."""


def recorder_label(module_name: str) -> str:
    """The distribution and version that provide ``module_name``: ``"ogx 1.5.0"``."""
    root = module_name.split(".", 1)[0]
    for candidate in dict.fromkeys((root, root.replace("_", "-"))):
        try:
            dist = metadata.distribution(candidate)
        except metadata.PackageNotFoundError:
            continue
        return f"{dist.metadata['Name'] or candidate} {dist.version}"
    return f"{root} (version unknown)"


def _parameters(func: Any) -> tuple[str, ...] | None:
    try:
        return tuple(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        return None


def unknown_parts(module: ModuleType) -> list[str]:
    """What ``module`` lacks or has changed of the hook points capture relies on (empty: known)."""
    missing: list[str] = []
    for name, (_kind, params) in HASH_FUNCTIONS.items():
        func = getattr(module, name, None)
        if not callable(func) or _parameters(func) != params:
            missing.append(f"{name}({', '.join(params)})")
    storage = getattr(module, "ResponseStorage", None)
    if not isinstance(storage, type):
        missing.append("ResponseStorage")
    else:
        for name, params in STORAGE_METHODS.items():
            method = getattr(storage, name, None)
            if not callable(method) or _parameters(method) != params:
                missing.append(f"ResponseStorage.{name}({', '.join(params)})")
        init_params = _parameters(storage.__init__) or ()
        if "base_dir" not in init_params:
            missing.append("ResponseStorage(base_dir)")
    if not hasattr(module, "_current_mode"):
        missing.append("_current_mode")
    if not callable(getattr(module, "get_test_context", None)):
        missing.append("get_test_context()")
    return missing


@dataclass
class _Pending:
    """A request between its hash and its lookup."""

    kind: str
    request_hash: str
    original: Callable[..., str]
    arguments: dict[str, Any]
    context: str | None
    endpoint: str | None
    test_id: str | None = None
    test_id_known: bool = False


def _mode_name(mode: Any) -> str:
    # A StrEnum in ogx, a plain string in tests; older enums print as "Mode.REPLAY".
    return str(getattr(mode, "value", mode) or "").lower()


def _absolute(path: Path | str) -> str:
    return os.path.abspath(os.fspath(path))


class RecorderWatch:
    """Wraps one recorder module's hash functions and lookups, and reports reads and misses to a sink."""

    def __init__(self, module: ModuleType, sink: Sink, label: str | None = None) -> None:
        self.module = module
        self.sink = sink
        self.label = label or recorder_label(module.__name__)
        self._pending: OrderedDict[str, _Pending] = OrderedDict()
        self._lock = threading.Lock()
        # The setter of the ContextVar the module reads: where get_test_context is defined.
        context_module = sys.modules.get(getattr(module.get_test_context, "__module__", "") or "")
        self._set_context = getattr(context_module, "set_test_context", None)
        self._reset_context = getattr(context_module, "reset_test_context", None)

    # --- installing ----------------------------------------------------------------------------

    def install(self) -> None:
        """Wrap every hook point not wrapped yet (a second call, or a second watch, changes nothing)."""
        for name, (kind, _params) in HASH_FUNCTIONS.items():
            self._wrap_hash(name, kind)
        storage = self.module.ResponseStorage
        self._wrap_lookup(storage, "find_recording", self._after_find)
        self._wrap_lookup(storage, "_model_list_responses", self._after_model_list)

    def _wrap_hash(self, name: str, kind: str) -> None:
        original = getattr(self.module, name)
        if getattr(original, MARK, None) is not None:
            return
        signature = inspect.signature(original)
        remember = self._remember

        @functools.wraps(original)
        def watched(*args: Any, **kwargs: Any) -> str:
            request_hash = original(*args, **kwargs)
            try:
                # The caller's frame holds the recorder's own "endpoint" (not always the URL's path).
                remember(kind, original, signature.bind(*args, **kwargs).arguments, request_hash, sys._getframe(1))
            except Exception as exc:  # noqa: BLE001 - capture must never change the run
                self._problem(exc)
            return request_hash

        setattr(watched, MARK, original)
        setattr(self.module, name, watched)

    def _wrap_lookup(self, storage: type, name: str, after: Callable[[Any, str, Any], None]) -> None:
        original = getattr(storage, name)
        if getattr(original, MARK, None) is not None:
            return

        @functools.wraps(original)
        def watched(this: Any, request_hash: str, *args: Any, **kwargs: Any) -> Any:
            result = original(this, request_hash, *args, **kwargs)
            try:
                after(this, request_hash, result)
            except Exception as exc:  # noqa: BLE001 - capture must never change the run
                self._problem(exc)
            return result

        setattr(watched, MARK, original)
        setattr(storage, name, watched)

    def _problem(self, exc: BaseException) -> None:
        self.sink.problem(
            f"recording-inspector: capture failed inside {self.module.__name__} ({type(exc).__name__}: {exc}); the run is unchanged",
            key="capture-error",
        )

    # --- hashes --------------------------------------------------------------------------------

    def _remember(self, kind: str, original: Callable[..., str], arguments: dict[str, Any], request_hash: str, caller: Any) -> None:
        endpoint = None
        if kind == "inference":
            value = caller.f_locals.get("endpoint")
            url_path = urlparse(str(arguments.get("url", ""))).path
            if isinstance(value, str) and value.startswith("/") and url_path.endswith(value):
                endpoint = value
        pending = _Pending(kind, request_hash, original, dict(arguments), self.module.get_test_context(), endpoint)
        with self._lock:
            self._pending[request_hash] = pending
            self._pending.move_to_end(request_hash)
            while len(self._pending) > _PENDING_LIMIT:
                self._pending.popitem(last=False)

    def _pending_for(self, request_hash: str) -> _Pending | None:
        with self._lock:
            return self._pending.get(request_hash)

    def _hash_test_id(self, pending: _Pending) -> str | None:
        """The test id that went into the hash: the context, unless the recorder left it out."""
        if not pending.test_id_known:
            pending.test_id = self._compute_hash_test_id(pending)
            pending.test_id_known = True
        return pending.test_id

    def _compute_hash_test_id(self, pending: _Pending) -> str | None:
        if pending.kind == "tool":
            return None  # a tool call's hash has no test id
        if pending.kind != "inference" or not pending.context:
            return pending.context
        if self._set_context is None or self._reset_context is None:
            return pending.context
        # Shared model lists hash without the test id, by rules that changed between releases:
        # the recorder's own function, run again with no test in force, tells.
        token = self._set_context(None)
        try:
            bare = pending.original(**pending.arguments)
        finally:
            self._reset_context(token)
        return None if bare == pending.request_hash else pending.context

    # --- lookups -------------------------------------------------------------------------------

    def _replaying(self) -> bool:
        return _mode_name(getattr(self.module, "_current_mode", None)) == "replay"

    @staticmethod
    def _folders(storage: Any) -> list[str]:
        """Where replay looks, in order, as absolute folders (the test's, then the common one)."""
        folders = [_absolute(storage._get_test_dir()), _absolute(Path(storage.base_dir) / "recordings")]
        return list(dict.fromkeys(folders))

    def _after_find(self, storage: Any, request_hash: str, result: Any) -> None:
        pending = self._pending_for(request_hash)
        if pending is None:
            return  # not a request of the recorder's own (someone called the storage directly)
        folders = self._folders(storage)
        if result:
            name = f"{request_hash}.json"
            served = next((os.path.join(f, name) for f in folders if os.path.exists(os.path.join(f, name))), None)
            self.sink.read(request_hash, [served] if served else [], self._hash_test_id(pending))
        elif self._replaying():
            self._report_miss(pending, pending.kind, folders)

    def _after_model_list(self, storage: Any, request_hash: str, result: Any) -> None:
        pending = self._pending_for(request_hash)
        if pending is None:
            return
        folders = self._folders(storage)
        pattern = f"models-{request_hash}-*.json"
        if result:
            files = [_absolute(p) for f in folders if os.path.isdir(f) for p in Path(f).glob(pattern)]
            self.sink.read(request_hash, list(dict.fromkeys(files)), self._hash_test_id(pending))
        elif self._replaying():
            self._report_miss(pending, "models", [os.path.join(f, pattern) for f in folders])

    def _report_miss(self, pending: _Pending, kind: str, looked_in: list[str]) -> None:
        self.sink.miss(
            pending.request_hash,
            kind=kind,
            test_id=self._hash_test_id(pending),
            request=request_as_recorded(pending.kind, pending.arguments, pending.context, pending.endpoint),
            looked_in=looked_in,
            recorder=self.label,
            module=self.module.__name__,
        )


def request_as_recorded(kind: str, arguments: dict[str, Any], context: str | None, endpoint: str | None = None) -> dict[str, Any]:
    """The ``request`` block the recorder would store for this call, in its key order.

    ``context`` is the test in force (what the recorder writes as a tool's or an HTTP
    call's ``test_id``); ``endpoint`` the recorder's own endpoint for an inference call
    (the URL's path when unknown).
    """
    if kind == "tool":
        return {"test_id": context, "provider": arguments["provider_name"], "tool_name": arguments["tool_name"], "kwargs": arguments["kwargs"]}
    if kind == "http":
        return {"test_id": context, "url": arguments["url"], "method": arguments["method"], "payload": arguments["payload"]}
    method, url, headers, body = arguments["method"], arguments["url"], arguments["headers"], arguments["body"]
    path = urlparse(str(url)).path
    if str(method).upper() == "GET" and path == "/info":
        # TEI's model lookup: stored without body or model (ogx 1.5).
        return {"test_id": context, "url": url, "method": method, "endpoint": "/info", "headers": headers}
    request = {
        "method": method,
        "url": url,
        "headers": headers,
        "body": body,
        "endpoint": endpoint or path,
        "model": body.get("model", "") if isinstance(body, dict) else "",
    }
    if str(url).startswith("vertexai://"):
        request["provider_metadata"] = {"provider": "vertexai"}  # what the recorder writes for google-genai
    return request
