"""Which tests a test file defines, from its syntax tree."""

from __future__ import annotations

from pathlib import Path

from inspector.core.rules.testsource import TestSourceCache, parse_node_id, read_test_source

SOURCE = """
import pytest
from helpers import *  # noqa

def test_plain():
    pass

async def test_async():
    pass

test_generated = make_test()

class Base:
    def test_from_base(self):
        pass

class TestThing(Base):
    def test_method(self):
        pass

    class TestInner:
        def test_deep(self):
            pass

class TestImported(SomeMixin):
    pass

if True:
    def test_conditional():
        pass
"""


def write(tmp_path: Path, text: str, name: str = "test_mod.py") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_parse_node_id() -> None:
    nid = parse_node_id("tests/a/test_b.py::TestC::test_d[openai_client-txt=openai/gpt-4o]")
    assert nid is not None
    assert (nid.file, nid.names, nid.params) == (
        "tests/a/test_b.py",
        ("TestC", "test_d"),
        "openai_client-txt=openai/gpt-4o",
    )
    assert parse_node_id("tests/a/test_b.py::test_d").names == ("test_d",)  # type: ignore[union-attr]
    assert parse_node_id("not a node id") is None


def test_functions_classes_and_inheritance(tmp_path: Path) -> None:
    src = read_test_source(write(tmp_path, SOURCE.replace("from helpers import *  # noqa\n", "")))
    assert src.has(("test_plain",)) is True
    assert src.has(("test_async",)) is True
    assert src.has(("test_generated",)) is True
    assert src.has(("test_conditional",)) is True
    assert src.has(("TestThing", "test_method")) is True
    assert src.has(("TestThing", "test_from_base")) is True
    assert src.has(("TestThing", "TestInner", "test_deep")) is True
    assert src.has(("test_removed",)) is False
    assert src.has(("TestThing", "test_removed")) is False
    assert src.has(("TestGone", "test_x")) is False
    # A base class from elsewhere may bring tests: cannot tell.
    assert src.has(("TestImported", "test_anything")) is None


def test_star_imports_make_module_names_uncertain(tmp_path: Path) -> None:
    src = read_test_source(write(tmp_path, SOURCE))
    assert src.has(("test_maybe_imported",)) is None
    assert src.has(("TestThing", "test_removed")) is False


def test_missing_and_broken_files(tmp_path: Path) -> None:
    assert read_test_source(tmp_path / "nope.py").has(("test_x",)) is False
    broken = read_test_source(write(tmp_path, "def test_x(:\n"))
    assert broken.error and broken.has(("test_x",)) is None


def test_cache_reads_each_file_once(tmp_path: Path) -> None:
    write(tmp_path, "def test_a():\n    pass\n")
    cache = TestSourceCache()
    assert cache.test_exists(tmp_path, "test_mod.py::test_a[x]") == (True, "")
    (tmp_path / "test_mod.py").write_text("")  # a second read would see this
    assert cache.test_exists(tmp_path, "test_mod.py::test_a") == (True, "")
    assert cache.test_exists(tmp_path, "test_mod.py::test_b") == (False, "test_mod.py has no test_b")
