"""The endpoints and hosts the recorder treats apart: model lists and local servers.

ogx 1.5.0's ``api_recorder`` shares a model-list call across tests (no test id in its hash, a
``models-<hash>-<digest>.json`` name) unless it goes to a local server; hashing, the layout and
export all ask here.
"""

from __future__ import annotations

__all__ = ["MODEL_LIST_ENDPOINTS", "LOCAL_HOSTS", "is_shared_model_list"]

#: Request paths (``endpoint`` values) of the model lists every test shares: ``/v1/models``, TEI's ``/info``.
MODEL_LIST_ENDPOINTS = frozenset({"/v1/models", "/info"})

#: Hosts the recorder counts as a local server (``_LOCAL_MODEL_LIST_HOSTS``).
LOCAL_HOSTS = frozenset({"0.0.0.0", "127.0.0.1", "localhost"})  # noqa: S104 - compared, never bound


def is_shared_model_list(path: str, host: str | None) -> bool:
    """Whether the recorder hashes a call to ``path`` on ``host`` as a model list shared by every test."""
    return path in MODEL_LIST_ENDPOINTS or (path.endswith("/models") and host not in LOCAL_HOSTS)
