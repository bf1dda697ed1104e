"""A package's public names, imported on first use: the ``__getattr__``/``__dir__`` pair of a lazy ``__init__``.

``inspector.core``, ``inspector.core.edit`` and ``inspector.core.export`` name their API in their
``__init__`` without importing it, so importing one module never imports its whole package.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(namespace: dict[str, Any], where: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for the package whose globals are ``namespace``.

    ``where`` maps each public name to the module holding it: relative to the package
    (``"recording.loading"``) or absolute (``"inspector.core.base.formatter"``).  A name is
    imported when first asked for, then kept in the package's globals.
    """
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        target = module if module.startswith("inspector.") else f"{package}.{module}"
        value = getattr(importlib.import_module(target), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *where})

    return __getattr__, __dir__
