"""The per-file checks: what one recording (or one save's leftover file) does wrong.

:func:`check_recording` gives every finding of one loaded recording; :func:`check_orphan` the
``orphan-test`` one from a test id alone; :func:`check_leftover` says what an interrupted save left.
The codes are in :mod:`.codes`, the checks across files in :mod:`.cross_file`, and the runner
(:mod:`.runner`, ``check_paths``) runs them all over a tree through the index cache.

Nothing here raises for what a file contains; a file that cannot be read is an
``invalid-json``/``unreadable`` finding.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector.core.base.jsonio import READ_PROBLEMS
from inspector.core.base.model import Kind
from inspector.core.base.writer import save_in_progress
from inspector.core.checks.codes import (  # re-exported: callers long imported them from here
    CODES,
    ERROR,
    INFO,
    WARNING,
    CheckOptions,
    CheckReport,
    CodeInfo,
    Finding,
    finding,
    shell_path,
)
from inspector.core.recording.discovery import leftover_target
from inspector.core.rules import hashing, layout, profiles
from inspector.core.rules.layout import COMMON_RECORDINGS, in_legacy_layout
from inspector.core.rules.testsource import TestSourceCache

# What reads a recording is imported where a file is checked: a check answered from the
# index cache (core/checks/runner.py) needs only the codes, the findings and the cross-file rules.
if TYPE_CHECKING:
    from inspector.core.recording.loading import Recording

__all__ = ["check_recording", "check_orphan", "check_leftover", "OLD_TYPE_PACKAGES"]
__all__ += ["ERROR", "WARNING", "INFO", "CodeInfo", "CODES", "Finding", "CheckOptions", "CheckReport"]  # from .codes

#: ``__type__`` module prefixes of the project's older package names (newest: ``ogx_api``).
OLD_TYPE_PACKAGES = ("llama_stack.apis.", "llama_stack_api.", "llama_stack.")

_STREAM_KINDS = frozenset(
    {
        Kind.CHAT,
        Kind.COMPLETION,
        Kind.OLLAMA_CHAT,
        Kind.OLLAMA_GENERATE,
        Kind.MESSAGES,
        Kind.GENAI_STREAM,
        Kind.INTERACTIONS,
        Kind.RESPONSES,
    }
)
_MAX_SECRETS_PER_FILE = 5


def _rel(path: Path, root: Path | None) -> str:
    """A folder shown relative to the repository root, with a trailing slash."""
    if root is not None:
        try:
            return Path(os.path.relpath(path, root)).as_posix() + "/"
        except ValueError:
            pass
    return str(path) + "/"


# --- per-file checks ------------------------------------------------------------------


def _check_readable(rec: Recording, path: str) -> Finding | None:
    if rec.ok:
        return None
    problem = rec.problem or "unreadable"
    if rec.data is None:
        code = "unreadable" if problem.startswith(READ_PROBLEMS) else "invalid-json"
        return finding(path, code, problem)
    return finding(path, "not-a-recording", problem)


def _check_replayed(rec: Recording, spath: str, opts: CheckOptions) -> Finding | None:
    why = opts.rules.never_reads(rec.request_raw)
    if why is None:
        return None
    shown = shell_path(rec.path) if rec.path is not None else spath
    return finding(
        spath,
        "not-replayed",
        f"the {opts.rules.name} recorder never reads this file: {why}",
        f"remove it (into the trash, restorable): recording-inspector rm {shown}",
    )


def _check_hash(rec: Recording, path: str, opts: CheckOptions) -> list[Finding]:
    out: list[Finding] = []
    name_hash, digest = hashing.parse_file_name(rec.name)
    h = rec.hash if opts.rules is profiles.NEWEST else rec.hash_info(opts.rules)
    if h.status == "unknown":
        if name_hash is None and hashing.hash_kind(rec.request_raw) != hashing.HashKind.NONE:
            out.append(
                finding(
                    path,
                    "hash-mismatch",
                    "the file name is not a request hash: replay never looks it up",
                    _rename_hint(rec, h.computed, opts),
                )
            )
        return out
    legacy_12 = name_hash is not None and len(name_hash) == 12 and opts.rules.prefix != 12
    if legacy_12:
        msg = "12-character name of the 2025-07 layout: current recorders look up full 64-character names"
        if h.status == "mismatch":
            msg += " (and its request no longer matches the name under any rule)"
        out.append(finding(path, "legacy-name", msg, _rename_hint(rec, h.computed, opts)))
    if h.status == "mismatch":
        computed = h.computed[:12] + "…" if h.computed else "?"
        out.append(
            finding(
                path,
                "hash-mismatch",
                f"the name matches no hash rule ({opts.rules.name} rules compute {computed}): replay will never find this file",
                None if legacy_12 else _rename_hint(rec, h.computed, opts),
            )
        )
    elif h.status == "legacy-rule" and not legacy_12:
        rule = profiles.rule_set(h.rule) if h.rule else None
        desc = f" ({rule.description})" if rule else ""
        computed = h.computed[:12] + "…" if h.computed else "?"
        out.append(
            finding(
                path,
                "hash-legacy-rule",
                f"the name matches only the {h.rule} rules{desc}; a {opts.rules.name} recorder computes {computed}",
                _rename_hint(rec, h.computed, opts),
            )
        )
    # A model list must be named models-<hash>-<digest>.json, anything else <hash>.json.
    if name_hash is not None and len(name_hash) == 64 and h.status in ("ok", "legacy-rule"):
        endpoint = rec.request_raw.get("endpoint")
        named_models = rec.name.startswith("models-")
        # the layout's name for it (one rule for check, the Doctor and rehash)
        body = rec.response_raw.get("body")
        wants_models = layout.file_name_for(rec.request_raw, name_hash, body, rec.name, opts.rules).startswith("models-")
        if named_models and not wants_models:
            out.append(
                finding(
                    path,
                    "hash-mismatch",
                    f"named models-… but {endpoint or 'the request'} is not a model list: replay looks for {name_hash[:12]}….json",
                    _rename_hint(rec, h.computed, opts),
                )
            )
        elif wants_models and not named_models:
            out.append(
                finding(
                    path,
                    "hash-mismatch",
                    "a model list not named models-<hash>-<digest>.json: replay only merges files named so",
                    _rename_hint(rec, h.computed, opts),
                )
            )
    return out


def _target(rec: Recording, computed: str | None, opts: CheckOptions) -> Path | None:
    """Where the recorder would keep this file (the layout's one answer), or None without a full hash."""
    if rec.path is None or not computed or len(computed) != 64:
        return None
    body = rec.response_raw.get("body")
    return layout.target_for(rec.path, rec.request_raw, rec.test_id, body, computed, opts.rules, opts.tests_root)


def _rename_hint(rec: Recording, computed: str | None, opts: CheckOptions) -> str | None:
    target = _target(rec, computed, opts)
    if target is None or rec.path is None:
        return None
    if Path(os.path.abspath(rec.path)) == target:
        return None
    return f"if the content is right, rename it: git mv {shell_path(rec.path)} {shell_path(target)}"


def _check_location(rec: Recording, path: Path, spath: str, opts: CheckOptions) -> list[Finding]:
    name_hash, _ = hashing.parse_file_name(rec.name)
    if name_hash is None or len(name_hash) != 64:
        return []  # a 12-character name is legacy-name territory (its hint moves it too)
    test_id = rec.test_id
    if layout.accepted(path, test_id, opts.rules, opts.tests_root):
        return []
    where = layout.home(path, test_id, opts.rules, opts.tests_root)
    here = Path(os.path.abspath(path.parent))
    if where == here:
        return []  # the layout cannot place it (no repository root, a test id leaving it)
    root = layout.repo_root(path, test_id, opts.tests_root)
    common = (root / COMMON_RECORDINGS) if root is not None else where
    h = rec.hash if opts.rules is profiles.NEWEST else rec.hash_info(opts.rules)
    # One target for every hint: the layout's folder and, when the name is stale too, the new name.
    target = _target(rec, h.computed, opts) if h.status in ("ok", "legacy-rule", "mismatch") else None
    hint = f"git mv {shell_path(path)} {shell_path(target or where / rec.name)}"
    if test_id:
        return [
            finding(
                spath,
                "wrong-directory",
                f"its test id maps to {_rel(where, root)} (replay looks there and in {_rel(common, root)}), but the file is in {_rel(here, root)}",
                hint,
            )
        ]
    if layout.read_beside_tests(path, rec.request_raw, opts.rules, opts.tests_root):
        return [
            finding(
                spath,
                "model-list-outside-common",
                f"no test id, in {_rel(here, root)}: replay reads this model list there only for the tests beside it; "
                f"the recorder files such calls under {_rel(common, root)}, where every test finds them",
                hint,
            )
        ]
    return [
        finding(
            spath,
            "missing-test-id",
            f"no test id, yet in {_rel(here, root)}: the recorder files such calls under {_rel(common, root)}",
            hint,
        )
    ]


def _check_normalised(rec: Recording, spath: str, path: Path, rules: profiles.RuleSet) -> Finding | None:
    if in_legacy_layout(path):
        return None
    plan = rec.normalization(rules)  # shared with the stored verdict: read, never changed
    if plan.skipped or not plan.needed:
        return None
    changes = plan.changes
    computed = rec.hash.computed
    if computed and plan.hash12 != computed[:12]:
        # Ids that already name the hash the request computes are right; the file
        # name is what is wrong (hash-mismatch / hash-legacy-rule say so).
        changes = [c for c in changes if not (c.field == "id" and c.old == f"rec-{computed[:12]}")]
        if not changes:
            return None
    counts: dict[str, int] = {}
    for c in changes:
        counts[c.field] = counts.get(c.field, 0) + 1
    parts: list[str] = []
    if counts.get("id"):
        first = next(c.old for c in changes if c.field == "id")
        parts.append(f"{_n(counts['id'], 'id')} not rec-{plan.hash12} (e.g. {json.dumps(first)})")
    if counts.get("created"):
        parts.append(f"{_n(counts['created'], 'created timestamp')} not 0")
    if counts.get("created_at"):
        parts.append(f"{_n(counts['created_at'], 'created_at')} not the epoch")
    durations = sum(n for k, n in counts.items() if k.endswith("_duration"))
    if durations:
        parts.append(f"{_n(durations, 'duration')} not 0")
    return finding(
        spath,
        "unnormalized",
        "; ".join(parts) + ": the recorder writes them normalised",
        f"recording-inspector normalize {spath}",
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("s" if count != 1 else "")


def _iter_types(body: Any) -> Iterable[str]:
    items = body if isinstance(body, list) else [body]
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("__type__"), str):
            yield item["__type__"]


def _check_types(rec: Recording, spath: str) -> list[Finding]:
    seen: set[str] = set()
    out: list[Finding] = []
    for t in _iter_types(rec.response_raw.get("body")):
        if t in seen:
            continue
        seen.add(t)
        for old in OLD_TYPE_PACKAGES:
            if t.startswith(old):
                out.append(
                    finding(
                        spath,
                        "type-drift",
                        f"__type__ {t} is under the old package name {old.rstrip('.')} (the newest recorder writes ogx_api…); "
                        "replay falls back to a plain dict when it cannot import it",
                    )
                )
                break
    return out


def _check_secrets(rec: Recording, spath: str) -> list[Finding]:
    from inspector.core.recording.secrets import scan_value

    found = scan_value(rec.data)
    out = [
        finding(spath, "secret", f.describe(), "remove it from the file and rotate the credential")
        for f in found[:_MAX_SECRETS_PER_FILE]
    ]
    if len(found) > _MAX_SECRETS_PER_FILE:
        out.append(finding(spath, "secret", f"and {len(found) - _MAX_SECRETS_PER_FILE} more credentials in this file"))
    return out


def _finish_key(what: str) -> int | None:
    if what == "finish":
        return 0
    if what.startswith("finish[") and what.endswith("]"):
        try:
            return int(what[7:-1])
        except ValueError:
            return None
    return None


def _content_choice(what: str) -> int | None:
    """The choice a content change belongs to (text, reasoning, refusal, tool calls)."""
    for head in ("text", "reasoning", "refusal"):
        if what == head:
            return 0
        if what.startswith(head + "[") and what.endswith("]"):
            try:
                return int(what[len(head) + 1 : -1])
            except ValueError:
                return None
    if what.startswith("tool_calls["):
        return 0
    if what.startswith("choice[") and ".tool_calls[" in what:
        try:
            return int(what[7 : what.index("]")])
        except ValueError:
            return None
    return None


def _check_stream(rec: Recording, spath: str) -> list[Finding]:
    if rec.kind not in _STREAM_KINDS or not rec.streaming or rec.is_exception:
        return []
    body = rec.response_raw.get("body")
    if not isinstance(body, list):
        return []
    rb = rec.rebuild
    if rb.error is not None:
        return []  # a recorded failure ends the stream on purpose
    if not body:
        return [finding(spath, "stream-incomplete", "a streamed response with no chunks")]
    out: list[Finding] = []
    total = len(rec.chunks)
    if not rb.choices:
        out.append(
            finding(
                spath, "stream-incomplete", f"the stream ends after {total} chunks without any content or finish reason"
            )
        )
    for choice in rb.choices:
        label = "" if len(rb.choices) == 1 else f"choice {choice.index}: "
        if choice.finish_reason is None:
            out.append(
                finding(
                    spath, "stream-incomplete", f"{label}the stream ends after {total} chunks without a finish reason"
                )
            )
        for tc in choice.tool_calls:
            if tc.arguments.strip():
                try:
                    json.loads(tc.arguments)
                except ValueError:
                    tail = tc.arguments[-40:]
                    out.append(
                        finding(
                            spath,
                            "stream-incomplete",
                            f"{label}tool call {tc.index} ({tc.name or '?'}) ends with arguments that are not valid JSON: …{tail!r}",
                        )
                    )
    # Content after the finish: the client has stopped reading by then.
    if rec.kind in (Kind.CHAT, Kind.COMPLETION):
        finished, late = _late_openai(rec.chunks)
    else:
        finished, late = _late_generic(rec)
    for c, i in sorted(late.items()):
        label = "" if len(rb.choices) <= 1 else f"choice {c}: "
        out.append(
            finding(
                spath,
                "stream-incomplete",
                f"{label}content arrives in chunk {i} after the finish reason in chunk {finished[c]}",
            )
        )
    return out


def _late_openai(chunks: list[Any]) -> tuple[dict[int, int], dict[int, int]]:
    """Where each choice finished, and where content first came after that, from raw OpenAI chunks.

    The common case, read straight from the chunks: much cheaper than a replay.
    """
    finished: dict[int, int] = {}
    late: dict[int, int] = {}
    for i, item in enumerate(chunks):
        data = item.get("__data__", item) if isinstance(item, dict) else None
        choices = data.get("choices") if isinstance(data, dict) else None
        for choice in choices if isinstance(choices, list) else ():
            if not isinstance(choice, dict):
                continue
            c = choice.get("index", 0)
            c = c if isinstance(c, int) and not isinstance(c, bool) else 0
            delta = choice.get("delta") if isinstance(choice.get("delta"), dict) else {}
            content = (
                choice.get("text")
                or delta.get("content")
                or delta.get("tool_calls")
                or delta.get("reasoning_content")
                or delta.get("reasoning")
                or delta.get("refusal")
            )
            if c in finished and content and c not in late:
                late[c] = i
            if choice.get("finish_reason") is not None:
                finished.setdefault(c, i)
    return finished, late


def _late_generic(rec: Recording) -> tuple[dict[int, int], dict[int, int]]:
    """The same for any family, through the replay's per-chunk changes."""
    replay = rec.replay
    finished: dict[int, int] = {}
    late: dict[int, int] = {}
    for i in range(replay.total):
        for change in replay.changes(i):
            fin = _finish_key(change.what)
            if fin is not None and change.value is not None:
                finished.setdefault(fin, i)
                continue
            c = _content_choice(change.what)
            if c is not None and c in finished and i > finished[c] and change.value not in ("", None):
                late.setdefault(c, i)
    return finished, late


def check_recording(
    rec: Recording,
    opts: CheckOptions | None = None,
    *,
    sources: TestSourceCache | None = None,
    display: str | None = None,
) -> list[Finding]:
    """Every per-file finding for one loaded recording (cross-file checks excluded)."""
    opts = opts or CheckOptions()
    path = rec.path or Path(rec.name)
    spath = display or str(path)
    bad = _check_readable(rec, spath)
    if bad is not None:
        return [bad] if opts.wants(bad.code) else []
    out: list[Finding] = []
    try:
        rec.rebuild  # noqa: B018 - fills rec.problems for odd shapes
        out += [finding(spath, "malformed", p) for p in rec.problems]
        dead = _check_replayed(rec, spath, opts)
        if dead is not None:
            # instead of the hash, place and normalisation codes: no name, folder or rewrite makes it read
            out.append(dead)
        else:
            out += _check_hash(rec, spath, opts)
            out += _check_location(rec, path, spath, opts)
            norm = _check_normalised(rec, spath, path, opts.rules)
            if norm:
                out.append(norm)
        out += _check_types(rec, spath)
        out += _check_secrets(rec, spath)
        out += _check_stream(rec, spath)
        if opts.wants("tool-args-schema") or opts.wants("response-schema"):
            from inspector.core.checks.schema import schema_issues

            out += [finding(spath, i.code, i.message) for i in schema_issues(rec)]
        if opts.wants("healed"):
            from inspector.core.checks.healed import healed_findings

            out += healed_findings(rec, spath)
        if opts.tests_root is not None and rec.test_id and opts.wants("orphan-test"):
            out += check_orphan(rec.test_id, path, spath, opts, sources or TestSourceCache())
    except RecursionError:
        out.append(finding(spath, "malformed", "nested too deeply to check"))
    return [f for f in out if opts.wants(f.code)]


def check_orphan(test_id: str, path: Path, spath: str, opts: CheckOptions, sources: TestSourceCache) -> list[Finding]:
    """``orphan-test`` for a file with ``test_id`` (no recording needed: the cached checks call it too)."""
    root = layout.repo_root(path, test_id, opts.tests_root)
    if root is None:
        return []
    exists, why = sources.test_exists(root, test_id)
    if exists is False:
        return [
            finding(
                spath,
                "orphan-test",
                f"its test no longer exists: {why} (test id {test_id})",
                "delete the recording if the test was removed; re-record it if the test was renamed",
            )
        ]
    return []


# --- interrupted saves --------------------------------------------------------------------


_LEFTOVER_READ_LIMIT = 64 * 1024 * 1024


def check_leftover(tmp: Path, display: Callable[[Path], str] = str) -> Finding | None:
    """What a save's leftover temporary file holds, and what to do with it.

    None while a save in that folder is still running (its temporary file is live) or
    when the file has gone meanwhile.  The writer writes the whole file before renaming
    it, so a temporary file that parses as JSON is a complete save that never got its
    name; anything else is a partial write.
    """
    target_name = leftover_target(tmp.name)
    if target_name is None or save_in_progress(tmp.parent):
        return None
    target = tmp.with_name(target_name)
    try:
        size = tmp.stat().st_size
        data = tmp.read_bytes() if size <= _LEFTOVER_READ_LIMIT else None
    except OSError:
        return None
    shown, rm = display(tmp), f"rm {shell_path(tmp)}"
    complete = False
    if data:
        try:
            json.loads(data)
            complete = True
        except (ValueError, RecursionError):
            pass
    if not complete:
        what = "an empty file" if size == 0 else f"a partial write ({size:,} bytes)"
        return finding(
            shown, "interrupted-save", f"{what} left by an interrupted save of {target_name}: safe to delete", rm
        )
    try:
        current = target.read_bytes() if target.is_file() else None
    except OSError:
        current = None
    if current == data:
        return finding(
            shown,
            "interrupted-save",
            f"a copy of {target_name} left by an interrupted save (the same bytes): safe to delete",
            rm,
        )
    if current is None:
        return finding(
            shown,
            "interrupted-save",
            f"a complete save of {target_name} that never got its name ({target_name} is missing): "
            "rename it to keep it",
            f"mv {shell_path(tmp)} {shell_path(target)}",
        )
    try:
        older = tmp.stat().st_mtime < target.stat().st_mtime
    except OSError:
        older = False
    when = f"older than {target_name}, which a later save may have replaced" if older else "the two differ"
    return finding(
        shown,
        "interrupted-save",
        f"a complete save of {target_name} that did not replace it ({when}): compare them, "
        f"then move it over {target_name} to keep it, or delete it",
        f"diff -u {shell_path(target)} {shell_path(tmp)}",
    )
