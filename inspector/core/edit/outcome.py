"""What an edit hands back: the new document, or the reason it cannot be done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["DocumentError", "EditError", "EditOutcome"]


class EditError(ValueError):
    """An edit that cannot be made; ``reason`` is one line for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class DocumentError:
    """Why a text is not a usable recording document, with where (1-based) when known."""

    message: str
    line: int | None = None
    column: int | None = None

    def one_line(self) -> str:
        if self.line is None:
            return self.message
        return f"{self.message} at line {self.line}, column {self.column}"


@dataclass(frozen=True, slots=True)
class EditOutcome:
    """The result of an edit function: never raised, always returned.

    ``data`` is the new document (a copy sharing unchanged parts with the old one)
    or None when refused; ``reason`` says why it was refused.  ``changed`` lists
    the JSON paths that were rewritten (empty when the edit changed nothing).
    ``stored`` is the value as it is kept when it differs from what was asked
    (tool arguments re-serialised as JSON by a family that stores an object).
    """

    data: Any
    label: str = "edit"
    changed: tuple[tuple[Any, ...], ...] = ()
    reason: str | None = None
    stored: str | None = None
    document_error: DocumentError | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None

    @property
    def noop(self) -> bool:
        """True when the edit was accepted but changes nothing."""
        return self.ok and not self.changed

    @classmethod
    def refused(cls, reason: str, *, document_error: DocumentError | None = None) -> EditOutcome:
        return cls(None, label="refused", reason=reason, document_error=document_error)

    def unwrap(self) -> Any:
        """The new document, or :class:`EditError` with the reason (for scripts)."""
        if self.reason is not None:
            raise EditError(self.reason)
        return self.data
