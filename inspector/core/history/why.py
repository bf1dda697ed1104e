"""Why a recording's name is not what today's recorder computes: the rule set, or the commit that broke it.

A name that an older rule set reproduces is explained by that rule set.  Otherwise
the file's own history (``git log --follow``) is read newest first: the newest
version whose content hashes to the file's name under any rule set is
``last_good``, the version after it (the next commit that touched the file, or the
uncommitted working tree) is ``broke_in``, and ``changed`` lists the request paths
(test id included) that differ between the two.  Runs on demand: ``check`` never
reads history.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from inspector.core.history.changes import hashed_request
from inspector.core.history.git import Commit, GitError, NotARepository, Repo, find_repo
from inspector.core.recording.diff import json_diff
from inspector.core.recording.loading import Recording, load, load_bytes
from inspector.core.rules import hashing, profiles

__all__ = ["WORKTREE", "Why", "why", "why_in"]

#: ``broke_in`` for a break not committed yet
WORKTREE = Commit("", "", "uncommitted changes in the working tree")


@dataclass(slots=True)
class Why:
    """The answer for one file."""

    path: str  # as the user named it
    status: str  # the hash status today: ok | legacy-rule | mismatch | unknown
    rule: str | None  # the rule set that reproduces the name, if any
    last_good: Commit | None = None
    broke_in: Commit | None = None
    changed: list[str] = field(default_factory=list)
    note: str = ""  # one line for people: what the history showed

    def to_json(self) -> dict[str, Any]:
        def commit(c: Commit | None) -> dict[str, Any] | None:
            if c is None:
                return None
            return {"commit": c.commit or None, "date": c.date or None, "subject": c.subject}

        return {
            "path": self.path,
            "status": self.status,
            "rule": self.rule,
            "last_good": commit(self.last_good),
            "broke_in": commit(self.broke_in),
            "changed": list(self.changed),
        }


def _good(rec: Recording, name: str) -> bool:
    """Some rule set reproduces ``name`` from this content."""
    if not rec.ok:
        return False
    return hashing.hash_info(name, rec.request_raw, rec.test_id).status in ("ok", "legacy-rule")


def why(path: str | os.PathLike[str], rules: profiles.RuleSet = profiles.NEWEST, *, repo: Repo | None = None) -> Why:
    """Explain one file's name (a :class:`GitError` when its history cannot be read)."""
    p = Path(path)
    if not p.is_file():
        raise GitError(f"{path}: no such file")
    rec = load(p)
    shown = str(path)
    if not rec.ok:
        return Why(shown, "unknown", None, note=f"not a readable recording: {rec.problem}")
    info = rec.hash_info(rules)
    if info.status == "ok":
        return Why(shown, "ok", info.rule, note="the name is what the recorder computes: nothing to explain")
    if info.status == "legacy-rule":
        return Why(shown, info.status, info.rule, note=f"the name matches the older rule set {info.rule}")
    if info.status == "unknown":
        return Why(shown, info.status, None, note=info.reason or "no hash rule applies")
    if repo is not None:
        return why_in(repo, p, rec, shown)
    try:
        own = find_repo(p)
    except NotARepository:
        return Why(shown, "mismatch", None, note="not in a git repository: no history to read")
    with own:  # ours to close: its cat-file process ends with it
        return why_in(own, p, rec, shown)


def why_in(repo: Repo, p: Path, rec: Recording, shown: str) -> Why:
    """The history part: a mismatched name, followed back through ``git log --follow``."""
    rel = repo.relative(p)
    name = PurePosixPath(rel).name
    commits = repo.log_follow(rel)
    result = Why(shown, "mismatch", None)
    if not commits:
        result.note = "not in git history: no commit to compare with"
        return result
    # Newest first: the working tree (when it differs from the last commit), then each commit.
    versions: list[tuple[Commit, Recording]] = []
    head_raw = repo.blobs.read(f"{commits[0].commit}:{commits[0].path}")
    if head_raw is not None and head_raw != p.read_bytes():
        versions.append((WORKTREE, rec))
    for c in commits:
        raw = repo.blobs.read(f"{c.commit}:{c.path}")
        if raw is None:  # the commit removed it (history of a path that came back)
            continue
        versions.append((c, load_bytes(raw, Path(c.path))))
    for i, (c, old) in enumerate(versions):
        if _good(old, name):
            if i == 0:
                result.note = "every version in history matches its name; the working tree differs"
                return result
            broke, newer = versions[i - 1]
            result.last_good, result.broke_in = c, broke
            result.changed = [ch.path for ch in json_diff(hashed_request(old), hashed_request(newer))]
            result.note = f"the name was right until {_short(broke)}" if broke.commit else "the name broke in uncommitted changes"
            return result
    result.note = f"no version in {len(commits)} commit(s) hashes to the file's name (named by hand, or copied)"
    return result


def _short(c: Commit) -> str:
    return f"{c.commit[:12]} ({c.subject})"
