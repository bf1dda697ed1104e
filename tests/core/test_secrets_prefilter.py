"""The secrets scan's fast no (``_may_contain``) never hides a credential the full walk finds."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core.recording import secrets
from inspector.core.recording.secrets import scan_value
from tests.core.test_secrets import CASES

# Fragments that make credentials, near-misses and the case traps of lower-casing bytes.
FRAGMENTS = [text for _, text in CASES] + [
    "AIza", "aiza", "ASIA", "asia", "AKIA", "Authorization", "API_\u212aEY", "\u0130", "\u212a",
    "Bearer ", "bearer", "token=", "Token=", "secret", "SECRET", "passw", "pwd=", "private_key",
    "sk-", "://u:p@h", "x" * 20, "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2", "é", "日本", "=", "-", "_",
]  # fmt: skip
KEYS = st.sampled_from(["Authorization", "api_key", "X-Api-Key", "password", "client_secret", "content", "id", "API_\u212aEY"])
TEXT = st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("".join)
JSON: Any = st.recursive(
    TEXT | st.integers() | st.none(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS | TEXT, inner, max_size=4),
    max_leaves=12,
)


def _walked(value: Any) -> list[tuple[str, str, str]]:
    """What the walk alone finds (no fast no), deduplicated as scan_value does."""
    out: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for f in secrets._walk(value, ()):
        if (f.path, f.masked) not in seen:  # one secret seen twice at a path, whatever it matched as
            seen.add((f.path, f.masked))
            out.append((f.kind, f.path, f.masked))
    return out


@settings(max_examples=400, deadline=None)
@given(JSON)
def test_the_fast_no_never_hides_a_finding(value: Any) -> None:
    found = [(f.kind, f.path, f.masked) for f in scan_value(value)]
    assert found == _walked(value)


def test_each_credential_kind_gets_past_the_fast_no() -> None:
    for kind, text in CASES:
        assert [f.kind for f in scan_value({"content": text})] == [kind], text


def test_lower_case_aws_and_google_prefixes_are_ordinary_text() -> None:
    # base64 and prose are full of them: they must not cost a walk over every string
    assert not secrets._may_contain({"embedding": "QUFBaizaYXNpYWFraWE=", "text": "travel in asia"})


def test_a_kelvin_sign_key_is_still_a_secret_key() -> None:
    # "API_\u212aEY".lower() is "api_key": lower-casing the bytes alone would miss it
    assert [f.kind for f in scan_value({"API_\u212aEY": "Zx9Yw8Vu7Ts6Rq5Po4"})] == ["value of API_\u212aEY"]


def test_every_literal_is_filed_under_one_anchor() -> None:
    filed = [lit for _, lits in secrets._ANCHORED for lit, _ in lits]
    assert sorted(filed) == sorted(lit.encode() for lit in secrets._LITERALS)


LITERAL_TEXT = st.lists(
    st.sampled_from([*secrets._LITERALS, "token", "tok", "key", "ke", "_", "-", "=", "x", "auth", "pass"]), max_size=8
).map("".join)


@settings(max_examples=400, deadline=None)
@given(LITERAL_TEXT)
def test_the_anchored_search_finds_what_a_search_per_literal_finds(text: str) -> None:
    assert secrets._holds_literal(text.encode()) == any(lit in text for lit in secrets._LITERALS)
