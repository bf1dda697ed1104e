"""Recording changes in git for notebooks: ``inspector.changes("main..HEAD")`` and a file's history."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from inspector.core.history.changes import CLASSES, STATUSES, ChangeSet, FileChange, collect_changes, resolve_range
from inspector.core.history.git import Commit, find_repo
from inspector.core.rules.profiles import rule_set
from inspector.notebook.html import STYLE, esc
from inspector.notebook.rows import Rows

__all__ = ["Changes", "changes", "history"]


class Changes(Rows):
    """The rows ``recording-inspector changes --format json`` prints, as dicts; displays as the summary table.

    ``.changes`` holds the core's :class:`~inspector.core.history.changes.Change` records (request
    paths that changed, rebuilt texts), ``.stale`` the files the range made unreachable.
    """

    def __init__(self, result: ChangeSet) -> None:
        self.result = result
        self.rows = [c.to_json() for c in result.changes]

    @property
    def changes(self) -> list[FileChange]:
        return self.result.changes

    @property
    def stale(self) -> list[dict[str, Any]]:
        return [c.to_json() for c in self.result.stale]

    def counts(self) -> dict[str, int]:
        return self.result.counts()

    def __repr__(self) -> str:
        n = self.counts()
        parts = ", ".join(f"{k} {n[k]}" for k in (*STATUSES, *CLASSES, "stale") if n[k])
        return f"<Changes {self.result.range.spec or 'HEAD → working tree'}: {len(self)} recordings ({parts or 'none'})>"

    def _repr_html_(self) -> str:
        return changes_html(self.result)


def changes_html(cs: ChangeSet, *, limit: int = 300) -> str:
    """The summary table: counts, newly stale files first, then one row per recording grouped by test."""
    r = cs.range
    title = r.spec if r.spec and not r.worktree else f"{r.old_label} → {r.new_label}"
    n = cs.counts()
    badges = "".join(
        f'<span class="ri-badge{" ri-mismatch" if k == "stale" else ""}">{esc(k)} {n[k]}</span>'
        for k in (*STATUSES, *CLASSES, "stale")
        if n[k]
    )
    out = [STYLE, '<div class="ri ri-changes-set">']
    out.append(f'<div class="ri-head"><span class="ri-title">changes {esc(title)}</span>{badges}</div>')
    if not len(cs):
        out.append('<div class="ri-dim">(no recording changed)</div></div>')
        return "".join(out)
    ordered = [c for c in cs.changes if c.stale] + [c for c in cs.changes if not c.stale]
    out.append(
        '<table class="ri-list"><thead><tr><th>status</th><th>file</th><th>test</th>'
        "<th>classes</th><th>hash before</th><th>hash after</th></tr></thead><tbody>"
    )
    for c in ordered[:limit]:
        cls = " ri-mismatch" if c.stale else ""
        after = f'<span class="ri-badge{cls}">{esc(c.hash_after)}</span>' if c.hash_after else ""
        moved = f'<div class="ri-dim">← {esc(c.old_path)}</div>' if c.old_path else ""
        out.append(
            f"<tr><td>{esc(c.status)}</td><td><code>{esc(c.path)}</code>{moved}</td>"
            f'<td class="ri-dim">{esc(c.test_id or "")}</td><td>{esc(", ".join(c.classes))}</td>'
            f"<td>{esc(c.hash_before or '')}</td><td>{after}</td></tr>"
        )
    out.append("</tbody></table>")
    if len(ordered) > limit:
        out.append(f'<div class="ri-dim">… {len(ordered) - limit:,} more not shown</div>')
    out.append("</div>")
    return "".join(out)


def changes(
    spec: str | None = None, paths: Iterable[str] = (), *, repo: str | os.PathLike[str] = ".", rules: str = "newest"
) -> Changes:
    """What ``spec`` (``A..B``, ``A...B``, ``REV`` or ``None`` for HEAD → working tree) did to the recordings.

    Raises :class:`~inspector.core.history.git.GitError` (one-line message) for git missing,
    not a repository, or an unknown revision; ``ValueError`` for an unknown ``rules``.
    """
    target = rule_set(rules)
    with find_repo(repo) as r:
        limit = [r.relative(p) if os.path.exists(p) else str(p).strip("/") for p in paths]
        return Changes(collect_changes(r, resolve_range(r, spec), limit, rules=target))


def history(path: str | os.PathLike[str]) -> list[Commit]:
    """The commits that touched ``path`` (following renames), newest first."""
    with find_repo(path) as r:
        return r.log_follow(r.relative(path))
