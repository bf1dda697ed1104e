"""A list of JSON rows that a notebook shows as a table: the shape `changes` and `misses` share."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload


class Rows(Sequence[dict[str, Any]]):
    """Rows (the command line's JSON objects) in ``self.rows``, indexable and iterable like a list."""

    rows: list[dict[str, Any]]

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        return self.rows[i]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)
