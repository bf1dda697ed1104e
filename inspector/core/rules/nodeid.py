"""A pytest node id split up, the one way every part of the tool splits it.

``tests/integration/inference/test_x.py::TestC::test_d[openai_client-txt=m]``: the file is what comes
before the first ``::`` (the recorder keeps recordings beside it: ogx 1.5.0's ``api_recorder`` takes
``test_id.split("::")[0]``); in the rest the parameters start at the first ``[``, so a ``::`` inside
them never splits a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

__all__ = ["NodeId", "split_node_id", "parse_node_id", "test_file_of", "test_function"]


@dataclass(frozen=True, slots=True)
class NodeId:
    """A pytest node id split up: ``file::Class::function[params]``.

    ``file`` is empty when the id has no ``::`` (then ``names`` holds the whole id, less any params).
    """

    file: str
    names: tuple[str, ...]  # ("TestClass", "test_method") or ("test_function",)
    params: str | None  # the text inside [...]; a missing closing bracket is forgiven

    @property
    def qualname(self) -> str:
        """``TestClass::test_method`` or ``test_function``."""
        return "::".join(self.names)

    @property
    def test(self) -> str:
        """What follows the file: ``TestClass::test_method[params]``."""
        return self.qualname + (f"[{self.params}]" if self.params is not None else "")

    @property
    def function(self) -> str:
        """The test function's name (the last name)."""
        return self.names[-1] if self.names else ""

    @property
    def classes(self) -> tuple[str, ...]:
        """The classes the function is nested in, outermost first."""
        return self.names[:-1]


def split_node_id(test_id: str) -> NodeId:
    """Split any text as a node id; never fails (see :func:`parse_node_id` for the strict form)."""
    file, sep, rest = test_id.partition("::")  # the recorder splits at the first "::" too
    if not sep:
        file, rest = "", test_id
    head, bracket, params = rest.partition("[")
    names = tuple(head.split("::")) if head else ()
    return NodeId(file, names, (params[:-1] if params.endswith("]") else params) if bracket else None)


def parse_node_id(test_id: str) -> NodeId | None:
    """The split of ``file.py::name…``; ``None`` when the text is not such a node id."""
    nid = split_node_id(test_id)
    if not nid.file or not nid.names or not all(nid.names):
        return None
    return nid


def test_file_of(test_id: str | None) -> PurePosixPath | None:
    """The test file of a node id (``a/test_b.py::C::d[x]`` → ``a/test_b.py``), as the recorder takes it."""
    if not test_id:
        return None
    head = test_id.split("::", 1)[0].strip()
    return PurePosixPath(head) if head else None


def test_function(test_id: str) -> str:
    """``file::Class::function`` without the parameters: what one test owns, whatever its parameters."""
    nid = parse_node_id(test_id)
    return f"{nid.file}::{nid.qualname}" if nid else test_id.split("[", 1)[0]


# pytest collects module-level names starting with "test"; these are not tests
test_file_of.__test__ = False  # type: ignore[attr-defined]
test_function.__test__ = False  # type: ignore[attr-defined]
