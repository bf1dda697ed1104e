"""Finding and masking credentials."""

from __future__ import annotations

import pytest

from inspector.core import load
from inspector.core.recording.secrets import find_secrets, mask_secret, mask_text, scan_value
from tests.conftest import Source

CASES = [
    ("OpenAI API key", "key sk-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12Wx34"),
    ("OpenAI API key", "OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXyZ0_-aB"),
    ("Anthropic API key", "x sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe-AbCd y"),
    ("Google API key", "https://x.googleapis.com/v1?alt=json AIzaSyD4x9Qm2Lr7Kt1Vw8Bn3Hc6Jf0Pg5Ys2Ue"),
    ("AWS access key id", "aws_access_key_id = AKIAQ3EGRSPW7TZK5NBY"),
    ("AWS secret access key", 'aws_secret_access_key: "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"'),
    ("bearer token", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.c2lnbmF0dXJlMTIz"),
    ("password in URL", "postgres://admin:Tr0ub4dor3xyz@db.internal:5432/app"),
    ("credential in URL query", "GET https://api.example.io/search?q=llama&api_key=9f8e7d6c5b4a3210"),
    ("credential header", "x-api-key: 4f3e2d1c0b9a8f7e6d5c"),
]


@pytest.mark.parametrize(("kind", "text"), CASES)
def test_each_kind_is_found_and_masked(kind: str, text: str) -> None:
    (m,) = find_secrets(text)
    assert m.kind == kind
    masked = mask_text(text)
    assert m.value not in masked and m.masked in masked
    assert "****" in masked


@pytest.mark.parametrize(
    "text",
    [
        "use scikit-learn, sk-learn-tutorial-for-beginners-and-experts",
        "set OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "Authorization: Bearer <your-token-here>",
        "Authorization: Bearer ${OPENAI_API_KEY}",
        "AKIAIOSFODNN7EXAMPLE is the documentation's example key",
        "bearer token authentication is described in RFC 6750",
        "https://user:password@host is a placeholder",
        "score: 0.9287263, a normal number",
    ],
)
def test_placeholders_and_prose_are_not_secrets(text: str) -> None:
    assert find_secrets(text) == []
    assert mask_text(text) == text


def test_mask_keeps_the_recognisable_prefix() -> None:
    assert mask_secret("sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXyZ0") == "sk-proj-****XyZ0"
    assert mask_secret("short") == "****"


def test_scan_value_reports_paths_and_header_values() -> None:
    data = {
        "request": {
            "headers": {"Authorization": "Bearer abc123def456ghi789", "x-api-key": "q1w2e3r4t5y6"},
            "body": {"messages": [{"role": "user", "content": "my key: AIzaSyD4x9Qm2Lr7Kt1Vw8Bn3Hc6Jf0Pg5Ys2Ue"}]},
        }
    }
    found = {(f.path, f.kind) for f in scan_value(data)}
    assert ("request.headers.Authorization", "bearer token") in found
    assert ('request.headers["x-api-key"]', "value of x-api-key") in found
    assert ("request.body.messages[0].content", "Google API key") in found
    assert all("q1w2e3r4t5y6" not in f.masked for f in scan_value(data))


def test_empty_and_placeholder_header_values_are_fine() -> None:
    assert scan_value({"headers": {"Authorization": "", "api_key": "<redacted>", "password": "changeme"}}) == []


def test_the_samples_and_the_real_corpus_hold_no_secrets(source: Source) -> None:
    files = source.files()
    assert files
    for path in files:
        rec = load(path)
        if rec.data is not None:
            assert scan_value(rec.data) == [], path
