"""Paths as the terminal shows them: a hash name is cut, a model list's digest never."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inspector.render.paths import short_name, short_path

HEX = "0123456789abcdef"
hashes = st.text(alphabet=HEX, min_size=64, max_size=64)
digests = st.text(alphabet=HEX, min_size=8, max_size=8)


def test_the_recorders_names_are_cut_in_the_hash() -> None:
    h = "0037f" + "1" * 59
    assert short_name(f"{h}.json") == "0037f1111111….json"
    assert short_name(f"models-{h}-0da7d1b1.json") == "models-0037f1111111…-0da7d1b1.json"
    assert short_path(f"inference/recordings/models-{h}-fb68f5a6.json") == "inference/recordings/models-0037f1111111…-fb68f5a6.json"
    assert short_name("my-own-fixture-with-a-long-name.json") == "my-own-fixture-with-a-long-name.json"  # not a hash: whole


@given(h=hashes, a=digests, b=digests, keep=st.integers(1, 20))
def test_model_lists_of_one_request_stay_apart(h: str, a: str, b: str, keep: int) -> None:
    """Two names the recorder can write for one request never shorten to the same text."""
    first, second = short_name(f"models-{h}-{a}.json", keep), short_name(f"models-{h}-{b}.json", keep)
    assert (first == second) == (a == b)
    assert first.endswith(f"-{a}.json") and len(first) < len(f"models-{h}-{a}.json")
