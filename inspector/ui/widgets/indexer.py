"""Indexing in the background: a thread reads summaries and posts them in batches.

The worker never touches a widget: it only posts :class:`Indexer.Batch` and
:class:`Indexer.Finished` messages, so the tree fills as files are read and the
app stays usable (you can select a recording while the rest load).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

# The reading machinery (discovery, the index and its cache, the recorder's hashing)
# is imported by the worker thread when it starts, not before the first frame.
if TYPE_CHECKING:
    from inspector.core.index.summary import Summary
    from inspector.core.recording.discovery import DiscoveryIssue
    from inspector.core.rules.profiles import RuleSet

__all__ = ["Indexer"]

# Post at least this often while reading, and at most this many summaries at once,
# so the tree grows smoothly without a message per file.
_BATCH_SECONDS = 0.1
_BATCH_SIZE = 500


class Indexer(Horizontal):
    """A progress bar and a count while indexing; a one-line status afterwards."""

    DEFAULT_CSS = """
    Indexer {
        height: 1;
        background: $panel;
    }

    #index-bar {
        width: 16;
        padding: 0 1;
    }

    #index-bar Bar {
        width: 14;
    }

    #index-status {
        width: 1fr;
        color: $text-muted;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    @dataclass
    class Started(Message):
        """Discovery is done: ``total`` files will be read."""

        total: int
        issues: list[DiscoveryIssue]

    @dataclass
    class Batch(Message):
        """Summaries read since the last batch; ``done`` of ``total`` files so far."""

        summaries: list[Summary]
        done: int
        total: int

    @dataclass
    class Finished(Message):
        """Every file has been read (or indexing failed with ``error``)."""

        total: int
        error: str | None = None

    def __init__(self, *, show_eta: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._bar = ProgressBar(total=None, show_eta=show_eta, show_percentage=False, id="index-bar")
        self._status = Static("finding recordings…", id="index-status")
        self.loading_files = True

    def compose(self) -> ComposeResult:
        yield self._bar
        yield self._status

    def start(self, paths: Sequence[str | os.PathLike[str]], rules: RuleSet | str | None = None) -> None:
        """Index ``paths`` in a thread worker (a second call replaces the first).

        ``rules``: the hash rule set (or its name) that counts as ``ok`` (the newest when None).
        """
        self.loading_files = True
        self._bar.display = True
        self._bar.update(total=None, progress=0)
        self._index(list(paths), rules)

    @work(thread=True, exclusive=True, group="index", name="index")
    def _index(self, paths: list[str | os.PathLike[str]], rules: RuleSet | str | None = None) -> None:
        worker = get_current_worker()
        try:
            from inspector.core.index.listing import iter_summaries, summarize_path
            from inspector.core.recording.discovery import discover
            from inspector.core.rules.profiles import rule_set

            if isinstance(rules, str):
                rules = rule_set(rules)
            found = discover(paths)
        except Exception as exc:  # a bug or an unreadable disk: say so, keep the app alive
            self.post_message(self.Finished(0, f"finding recordings failed: {type(exc).__name__}: {exc}"))
            return
        total = len(found.files)
        self.post_message(self.Started(total, list(found.issues)))
        batch: list[Summary] = []
        seen: set[str] = set()
        last = time.monotonic()
        problem: str | None = None

        def take(summary: Summary) -> bool:
            nonlocal batch, last
            if worker.is_cancelled:
                return False
            batch.append(summary)
            seen.add(summary.path)
            now = time.monotonic()
            # The first one goes at once, so the tree is never empty while a slow file loads.
            if len(seen) == 1 or len(batch) >= _BATCH_SIZE or now - last >= _BATCH_SECONDS:
                self.post_message(self.Batch(batch, len(seen), total))
                batch, last = [], now
            return True

        try:
            for summary in iter_summaries(paths, found=found, rules=rules):
                if not take(summary):
                    return
        except Exception as exc:
            # The index (cache, worker processes) failed: read the rest one by one, so
            # the tree is still complete, and say what went wrong.
            problem = f"the index failed ({type(exc).__name__}: {exc}); read the files directly"
            for path in found.files:
                if str(path) not in seen and not take(summarize_path(path, rules=rules)):
                    return
        if batch:
            self.post_message(self.Batch(batch, len(seen), total))
        self.post_message(self.Finished(len(seen), problem))

    def show_progress(self, done: int, total: int) -> None:
        """Move the bar and the count (called on the UI thread)."""
        self._bar.update(total=max(total, 1), progress=done)
        self._status.update(f"indexing {done:,} / {total:,}")

    def show_status(self, text: str) -> None:
        """The line shown once indexing is over."""
        self.loading_files = False
        self._bar.display = False
        self._status.update(text)
