"""The real recordings' JSON Schemas, through the jsonschema-based checks (skipped when ../shared is absent)."""

from __future__ import annotations

import pytest

from inspector.core.checks.schema import answer_schema, check_answer, check_arguments
from inspector.core.recording.loading import load
from tests.conftest import corpus_files

pytestmark = pytest.mark.corpus


def _files():
    files = corpus_files()
    if not files:
        pytest.skip("../shared/corpus is absent")
    return files


def test_every_real_tool_schema_is_usable_and_every_call_is_checked() -> None:
    checked = 0
    for path in _files():
        rec = load(path)
        if not rec.ok:
            continue
        tools = {t.name: t for t in rec.request.tools}
        for choice in rec.rebuild.choices:
            for tc in choice.tool_calls:
                spec = tools.get(tc.name or "")
                if spec is None or spec.parameters is None:
                    continue
                c = check_arguments(tc.arguments, spec.parameters)
                assert c.schema_error is None, (path.name, tc.name, c.schema_error)
                checked += 1
    assert checked > 0


def test_real_schemas_with_refs_are_resolved_inside_them() -> None:
    files = _files()
    with_refs = [p for p in files if b'"$ref"' in p.read_bytes() or b'"$defs"' in p.read_bytes()]
    if not with_refs:
        pytest.skip(f"no recording of ../shared uses $ref/$defs ({len(files)} files looked at); see tests/core/test_schema.py")
    for path in with_refs:
        rec = load(path)
        for t in rec.request.tools:
            if t.parameters is not None:
                assert check_arguments("{}", t.parameters).schema_error is None, path.name
        schema = answer_schema(rec.request_raw.get("body"))
        if schema is not None:
            for choice in rec.rebuild.choices:
                if choice.text.strip():
                    assert check_answer(choice.text, schema).schema_error is None, path.name
