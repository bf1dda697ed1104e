"""The fast paths of indexing give exactly what the plain definitions give.

``hash_object`` lifts long strings out before ``json.dumps``; ``_norm_string``
skips substitutions that cannot match; a listing folds stream events in one pass
instead of building the seek index.  Each is checked against the plain version.
"""

from __future__ import annotations

import hashlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core.rules import hashing, profiles
from inspector.core.streams.replay import Replay

_piece = st.sampled_from(list("ab :.{}|<>-_\"\\\n\x00\x7fé0123456789") + ["score: 0.123456", "attributes: {x}", "document_id: ", "1.234567"])
_text = st.lists(_piece, max_size=12).map("".join)
_long = st.builds(lambda s, n: s * n, _text, st.integers(0, 300))
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _text | _long,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(_json)
def test_hash_object_is_sha256_of_sorted_json(obj) -> None:
    assert hashing.hash_object(obj) == hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()


def _plain_norm_string(value: str, rules: profiles.RuleSet) -> str:
    if rules.masks:
        value = hashing._SCORE.sub("score: __NORMALIZED__", value)
        value = hashing._ATTRIBUTES.sub("", value)
        value = hashing._DOCUMENT_ID.sub("document_id: __NORMALIZED__", value)
        value = hashing._CITATION.sub("<|__NORMALIZED__|>", value)
    if rules.rounding:
        value = hashing._FLOAT_IN_STRING.sub(lambda m: f"{float(m.group(0)):.5f}", value)
    return value


_uuid = "0f8fad5b-d9cb-469f-a165-70867728950e"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["score: 0.5", "score:1e-3", ", attributes: {a: 1}", f"document_id: {_uuid}", f"<|{_uuid}|>", "3.14159265", "-2.50001", "x", " ", ":", "|", "score", "1.2345"]), max_size=8))
def test_norm_string_skips_only_what_cannot_match(parts: list[str]) -> None:
    value = "".join(parts)
    for rules in profiles.RULE_SETS:
        assert hashing._norm_string(value, rules) == _plain_norm_string(value, rules)


_key = st.sampled_from([("text", 0), ("text", 1), ("reasoning", 0), ("refusal", 0), ("finish", 0), ("role", 1), ("usage",), ("choice", 2), ("tool", 0, 0), ("tool.id", 0, 1), ("tool.name", 0, 0), ("tool.args", 0, 0), ("tool.type", 1, 0)])
_event = st.tuples(st.sampled_from(["append", "set", "first", "touch", "other"]), _key, st.text(max_size=3))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_event, max_size=5), max_size=8), st.none() | st.just("boom"))
def test_final_fold_equals_the_state_after_the_last_chunk(per_chunk, err) -> None:
    from inspector.core.base.model import RecordedError

    error = RecordedError(err) if err else None
    folded = Replay(per_chunk, error=error).final()
    seekable = Replay(per_chunk, error=error)
    st_ = seekable.state(seekable.total)
    assert folded.choices == st_.choices and folded.usage == st_.usage
    assert seekable.final() == folded


def _plain_request_hash(request, test_id, rules):
    url, body = request["url"], request["body"]
    obj = hashing.inference_object("POST", url, body, test_id, rules)
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()[: rules.prefix]


@settings(max_examples=100, deadline=None)
@given(_json, st.sampled_from(["http://0.0.0.0:11434/v1/chat/completions", "https://bedrock.example/v1/models"]), st.none() | _text)
def test_request_hash_under_every_rule_set_is_the_plain_one(body, url, test_id) -> None:
    request = {"method": "POST", "url": url, "body": body}
    for rules in profiles.RULE_SETS:
        assert hashing.request_hash(request, test_id, rules) == _plain_request_hash(request, test_id, rules)


_image = st.builds(lambda s, n: (s or "A") * n, st.text("ABCxyz019+/=", max_size=6), st.integers(2048 // 6 + 1, 1200))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(_json | _image, min_size=1, max_size=4),
    st.sampled_from(["http://0.0.0.0:11434/v1/chat/completions", "http://localhost:8321/v1/models"]),
    st.none() | _text,
    st.floats(0, 1, allow_nan=False) | st.just(0.123456789),
)
def test_hash_states_shared_across_rule_sets_give_the_plain_hashes(parts, url, test_id, number) -> None:
    """hash_info shares sha256 states between rule sets (long strings hashed once); every
    rule set still gets exactly the plain hash, whatever order they are asked in."""
    body = {"messages": [{"content": p} for p in parts], "temperature": number, "tail": parts[-1]}
    request = {"method": "POST", "url": url, "body": body}
    memo: dict = {}
    for rules in [*profiles.RULE_SETS, *reversed(profiles.RULE_SETS)]:
        assert hashing.request_hash(request, test_id, rules, _memo=memo) == _plain_request_hash(request, test_id, rules)
