"""Captured replay misses in notebooks: ``inspector.misses("ci-misses/")``, one row per miss, shown as a table."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence

from inspector.core.checks.misses import HEAL_CLASSES, NONE, SAFE, MissReport, explain_misses
from inspector.core.recording.captures import read_misses
from inspector.core.rules.profiles import rule_set
from inspector.notebook.html import STYLE, esc
from inspector.notebook.rows import Rows

__all__ = ["Misses", "misses", "misses_html"]

_CLASS_BADGE = {SAFE: "ri-ok", "unsafe": "ri-legacy-rule", NONE: "ri-mismatch"}


class Misses(Rows):
    """The rows ``recording-inspector misses --format json`` prints, as dicts; displays as a table.

    ``.reports`` holds the core's :class:`~inspector.core.checks.misses.MissReport` records
    (the nearest recording as a candidate, the changed paths as ``PathChange`` values).
    """

    def __init__(self, reports: list[MissReport]) -> None:
        self.reports = reports
        self.rows = [r.to_json() for r in reports]

    def counts(self) -> dict[str, int]:
        """How many misses per heal class (``safe``, ``unsafe``, ``none``)."""
        n = Counter(r.heal for r in self.reports)
        return {c: n[c] for c in HEAL_CLASSES}

    def __repr__(self) -> str:
        n = self.counts()
        parts = ", ".join(f"{n[c]} {c}" for c in HEAL_CLASSES if n[c])
        return f"<Misses: {len(self)} ({parts or 'none captured'})>"

    def _repr_html_(self) -> str:
        return misses_html(self.reports)


def _changed_html(r: MissReport, limit: int = 6) -> str:
    if r.nearest is None:
        return '<span class="ri-dim">–</span>'
    if not r.changed:
        return '<span class="ri-dim">nothing the hash sees</span>'
    items = [f'<div class="ri-changes" title="{esc(c.summary(200))}">{esc(c.summary(60))}</div>' for c in r.changed[:limit]]
    if len(r.changed) > limit:
        items.append(f'<div class="ri-dim">… {len(r.changed) - limit} more</div>')
    return "".join(items)


def misses_html(reports: Sequence[MissReport], *, limit: int = 300) -> str:
    """A table of the misses: heal class, test, kind, nearest recording, changed paths, the file heal writes."""
    n = Counter(r.heal for r in reports)
    badges = "".join(f'<span class="ri-badge {_CLASS_BADGE[c]}">{esc(c)} {n[c]}</span>' for c in HEAL_CLASSES if n[c])
    out = [STYLE, '<div class="ri ri-misses">']
    out.append(f'<div class="ri-head"><span class="ri-title">replay misses: {len(reports)}</span>{badges}</div>')
    if not reports:
        out.append('<div class="ri-dim">(no miss captured)</div></div>')
        return "".join(out)
    out.append(
        '<table class="ri-list"><thead><tr><th>heal</th><th>test</th><th>kind</th>'
        "<th>nearest</th><th>changed (old → new)</th><th>heal writes</th></tr></thead><tbody>"
    )
    for r in list(reports)[:limit]:
        near = (
            f"<code>{esc(r.shown(r.nearest.path))}</code>"
            f'<div class="ri-dim">{esc(" · ".join(r.nearest.reasons))}</div>'
            if r.nearest
            else '<span class="ri-dim">nothing resembles it</span>'
        )
        target = f"<code>{esc(r.shown(r.target))}</code>" if r.target and r.heal != NONE else '<span class="ri-dim">–</span>'
        out.append(
            f'<tr><td><span class="ri-badge {_CLASS_BADGE.get(r.heal, "")}">{esc(r.heal)}</span></td>'
            f'<td><code>{esc(r.test_id or "(no test)")}</code><div class="ri-dim">{esc(r.hash[:12])}…</div></td>'
            f"<td>{esc(r.miss.kind)}</td><td>{near}</td><td>{_changed_html(r)}</td><td>{target}</td></tr>"
        )
    out.append("</tbody></table>")
    if len(reports) > limit:
        out.append(f'<div class="ri-dim">… {len(reports) - limit:,} more not shown</div>')
    out.append("</div>")
    return "".join(out)


def misses(
    dirs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    root: str | os.PathLike[str] | None = None,
    rules: str = "newest",
) -> Misses:
    """The misses captured in ``dirs`` (``--capture-misses`` folders), each explained against ``root``.

    Raises ``FileNotFoundError`` for a folder that does not exist and ``ValueError`` (one
    line) for one that is not a capture folder or a miss file that cannot be read.
    """
    folders = [dirs] if isinstance(dirs, (str, os.PathLike)) else list(dirs)
    target = rule_set(rules)
    got = read_misses(folders)
    if got.errors:
        first = got.errors[0]
        if not first.path.exists():
            raise FileNotFoundError(first.message)
        raise ValueError(first.message)
    return Misses(explain_misses(got.misses, root, rules=target))
