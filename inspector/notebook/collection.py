"""Many recordings in a notebook: a sequence over summaries that loads files on access."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from inspector.core.index.listing import iter_summaries
from inspector.core.index.query import Query, parse_query
from inspector.core.index.summary import Summary
from inspector.core.recording.discovery import Discovery, DiscoveryIssue, discover
from inspector.core.recording.loading import load as load_core
from inspector.core.rules.profiles import NEWEST, RuleSet, rule_set
from inspector.notebook.html import collection_html, collection_summary_line
from inspector.notebook.recording import Recording, rules_label

__all__ = ["Collection", "open_collection", "PathsLike"]

PathsLike = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]

#: Rows shown by the HTML table before it says how many more there are.
DISPLAY_LIMIT = 200


class Collection(Sequence[Recording]):
    """Recordings found under some paths, displayed in Jupyter as a table grouped by test.

    Indexing loads a file: ``c[0]`` is a :class:`Recording`, ``c[2:5]`` a smaller
    collection, ``c["3f23394b"]`` the recording whose file name starts with that.
    Listing and filtering use only the small :attr:`summaries` (one per file,
    read once when the collection was opened).
    """

    def __init__(
        self,
        summaries: Iterable[Summary],
        *,
        source: str = "",
        query: str = "",
        issues: Sequence[DiscoveryIssue] = (),
        rules: RuleSet = NEWEST,
        derived: bool = False,
    ) -> None:
        self.summaries: tuple[Summary, ...] = tuple(summaries)
        self.source = source
        self.query = query
        #: what the search noticed (unreadable folders, index rows without a file)
        self.issues: tuple[DiscoveryIssue, ...] = tuple(issues)
        #: the hash rule set that counts as ok
        self.rules = rules
        self._derived = derived  # a filter or slice: the issues are the parent's to show

    @classmethod
    def from_paths(cls, paths: PathsLike, rules: str = "newest") -> Collection:
        """Every recording under ``paths`` (folders and/or files), in path order.

        ``rules`` names the hash rule set that counts as ok (e.g. ``"2026-05"``).
        """
        target = rule_set(rules)
        names = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
        if not names:
            raise ValueError("no paths given")
        # Absolute, so the collection keeps working after the notebook changes directory.
        found: Discovery = discover([Path(n).expanduser().absolute() for n in names])
        missing = [i for i in found.issues if i.code == "missing-path"]
        if missing:
            raise FileNotFoundError("no such file or folder: " + ", ".join(str(i.path) for i in missing))
        source = ", ".join(str(n) for n in names)
        return cls(iter_summaries([], found=found, rules=target), source=source, issues=found.issues, rules=target)

    def _derive(self, summaries: Iterable[Summary], query: str | None = None) -> Collection:
        query = self.query if query is None else query
        return Collection(summaries, source=self.source, query=query, issues=self.issues, rules=self.rules, derived=True)

    # -- sequence ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.summaries)

    @overload
    def __getitem__(self, key: int | str) -> Recording: ...

    @overload
    def __getitem__(self, key: slice) -> Collection: ...

    def __getitem__(self, key: int | slice | str) -> Recording | Collection:
        if isinstance(key, slice):
            return self._derive(self.summaries[key])
        if isinstance(key, str):
            return self._load(self._find(key))
        if isinstance(key, bool) or not isinstance(key, int):
            raise TypeError(f"index a collection with an int, a slice or a file name, not {type(key).__name__}")
        return self._load(self.summaries[key])

    def _find(self, key: str) -> Summary:
        exact = [s for s in self.summaries if key in (s.name, s.path)]
        if exact:
            return exact[0]
        found = [s for s in self.summaries if s.name.startswith(key)]
        if len(found) == 1:
            return found[0]
        if not found:
            raise KeyError(f"no recording named {key!r} in this collection")
        raise KeyError(f"{key!r} names {len(found)} recordings; give more of the file name")

    def _load(self, s: Summary) -> Recording:
        return Recording(load_core(s.path), self.rules)

    def __iter__(self) -> Iterator[Recording]:
        """The recordings, each loaded as the iteration reaches it."""
        for s in self.summaries:
            yield self._load(s)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Recording):
            item = str(item.path)
        if isinstance(item, (str, os.PathLike)):
            key = os.fspath(item)
            return any(key in (s.path, s.name) for s in self.summaries)
        return False

    def __bool__(self) -> bool:
        return bool(self.summaries)

    # -- narrowing -----------------------------------------------------------------

    def filter(self, query: str | Query) -> Collection:
        """The recordings matching a filter in the app's language, e.g. ``"model:gpt-4o has:tools"``.

        Free words match test id, model, endpoint, messages and response text;
        ``model: endpoint: test: kind: path: has:tools has:error is:stream hash:stale``
        narrow; a leading ``-`` negates.  An unknown term raises ``ValueError``.
        """
        q = query if isinstance(query, Query) else parse_query(query)
        text = " ".join(x for x in (self.query, q.text) if x)
        return self._derive((s for s in self.summaries if q.matches(s)), text)

    def where(self, predicate: Callable[[Summary], bool]) -> Collection:
        """The recordings whose :class:`Summary` passes ``predicate`` (for what the query language lacks)."""
        return self._derive(s for s in self.summaries if predicate(s))

    def by_test(self) -> dict[str | None, Collection]:
        """One collection per test id (``None`` for recordings made outside a test), in order."""
        groups: dict[str | None, list[Summary]] = {}
        for s in self.summaries:
            groups.setdefault(s.test_id, []).append(s)
        return {k: self._derive(v) for k, v in groups.items()}

    @property
    def tests(self) -> list[str]:
        """The distinct test ids, in order of appearance."""
        return list(dict.fromkeys(s.test_id for s in self.summaries if s.test_id))

    @property
    def paths(self) -> list[Path]:
        """The files, in order."""
        return [Path(s.path) for s in self.summaries]

    def recordings(self) -> list[Recording]:
        """Every recording, loaded now."""
        return list(self)

    def to_dicts(self) -> list[dict[str, Any]]:
        """One plain dict per recording (the ``ls --format jsonl`` fields), e.g. for ``pandas.DataFrame``."""
        return [s.to_json() for s in self.summaries]

    # -- display -------------------------------------------------------------------

    def _title(self) -> str:
        title = self.source
        if self.rules is not NEWEST:
            title += f"  rules: {self.rules.name}"
        if self.query:
            title += f"  filter: {self.query}"
        return title.strip()

    def _repr_html_(self) -> str:
        notes = [] if self._derived else [f"{i.path}: {i.message}" for i in self.issues if i.code != "missing-path"]
        return collection_html(self.summaries, title=self._title(), limit=DISPLAY_LIMIT, notes=notes, rules=rules_label(self.rules))

    def __repr__(self) -> str:
        lines = [f"<Collection {self._title() or '(in memory)'}: {collection_summary_line(self.summaries)}>"]
        for i, s in enumerate(self.summaries[:10]):
            test = s.test_id or "(no test id)"
            lines.append(f"  {i:>3}  {s.kind:<12} {(s.model or '-')[:28]:<28} {s.hash_status:<11} {test}")
        if len(self) > 10:
            lines.append(f"  … {len(self) - 10} more")
        return "\n".join(lines)


def open_collection(paths: PathsLike | None = None, rules: str = "newest") -> Collection:
    """Every recording under ``paths``; with none, ``./tests/integration`` or the shipped samples."""
    if paths is None:
        from inspector.core.base.search_paths import default_paths

        paths = default_paths()
    return Collection.from_paths(paths, rules)
