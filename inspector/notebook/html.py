"""HTML renderings of core records for Jupyter (no Textual, no rich, no ipywidgets).

Everything a recording contains is arbitrary text (prompts, model output, error
bodies), so every value goes through :func:`esc` before it reaches markup; the
only unescaped strings are the fixed tags and class names written here.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from inspector.core.base.jsonio import clean_text
from inspector.core.base.model import ChoiceResult, HashInfo, Message, RecordedError, RequestView, ToolCall, ToolSpec
from inspector.core.index.summary import Summary
from inspector.core.recording.loading import Recording
from inspector.core.rules.nodeid import split_node_id
from inspector.core.streams.replay import Change, ReplayState

__all__ = [
    "STYLE",
    "esc",
    "recording_html",
    "response_html",
    "state_html",
    "collection_html",
    "hash_badge",
    "hash_explanation",
    "MAX_TEXT",
]

#: Longer texts are cut in the rendering (the full value stays on the record).
MAX_TEXT = 50_000
#: Conversations longer than this show their first messages folded away.
SHOWN_MESSAGES = 6

# Scoped under .ri so nothing leaks into the notebook; colours work on light and dark themes.
STYLE = """<style>
.ri{font-family:var(--jp-ui-font-family,system-ui,sans-serif);font-size:13px;line-height:1.45;color:inherit;max-width:100%}
.ri .ri-head{display:flex;flex-wrap:wrap;gap:6px;align-items:baseline;margin:2px 0 6px}
.ri .ri-title{font-weight:600;font-family:var(--jp-code-font-family,monospace)}
.ri .ri-dim{opacity:.65}
.ri .ri-badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:11px;line-height:17px;white-space:nowrap;background:rgba(127,127,127,.18)}
.ri .ri-ok{background:#1a7f37;color:#fff}.ri .ri-legacy-rule{background:#9a6700;color:#fff}
.ri .ri-mismatch{background:#cf222e;color:#fff}.ri .ri-unknown{background:rgba(127,127,127,.35)}
.ri .ri-err{background:#cf222e;color:#fff}
.ri table{border-collapse:collapse;margin:0}
.ri table.ri-meta td{padding:1px 8px 1px 0;vertical-align:top;text-align:left;border:none}
.ri table.ri-meta td:first-child{opacity:.65;white-space:nowrap}
.ri section{margin:8px 0;padding:6px 8px;border:1px solid rgba(127,127,127,.3);border-radius:6px}
.ri section.ri-error{border-color:#cf222e}
.ri h4{margin:0 0 4px;font-size:12px;text-transform:uppercase;letter-spacing:.04em;opacity:.7}
.ri .ri-msg{margin:4px 0;padding:2px 0 2px 8px;border-left:3px solid rgba(127,127,127,.5)}
.ri .ri-role-user{border-left-color:#0969da}.ri .ri-role-assistant,.ri .ri-role-model{border-left-color:#1a7f37}
.ri .ri-role-system,.ri .ri-role-developer{border-left-color:#8250df}.ri .ri-role-tool{border-left-color:#9a6700}
.ri .ri-role{font-weight:600;font-size:11px;opacity:.8}
.ri .ri-text{white-space:pre-wrap;word-break:break-word;max-height:28em;overflow:auto;margin:2px 0}
.ri .ri-reasoning{font-style:italic;opacity:.75}
.ri pre{font-family:var(--jp-code-font-family,monospace);font-size:12px;white-space:pre-wrap;word-break:break-word;
  margin:2px 0;padding:4px 6px;background:rgba(127,127,127,.08);border-radius:4px;max-height:28em;overflow:auto}
.ri .ri-tool{margin:4px 0}
.ri .ri-tool-name{font-weight:600;font-family:var(--jp-code-font-family,monospace)}
.ri .ri-warn{color:#9a6700}
.ri .ri-errtext{color:#cf222e}
.ri table.ri-list{width:100%}
.ri table.ri-list th{text-align:left;font-weight:600;padding:2px 8px 2px 0;border-bottom:1px solid rgba(127,127,127,.4)}
.ri table.ri-list td{text-align:left;padding:1px 8px 1px 0;vertical-align:top;border:none}
.ri table.ri-list tr.ri-group td{padding-top:8px;font-weight:600;border-bottom:1px solid rgba(127,127,127,.25)}
.ri table.ri-list td.ri-num{text-align:right;opacity:.65;font-variant-numeric:tabular-nums}
.ri code{font-family:var(--jp-code-font-family,monospace);font-size:12px}
.ri details>summary{cursor:pointer}
.ri .ri-changes{font-family:var(--jp-code-font-family,monospace);font-size:12px}
</style>"""


def esc(value: Any) -> str:
    """``value`` as text safe to put between tags or inside a quoted attribute.

    Lone surrogates (legal in JSON) become U+FFFD: Jupyter could not send them.
    """
    return html.escape(clean_text("" if value is None else str(value)), quote=True)


def _cut(text: str, limit: int = MAX_TEXT) -> str:
    if len(text) <= limit:
        return esc(text)
    return esc(text[:limit]) + f'<span class="ri-dim"> … ({len(text) - limit:,} more characters)</span>'


def _badge(text: str, cls: str = "", title: str | None = None) -> str:
    t = f' title="{esc(title)}"' if title else ""
    return f'<span class="ri-badge {esc(cls)}"{t}>{esc(text)}</span>'


def _pretty_json(value: Any) -> str:
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(value)


def _parse_json_text(text: str) -> Any:
    """The value of ``text`` when it is a JSON object or array, else ``None``."""
    s = text.strip()
    if not s or s[0] not in "[{":
        return None
    try:
        value = json.loads(s)
    except ValueError:
        return None
    return value if isinstance(value, (dict, list)) else None


# --- small pieces -------------------------------------------------------------------


def hash_badge(h: HashInfo, rules: str = "newest") -> str:
    """A coloured badge for a hash status, with the details in its tooltip.

    ``rules`` names the rule set that counts as ok (the newest unless pinned).
    """
    label = {"ok": "hash ok", "legacy-rule": "legacy rule", "mismatch": "hash mismatch", "unknown": "hash unknown"}.get(
        h.status, h.status
    )
    if h.status == "legacy-rule" and h.rule:
        label = f"legacy rule ({h.rule})"
    return _badge(label, f"ri-{h.status}", hash_explanation(h, rules))


def hash_explanation(h: HashInfo, rules: str = "newest") -> str:
    """One sentence on what a hash status means for this file."""
    computed = f"; the {rules} rules compute {h.computed}" if h.computed else ""
    if h.status == "ok":
        return f"the file name is the hash the {rules} rules compute"
    if h.status == "legacy-rule":
        return f"the name matches the {h.rule} rules only{computed}"
    if h.status == "mismatch":
        return f"no rule set gives this name, so replay will not find it{computed}"
    return h.reason or "no hash could be computed"


def tool_call_html(tc: ToolCall) -> str:
    """One tool call: name, id and its arguments pretty-printed when they are JSON."""
    head = (
        f'<div class="ri-tool"><span class="ri-tool-name">⚙ {esc(tc.name or "?")}</span>'
        f' <span class="ri-dim">[{tc.index}] {esc(tc.id or "")}</span>'
    )
    if not tc.arguments:
        return head + ' <span class="ri-dim">(no arguments)</span></div>'
    try:
        value = json.loads(tc.arguments)
    except ValueError:
        return head + ' <span class="ri-warn">arguments are not valid JSON</span>' + f"<pre>{_cut(tc.arguments)}</pre></div>"
    return head + f"<pre>{_cut(_pretty_json(value))}</pre></div>"


def _usage_html(usage: dict[str, Any] | None) -> str:
    if not usage:
        return ""
    rows: list[tuple[str, Any]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif value is not None:
            rows.append((prefix, value))

    walk("", usage)
    cells = "".join(
        f"<tr><td>{esc(k)}</td><td>{esc(v if not isinstance(v, (list, dict)) else json.dumps(v, ensure_ascii=False))}</td></tr>"
        for k, v in rows
    )
    return f'<details><summary>usage: {esc(_usage_line(usage))}</summary><table class="ri-meta">{cells}</table></details>'


def _usage_line(usage: dict[str, Any]) -> str:
    parts = []
    for k, v in usage.items():
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            parts.append(f"{k.replace('_tokens', '').replace('_token_count', '').replace('_', ' ')} {v}")
    return ", ".join(parts) or "(no token counts)"


def _details_html(details: Sequence[tuple[str, str]]) -> str:
    if not details:
        return ""
    grouped: dict[str, list[str]] = {}
    for k, v in details:
        grouped.setdefault(k, []).append(v)
    rows = []
    for k, values in grouped.items():
        shown = ", ".join(values[:20]) + (f" … ({len(values) - 20} more)" if len(values) > 20 else "")
        rows.append(f"<tr><td>{esc(k)}</td><td>{esc(shown)}</td></tr>")
    return f'<table class="ri-meta">{"".join(rows)}</table>'


def _error_html(err: RecordedError) -> str:
    facts = [x for x in (err.type, str(err.status_code) if err.status_code else None, err.category, err.provider) if x]
    head = " · ".join(esc(f) for f in facts)
    message = err.message or ""
    value = _parse_json_text(message)
    body = f"<pre>{_cut(_pretty_json(value))}</pre>" if value is not None else f'<div class="ri-text ri-errtext">{_cut(message)}</div>'
    return f'<section class="ri-error"><h4>Recorded error {_badge(head or "error", "ri-err")}</h4>{body}</section>'


# --- request ------------------------------------------------------------------------


def _message_html(m: Message) -> str:
    role = m.role or "?"
    extra = ""
    if m.name:
        extra += f' <span class="ri-dim">{esc(m.name)}</span>'
    if m.tool_call_id:
        extra += f' <span class="ri-dim">→ {esc(m.tool_call_id)}</span>'
    out = [f'<div class="ri-msg ri-role-{esc(role.lower())}"><span class="ri-role">{esc(role)}</span>{extra}']
    if m.text:
        out.append(f'<div class="ri-text">{_cut(m.text)}</div>')
    for kind, label in m.parts:
        out.append(f'<div>{_badge(kind)} <span class="ri-dim">{esc(label)}</span></div>')
    out.extend(tool_call_html(tc) for tc in m.tool_calls)
    if not m.text and not m.parts and not m.tool_calls:
        out.append('<div class="ri-dim">(empty)</div>')
    out.append("</div>")
    return "".join(out)


def _tools_html(tools: Sequence[ToolSpec]) -> str:
    if not tools:
        return ""
    items = []
    for t in tools:
        desc = f' <span class="ri-dim">{_cut(t.description, 2000)}</span>' if t.description else ""
        params = f"<pre>{_cut(_pretty_json(t.parameters))}</pre>" if t.parameters else ""
        items.append(f'<div class="ri-tool"><span class="ri-tool-name">{esc(t.name)}</span>{desc}{params}</div>')
    names = ", ".join(t.name for t in tools)
    n = len(tools)
    return f"<details><summary>{n} tool{'s' if n != 1 else ''} offered: {esc(names)}</summary>{''.join(items)}</details>"


def _params_html(params: Sequence[tuple[str, Any]]) -> str:
    if not params:
        return ""
    rows = []
    for k, v in params:
        text = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
        rows.append(f"<tr><td>{esc(k)}</td><td><code>{_cut(text, 2000)}</code></td></tr>")
    return f'<table class="ri-meta">{"".join(rows)}</table>'


def request_html(req: RequestView) -> str:
    """The request: the conversation, the tools offered and the call's parameters."""
    parts: list[str] = []
    msgs = req.messages
    if len(msgs) > SHOWN_MESSAGES:
        early, late = msgs[: len(msgs) - SHOWN_MESSAGES], msgs[len(msgs) - SHOWN_MESSAGES :]
        parts.append(
            f"<details><summary>{len(early)} earlier message{'s' if len(early) != 1 else ''}</summary>"
            + "".join(_message_html(m) for m in early)
            + "</details>"
        )
        msgs = late
    parts.extend(_message_html(m) for m in msgs)
    parts.append(_tools_html(req.tools))
    parts.append(_params_html(req.params))
    body = "".join(p for p in parts if p) or '<div class="ri-dim">(no messages or parameters)</div>'
    return f"<section><h4>Request</h4>{body}</section>"


# --- response -----------------------------------------------------------------------


def _choice_html(choice: ChoiceResult, label: bool) -> str:
    out: list[str] = []
    if label:
        out.append(f'<div class="ri-role">choice {choice.index}</div>')
    if choice.reasoning:
        out.append(
            f"<details open><summary>reasoning ({len(choice.reasoning):,} characters)</summary>"
            f'<div class="ri-text ri-reasoning">{_cut(choice.reasoning)}</div></details>'
        )
    if choice.text:
        value = _parse_json_text(choice.text)
        if value is not None:
            out.append(f'<div class="ri-dim">JSON, pretty-printed</div><pre>{_cut(_pretty_json(value))}</pre>')
        else:
            out.append(f'<div class="ri-text">{_cut(choice.text)}</div>')
    if choice.refusal:
        out.append(f'<div class="ri-errtext">refusal: {_cut(choice.refusal)}</div>')
    out.extend(tool_call_html(tc) for tc in choice.tool_calls)
    if choice.finish_reason is not None:
        out.append(f'<div class="ri-dim">finish: {esc(choice.finish_reason)}</div>')
    return "".join(out)


def response_html(
    choices: Sequence[ChoiceResult],
    usage: dict[str, Any] | None,
    details: Sequence[tuple[str, str]] = (),
    *,
    title: str = "Response",
) -> str:
    """The rebuilt response (text, reasoning, tool calls, finish, details, usage) as a section."""
    body = "".join(_choice_html(c, len(choices) > 1) for c in choices)
    body += _details_html(details) + _usage_html(usage)
    if not body:
        body = '<div class="ri-dim">(empty response)</div>'
    return f"<section><h4>{esc(title)}</h4>{body}</section>"


# --- whole recordings ---------------------------------------------------------------


def _where(rec: Recording) -> str:
    req = rec.request
    return " ".join(x for x in (req.method, req.url or rec.endpoint) if x) or (rec.endpoint or "")


def _meta_html(rec: Recording, h: HashInfo, rules: str) -> str:
    stream = f"streamed, {rec.chunk_count:,} chunks" if rec.streaming else "not streamed"
    rows = [
        ("test", esc(rec.test_id) if rec.test_id else '<span class="ri-dim">(no test id)</span>'),
        ("request", esc(_where(rec))),
        ("model", esc(rec.model or "")),
        ("response", esc(stream)),
        ("hash", f'{hash_badge(h, rules)} <span class="ri-dim">{esc(hash_explanation(h, rules))}</span>'),
    ]
    if rec.path:
        rows.append(("file", f'<code>{esc(rec.path)}</code>'))
    return '<table class="ri-meta">' + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows) + "</table>"


def _head_html(rec: Recording, h: HashInfo | None, rules: str) -> str:
    badges = [_badge(rec.kind.value)]
    if rec.ok:
        badges.append(hash_badge(h or rec.hash, rules))
        if rec.rebuild.error:
            badges.append(_badge("error", "ri-err"))
    return f'<div class="ri-head"><span class="ri-title">{esc(rec.name)}</span>{"".join(badges)}</div>'


def recording_html(rec: Recording, *, style: bool = True, hash_info: HashInfo | None = None, rules: str = "newest") -> str:
    """A whole recording: header, facts, request, rebuilt response, usage, error, problems.

    ``hash_info``/``rules``: the hash status against a pinned rule set (default: the newest).
    """
    out = [STYLE if style else "", '<div class="ri ri-recording">', _head_html(rec, hash_info, rules)]
    if not rec.ok:
        where = f"<code>{esc(rec.path)}</code>" if rec.path else ""
        out.append(f'<section class="ri-error"><h4>Cannot read this recording</h4><div class="ri-errtext">{esc(rec.problem)}</div>{where}</section>')
        out.append("</div>")
        return "".join(out)
    rb = rec.rebuild
    out.append(_meta_html(rec, hash_info or rec.hash, rules))
    out.append(request_html(rec.request))
    out.append(response_html(rb.choices, rb.usage, rb.details))
    if rb.error:
        out.append(_error_html(rb.error))
    out.extend(f'<div class="ri-warn">⚠ {esc(p)}</div>' for p in rec.problems)
    out.append(schema_html(rec))
    out.append("</div>")
    return "".join(out)


def schema_html(rec: Recording) -> str:
    """The tool calls and structured answers that break their JSON Schema (what ``check`` reports as
    ``tool-args-schema`` and ``response-schema``); empty when there are none."""
    from inspector.core.checks.schema import schema_issues

    return "".join(f'<div class="ri-warn">⚠ {esc(i.code)}: {esc(i.message)}</div>' for i in schema_issues(rec))


def _changes_html(changes: Iterable[Change]) -> str:
    items = []
    for c in changes:
        value = c.value if isinstance(c.value, str) else json.dumps(c.value, ensure_ascii=False, default=str)
        short = value if len(value) <= 80 else value[:80] + "…"
        sign = "+=" if c.op == "append" else "="
        items.append(f"<code>{esc(c.what)}</code> {sign} {esc(repr(short) if isinstance(c.value, str) else short)}")
    return " · ".join(items)


def state_html(state: ReplayState, *, style: bool = True, title: str | None = None, note: str | None = None) -> str:
    """The response as the client had it after ``state.position`` chunks; ``note`` replaces the position line."""
    pos = f"after chunk {state.position:,} of {state.total:,}" if state.total else "nothing to replay"
    if state.total and state.finished:
        pos += " (complete)"
    pos = note or pos
    out = [STYLE if style else "", '<div class="ri ri-replay">']
    head = f'<span class="ri-title">{esc(title)}</span>' if title else ""
    out.append(f'<div class="ri-head">{head}<span class="ri-dim">{esc(pos)}</span></div>')
    if state.changes:
        out.append(f'<div class="ri-changes"><span class="ri-dim">this chunk:</span> {_changes_html(state.changes)}</div>')
    out.append(response_html(state.choices, state.usage))
    if state.error:
        out.append(_error_html(state.error))
    out.append("</div>")
    return "".join(out)


# --- collections --------------------------------------------------------------------


def _test_label(test_id: str | None) -> str:
    if not test_id:
        return '<span class="ri-dim">(no test id: shared or outside a test)</span>'
    nid = split_node_id(test_id)
    if not nid.file:
        return esc(test_id)
    return f'<span class="ri-dim">{esc(nid.file)}::</span>{esc(nid.test)}'


def _short_name(s: Summary) -> str:
    name = s.name
    stem = name[:-5] if name.endswith(".json") else name
    return stem[:16] + "…" if len(stem) > 17 else stem


def _row_html(i: int, s: Summary, rules: str) -> str:
    stream = f"{s.chunks:,}" if s.streaming else "–"
    tools = str(s.tools) if s.tools else ""
    note = f'<span class="ri-errtext">{esc(s.error[:160])}</span>' if s.error else esc(s.label)
    return (
        f'<tr><td class="ri-num">{i}</td><td><code title="{esc(s.path)}">{esc(_short_name(s))}</code></td>'
        f"<td>{esc(s.kind)}</td><td>{esc(s.model or '')}</td><td class=\"ri-num\">{stream}</td>"
        f'<td class="ri-num">{tools}</td><td>{hash_badge(HashInfo(None, s.computed_hash, s.hash_status, s.hash_rule), rules)}</td><td>{note}</td></tr>'
    )


def collection_summary_line(summaries: Sequence[Summary]) -> str:
    """``95 recordings in 31 tests · chat 60, models 5 · hash ok 80, legacy-rule 10``."""
    n = len(summaries)
    tests = len({s.test_id for s in summaries if s.test_id})
    kinds = Counter(s.kind for s in summaries).most_common()
    hashes = Counter(s.hash_status for s in summaries)
    head = f"{n:,} recording{'s' if n != 1 else ''} in {tests:,} test{'s' if tests != 1 else ''}"
    kind_text = ", ".join(f"{k} {c}" for k, c in kinds)
    hash_text = ", ".join(f"{k} {hashes[k]}" for k in ("ok", "legacy-rule", "mismatch", "unknown") if hashes[k])
    return " · ".join(x for x in (head, kind_text, f"hash {hash_text}" if hash_text else "") if x)


def collection_html(
    summaries: Sequence[Summary],
    *,
    title: str | None = None,
    limit: int = 200,
    notes: Sequence[str] = (),
    style: bool = True,
    rules: str = "newest",
) -> str:
    """A table of recordings grouped by test; ``#`` is the index to use with ``collection[i]``."""
    out = [STYLE if style else "", '<div class="ri ri-collection">']
    head = f'<span class="ri-title">{esc(title)}</span>' if title else ""
    out.append(f'<div class="ri-head">{head}<span class="ri-dim">{esc(collection_summary_line(summaries))}</span></div>')
    out.extend(f'<div class="ri-warn">⚠ {esc(n)}</div>' for n in notes)
    if not summaries:
        out.append('<div class="ri-dim">(no recordings)</div></div>')
        return "".join(out)
    groups: dict[str | None, list[int]] = {}
    for i, s in enumerate(summaries):
        groups.setdefault(s.test_id, []).append(i)
    out.append(
        '<table class="ri-list"><thead><tr><th>#</th><th>file</th><th>kind</th><th>model</th>'
        "<th>chunks</th><th>tools</th><th>hash</th><th>request / error</th></tr></thead>"
    )
    shown = 0
    for test_id, indices in groups.items():
        if shown >= limit:
            break
        count = f' <span class="ri-dim">({len(indices)})</span>' if len(indices) > 1 else ""
        out.append(f'<tbody><tr class="ri-group"><td colspan="8">{_test_label(test_id)}{count}</td></tr>')
        for i in indices:
            if shown >= limit:
                break
            out.append(_row_html(i, summaries[i], rules))
            shown += 1
        out.append("</tbody>")
    out.append("</table>")
    if shown < len(summaries):
        out.append(
            f'<div class="ri-dim">… {len(summaries) - shown:,} more not shown; narrow with '
            "<code>.filter(\"…\")</code> or slice the collection</div>"
        )
    out.append("</div>")
    return "".join(out)
