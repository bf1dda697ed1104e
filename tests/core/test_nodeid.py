"""One node-id parser: the recorder's file (before the first ``::``), names, then parameters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inspector.core.export import to_pytest
from inspector.core.index.grouping import parse_test_id
from inspector.core.rules.nodeid import parse_node_id, split_node_id, test_file_of, test_function

_name = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)
_file = st.from_regex(r"tests/([a-z_]{1,6}/){0,2}test_[a-z]{1,6}\.py", fullmatch=True)
_params = st.none() | st.text(alphabet=st.characters(blacklist_characters="\n"), max_size=20)


@given(_file, st.lists(_name, min_size=1, max_size=3), _params)
def test_split_is_the_inverse_of_joining(file: str, names: list[str], params: str | None) -> None:
    test_id = f"{file}::{'::'.join(names)}" + (f"[{params}]" if params is not None else "")
    nid = split_node_id(test_id)
    assert (nid.file, nid.names, nid.params) == (file, tuple(names), params)
    assert f"{nid.file}::{nid.test}" == test_id
    # the recorder keeps a test's recordings beside the part before the first "::"
    assert str(test_file_of(test_id)) == test_id.split("::")[0] == nid.file


def test_a_double_colon_inside_the_parameters_splits_no_name() -> None:
    nid = split_node_id("tests/a/test_b.py::test_c[x::y]")
    assert (nid.file, nid.names, nid.params) == ("tests/a/test_b.py", ("test_c",), "x::y")
    assert test_function("tests/a/test_b.py::test_c[x::y]") == "tests/a/test_b.py::test_c"


def test_every_caller_splits_alike() -> None:
    test_id = "tests/integration/inference/test_x.py::TestC::test_d[a::b]"
    grouped = parse_test_id(test_id)
    assert (grouped.file, grouped.test, grouped.params) == ("test_x.py", "TestC::test_d", "a::b")
    nid = parse_node_id(test_id)
    assert nid is not None and nid.classes == ("TestC",) and nid.function == "test_d"


def test_unclosed_parameters_are_still_parameters() -> None:
    # grouping used to keep "test_d[abc" whole as the test's name; now it splits as everywhere else
    assert parse_test_id("tests/integration/x/test_a.py::test_d[abc").test == "test_d"
    assert split_node_id("tests/integration/x/test_a.py::test_d[abc").params == "abc"


def test_the_pytest_export_names_the_test_from_the_same_split(tmp_path) -> None:
    from inspector.core import load
    from inspector.testing.factories import write_chat

    path = write_chat(tmp_path, test_id="tests/integration/x/test_a.py::TestK::test_k[p::q]")
    code = to_pytest(load(path))
    assert "class TestK" in code and "def test_k(" in code
