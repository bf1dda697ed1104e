"""A recording as a pytest skeleton that makes the recorded call and checks the result."""

from __future__ import annotations

import json

from inspector.core.export.python_script import openai_call
from inspector.core.export.target import SDK_PATHS, ExportError, target_of
from inspector.core.recording.loading import Recording
from inspector.core.recording.secrets import mask_text
from inspector.core.rules.nodeid import split_node_id

__all__ = ["to_pytest"]


_CLIENT_FIXTURES = ("openai_client", "compat_client", "client_with_models", "llama_stack_client", "responses_client")


def _node_parts(test_id: str | None) -> tuple[str | None, list[str], str, str | None]:
    """(file, classes, function, params) of a node id; a default function when there is none."""
    nid = split_node_id(test_id) if test_id else None
    if nid is None or not nid.file:
        return None, [], "test_recorded_call", None
    func = nid.function if nid.function.isidentifier() else "test_recorded_call"
    return nid.file, [c for c in nid.classes if c.isidentifier()], func, nid.params


def _string_prefix(text: str, n: int = 40) -> str:
    text = text.strip()
    return text[:n]


def to_pytest(rec: Recording) -> str:
    """A pytest skeleton for the recording's test id that makes the recorded call and checks the result."""
    file, classes, func, params = _node_parts(rec.test_id)
    fixture = "openai_client"
    if params:
        for name in _CLIENT_FIXTURES:
            if name in params.split("-"):
                fixture = name
    doc = [
        '"""Test skeleton for a recorded call.',
        "",
        f"Recording: {rec.name}",
        f"Test id:   {rec.test_id or '(none: the call was recorded outside a test)'}",
    ]
    if file:
        doc += [
            "",
            f"Keep it in {file} under the same names" + (f" and parameters [{params}]" if params else "") + ":",
            "replay finds the recording by this test id (its folder, and for model calls its hash).",
        ]
    doc += ['"""', "", "from __future__ import annotations", "", ""]
    lines = list(doc)
    indent = 4 * (len(classes) + 1)
    for depth, cls in enumerate(classes):
        lines.append(" " * (4 * depth) + f"class {cls}:")
    sig_pad = " " * (indent - 4)
    self_arg = "self, " if classes else ""
    pad = " " * indent
    rb = rec.rebuild
    try:
        t = target_of(rec)
    except ExportError:
        t = None
    if t is not None and t.sdk_path in SDK_PATHS and t.base_url:
        lines.append(f"{sig_pad}def {func}({self_arg}{fixture}) -> None:")
        if params:
            lines.append(f"{pad}# recorded with parameters [{params}]")
        call, method = openai_call(rec, t, fixture, indent)
        lines += call
        lines += _pytest_checks(rec, method, pad)
    else:
        lines.append(f"{sig_pad}def {func}({self_arg}{fixture}) -> None:")
        lines.append(f"{pad}# The recorded call: {rec.endpoint or rec.kind.value} ({rec.kind.value}).")
        for line in json.dumps(
            rec.request.body if rec.request.body is not None else rec.request_raw, indent=2, ensure_ascii=False
        ).splitlines()[:40]:
            lines.append(f"{pad}# {line}")
        if rb.text:
            lines.append(f"{pad}# It answered: {_string_prefix(rb.text, 70)!r}…")
        lines.append(f'{pad}raise NotImplementedError("make the call above with the test\'s client")')
    return mask_text("\n".join(lines) + "\n")


def _pytest_checks(rec: Recording, method: str, pad: str) -> list[str]:
    rb = rec.rebuild
    lines: list[str] = []
    if method == "models.list":
        ids = [v for k, v in rb.details if k == "models"]
        lines += [
            f"{pad}ids = [model.id for model in response]",
            f"{pad}assert ids  # recorded: {ids[0] if ids else '?'} models",
        ]
        return lines
    if method == "embeddings.create":
        return [f"{pad}assert response.data and response.data[0].embedding"]
    names = [tc.name for tc in rb.tool_calls]
    if method == "responses.create":
        lines += _responses_checks(rec, pad)
    elif rec.streaming:
        lines += [
            f'{pad}text = ""',
            f"{pad}tool_names: list[str] = []",
            f"{pad}finish_reason = None",
            f"{pad}for chunk in response:",
            f"{pad}    if not chunk.choices:",
            f"{pad}        continue",
            f"{pad}    choice = chunk.choices[0]",
        ]
        if method == "completions.create":
            lines.append(f'{pad}    text += choice.text or ""')
        else:
            lines += [
                f'{pad}    text += choice.delta.content or ""',
                f"{pad}    for call in choice.delta.tool_calls or []:",
                f"{pad}        if call.function and call.function.name:",
                f"{pad}            tool_names.append(call.function.name)",
            ]
        lines.append(f"{pad}    finish_reason = choice.finish_reason or finish_reason")
    else:
        lines.append(f"{pad}choice = response.choices[0]")
        lines.append(f"{pad}finish_reason = choice.finish_reason")
        if method == "completions.create":
            lines.append(f'{pad}text = choice.text or ""')
        else:
            lines += [
                f'{pad}text = choice.message.content or ""',
                f"{pad}tool_names = [call.function.name for call in choice.message.tool_calls or []]",
            ]
    if rb.finish_reason is not None:
        lines.append(f"{pad}assert {'status' if method == 'responses.create' else 'finish_reason'} == {rb.finish_reason!r}")
    if names and method != "completions.create":
        lines.append(f"{pad}assert tool_names == {names!r}")
    if rb.text.strip():
        lines.append(f"{pad}assert {_string_prefix(rb.text)!r} in text  # the recorded answer begins so")
    return lines


def _responses_checks(rec: Recording, pad: str) -> list[str]:
    """The text, function-call names and status of a Responses API call, as the SDK gives them."""
    if rec.streaming:
        return [
            f'{pad}text = ""',
            f"{pad}tool_names: list[str] = []",
            f"{pad}status = None",
            f"{pad}for event in response:",
            f'{pad}    if event.type == "response.output_text.delta":',
            f"{pad}        text += event.delta",
            f'{pad}    elif event.type == "response.output_item.added" and event.item.type == "function_call":',
            f"{pad}        tool_names.append(event.item.name)",
            f'{pad}    elif event.type in ("response.completed", "response.incomplete", "response.failed"):',
            f"{pad}        status = event.response.status",
        ]
    return [
        f"{pad}text = response.output_text",
        f'{pad}tool_names = [item.name for item in response.output if item.type == "function_call"]',
        f"{pad}status = response.status",
    ]
