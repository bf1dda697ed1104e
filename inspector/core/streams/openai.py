"""OpenAI chat and completions chunks (and the Together and vLLM twins of a piece).

Each family has exactly one walker (see :mod:`.walk`).
"""

from __future__ import annotations

from typing import Any

from inspector.core.streams.events import Emit, Where, as_int, emit_function

__all__ = ["walk_openai"]


def walk_openai(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    """One OpenAI chat or completions chunk."""
    # The hot loop of a listing (thousands of chunks a file): helpers inlined on purpose,
    # and everything an editor needs behind one "at is not None".
    if not isinstance(data, dict):
        return
    choices = data.get("choices")
    if isinstance(choices, list):
        for pos, ch in enumerate(choices):
            if not isinstance(ch, dict):
                continue
            c = ch.get("index")
            if not isinstance(c, int) or isinstance(c, bool):
                c = pos
            if "delta" in ch:
                part = ch["delta"]
                part_key = "delta"
            else:
                part = ch.get("message")
                part_key = "message"
            text = ch.get("text")  # completions; Together repeats delta.content here
            if isinstance(part, dict):
                # a delta that delivered text makes choices[i].text its twin, read once
                said = _openai_delta(c, part, emit, at, None if at is None else ("choices", pos, part_key, isinstance(text, str)))
                if text and isinstance(text, str) and not said:
                    emit("append", ("text", c), text)
                    if at is not None:
                        twin = (("choices", pos, part_key, "content"),) if isinstance(part.get("content"), str) else ()
                        at.piece(("text", c), ("choices", pos, "text"), text, twins=twin)
            elif text and isinstance(text, str):
                emit("append", ("text", c), text)
                if at is not None:
                    at.piece(("text", c), ("choices", pos, "text"), text)
            elif "text" in ch:
                emit("touch", ("choice", c), None)
            finish = ch.get("finish_reason")
            if finish is not None:
                emit("set", ("finish", c), finish)
            if at is not None:
                if isinstance(text, str):
                    at.anchor(("text", c), ("choices", pos, "text"))
                at.finish(c, ("choices", pos, "finish_reason"), finish is not None)
    usage = data.get("usage")
    if isinstance(usage, dict):
        emit("set", ("usage",), usage)
    if at is not None:
        at.usage(("usage",), isinstance(usage, dict))


def _openai_delta(c: int, part: dict[str, Any], emit: Emit, at: Where | None, where: tuple[Any, ...] | None) -> bool:
    """One delta or message; True when it delivered text (``choices[i].text`` is then its twin).

    ``where`` (only with ``at``): the path of the choice, the part's key, and whether the
    choice also has a ``text`` field.
    """
    emit("touch", ("choice", c), None)
    role = part.get("role")
    if role and isinstance(role, str):
        emit("set", ("role", c), role)
    said = False
    content = part.get("content")
    if isinstance(content, str):
        if content:
            emit("append", ("text", c), content)
            said = True
    elif isinstance(content, list):  # content parts
        for p in content:
            if isinstance(p, dict) and isinstance(p.get("text"), str):
                emit("append", ("text", c), p["text"])
    # reasoning_content wins over reasoning (vLLM sends both during its rename)
    win = "reasoning_content"
    r = part.get(win)
    if not r or not isinstance(r, str):
        win = "reasoning"
        r = part.get(win)
        if not r or not isinstance(r, str):
            win = ""
    if win:
        emit("append", ("reasoning", c), r)
    refusal = part.get("refusal")
    if refusal and isinstance(refusal, str):
        emit("append", ("refusal", c), refusal)
    if at is not None and where is not None:
        _openai_places(c, part, at, where, win)
    calls = part.get("tool_calls")
    if isinstance(calls, list):
        for tpos, tc in enumerate(calls):
            if not isinstance(tc, dict):
                continue
            t = as_int(tc.get("index"), tpos)
            emit("touch", ("tool", c, t), None)
            if isinstance(tc.get("id"), str) and tc["id"]:
                emit("first", ("tool.id", c, t), tc["id"])
            if isinstance(tc.get("type"), str):
                emit("set", ("tool.type", c, t), tc["type"])
            fn = tc.get("function")
            if isinstance(fn, dict):
                emit_function(emit, at, c, t, fn, None if where is None else where[:3] + ("tool_calls", tpos, "function"))
    fc = part.get("function_call")  # the legacy single function call
    if isinstance(fc, dict):
        emit("touch", ("tool", c, 0), None)
        emit_function(emit, at, c, 0, fc, None if where is None else where[:3] + ("function_call",))
    return said


def _openai_places(c: int, part: dict[str, Any], at: Where, where: tuple[Any, ...], win: str) -> None:
    """Where the text, reasoning and refusal of one delta (or message) live."""
    prel, text_twin = where[:3], where[3]
    content = part.get("content")
    if isinstance(content, str):
        twins = ((prel[:2] + ("text",),) if text_twin else ())
        if content:
            at.piece(("text", c), prel + ("content",), content, twins=twins)
        at.anchor(("text", c), prel + ("content",), twins=twins)
    elif isinstance(content, list):
        for j, p in enumerate(content):
            if isinstance(p, dict) and isinstance(p.get("text"), str):
                at.piece(("text", c), prel + ("content", j, "text"), p["text"])
    else:
        at.anchor(("text", c), prel + ("content",))
    both = isinstance(part.get("reasoning_content"), str) and isinstance(part.get("reasoning"), str)
    if win:
        other = "reasoning" if win == "reasoning_content" else "reasoning_content"
        at.piece(("reasoning", c), prel + (win,), part[win], twins=((prel + (other,),) if isinstance(part.get(other), str) else ()))
    home = "reasoning" if "reasoning" in part and "reasoning_content" not in part else "reasoning_content"
    at.anchor(("reasoning", c), prel + (home,), twins=((prel + ("reasoning",),) if both else ()))
    refusal = part.get("refusal")
    if refusal and isinstance(refusal, str):
        at.piece(("refusal", c), prel + ("refusal",), refusal)
    at.anchor(("refusal", c), prel + ("refusal",))
