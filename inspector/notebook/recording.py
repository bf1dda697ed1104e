"""One recording in a notebook: the core record plus HTML display and replay."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector.core.base.model import HashInfo, Kind, Rebuild, RecordedError, RequestView, ToolCall
from inspector.core.index.summary import Summary, recording_json, summarize
from inspector.core.recording import loading as core
from inspector.core.rules.profiles import NEWEST, RuleSet, rule_set
from inspector.core.streams.replay import ReplayState
from inspector.notebook.html import recording_html, state_html

if TYPE_CHECKING:
    from inspector.notebook.replay import ReplayView

__all__ = ["Recording", "load"]


class Recording:
    """A recording as the notebook shows it.

    Jupyter displays it as HTML (request, rebuilt response, tool calls, usage,
    hash status, error).  The facts are those of the core record, available as
    :attr:`core` and through the same attribute names (``kind``, ``test_id``,
    ``chunks``, ``rebuild``, ``request``, ``hash``, ``data``, ``problem`` …);
    :meth:`replay` shows the response arriving chunk by chunk.  ``rules`` is the
    hash rule set that counts as ok (the newest unless a repository pins another).
    """

    def __init__(self, record: core.Recording, rules: RuleSet = NEWEST) -> None:
        self.core = record
        self.rules = rules

    # -- the facts, by the core's names ------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self.core.path

    @property
    def name(self) -> str:
        return self.core.name

    @property
    def ok(self) -> bool:
        """True when the file is a readable recording."""
        return self.core.ok

    @property
    def problem(self) -> str | None:
        """Why the file is not a usable recording, or ``None``."""
        return self.core.problem

    @property
    def problems(self) -> list[str]:
        """Odd values in an otherwise readable recording."""
        return self.core.problems

    @property
    def kind(self) -> Kind:
        return self.core.kind

    @property
    def test_id(self) -> str | None:
        return self.core.test_id

    @property
    def model(self) -> str | None:
        return self.core.model

    @property
    def endpoint(self) -> str | None:
        return self.core.endpoint

    @property
    def streaming(self) -> bool:
        return self.core.streaming

    @property
    def data(self) -> Any:
        """The parsed JSON of the file."""
        return self.core.data

    @property
    def chunks(self) -> list[Any]:
        """The response as replay steps (the stream's chunks; a plain body is one step)."""
        return self.core.chunks

    @property
    def request(self) -> RequestView:
        return self.core.request

    @property
    def rebuild(self) -> Rebuild:
        """What the client ends up with: choices, text, reasoning, tool calls, usage, error."""
        return self.core.rebuild

    @property
    def text(self) -> str:
        """The rebuilt text of the first choice."""
        return self.core.rebuild.text

    @property
    def tool_calls(self) -> tuple[ToolCall, ...]:
        """The rebuilt tool calls of the first choice."""
        return self.core.rebuild.tool_calls

    @property
    def usage(self) -> dict[str, Any] | None:
        return self.core.rebuild.usage

    @property
    def error(self) -> RecordedError | None:
        """The recorded failure (exception, HTTP error) or the read problem."""
        return self.core.rebuild.error if self.core.ok else self.core.error

    @cached_property
    def hash(self) -> HashInfo:
        """How the file name relates to the hash the recorder computes (under :attr:`rules`)."""
        return self.core.hash if self.rules is NEWEST else self.core.hash_info(self.rules)

    def hash_info(self, rules: str = "newest") -> HashInfo:
        """The hash status against another rule set (e.g. ``"2026-05"``, see ``RULE_SETS``)."""
        return self.core.hash_info(rule_set(rules))

    def history(self) -> list[Any]:
        """The file's commits in git, newest first (``commit``, ``date``, ``subject``, ``path`` there).

        Raises :class:`~inspector.core.history.git.GitError` outside a repository or without git.
        """
        if self.core.path is None:
            raise ValueError("this recording has no file, so no history")
        from inspector.notebook.changes import history

        return history(self.core.path)

    @cached_property
    def summary(self) -> Summary:
        """The one-row summary used by listings and filters."""
        return summarize(self.core, rules=self.rules)

    def to_dict(self) -> dict[str, Any]:
        """The same object ``recording-inspector show --format json`` prints."""
        return recording_json(self.core)

    # -- replay -------------------------------------------------------------------

    def state(self, n: int) -> ReplayState:
        """The response as the client had it after ``n`` chunks (clamped to 0 … total)."""
        return self.core.replay.state(n)

    def replay(self, position: int | None = None, *, interval: int = 40, step: int | None = None, widgets: bool | None = None) -> ReplayView:
        """Show the response arriving chunk by chunk.

        With ipywidgets installed (``pip install 'recording-inspector[jupyter]'``) this is a
        play button and a slider; otherwise, or with ``widgets=False``, a static rendering of
        the state at ``position`` (default: the end).  ``interval`` is milliseconds per
        frame and ``step`` chunks per frame (default: enough to finish in about 20 seconds).
        """
        from inspector.notebook.replay import ReplayView

        return ReplayView(self, position=position, interval=interval, step=step, widgets=widgets)

    # -- display ------------------------------------------------------------------

    def _repr_html_(self) -> str:
        return recording_html(self.core, hash_info=self.hash, rules=rules_label(self.rules))

    def state_html(self, n: int) -> str:
        """The HTML of :meth:`state` (what one frame of the replay shows)."""
        return state_html(self.state(n), title=self.name)

    def __repr__(self) -> str:
        if not self.ok:
            return f"<Recording {self.name}: {self.problem}>"
        bits = [self.kind.value]
        if self.model:
            bits.append(self.model)
        if self.streaming:
            bits.append(f"{self.core.chunk_count} chunks")
        bits.append(f"hash {self.hash.status}")
        if self.error:
            bits.append(f"error: {self.error.one_line()[:80]}")
        test = f" {self.test_id}" if self.test_id else ""
        return f"<Recording {self.name}{test} ({', '.join(bits)})>"

    def __str__(self) -> str:
        return self.__repr__()


def rules_label(rules: RuleSet) -> str:
    return "newest" if rules is NEWEST else rules.name


def load(path: str | os.PathLike[str], rules: str = "newest") -> Recording:
    """Load one recording file for display in a notebook.

    A file that is not a readable recording still loads (its ``problem`` says why and it
    displays as such); a path that does not exist, or is a folder, raises with a one-line
    message (use :func:`inspector.open` for folders), as does an unknown ``rules`` name.
    """
    target = rule_set(rules)
    p = Path(path).expanduser()
    if p.is_dir():
        raise IsADirectoryError(f"{path} is a folder; use inspector.open({str(path)!r}) for a collection")
    if not p.exists():
        raise FileNotFoundError(f"no such recording file: {path}")
    return Recording(core.load(p), target)
