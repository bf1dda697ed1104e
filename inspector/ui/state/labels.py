"""How a recording and a group look in one line: markers, kind, model, first words.

Shared by the tree, the command palette and the header so a recording reads the
same everywhere.
"""

from __future__ import annotations

import re

from rich.text import Text

from inspector.core.index.grouping import Group
from inspector.core.index.summary import Summary
from inspector.core.recording.secrets import mask_text
from inspector.core.rules.profiles import ALIASES

__all__ = [
    "MARKERS",
    "HEAL_STYLES",
    "hash_state",
    "markers",
    "recording_label",
    "miss_label",
    "group_label",
    "short_hash",
    "clean_words",
]

#: marker -> (what it means, style); the help screen lists these.
MARKERS: dict[str, tuple[str, str]] = {
    "≈": ("streamed response", "cyan"),
    "ƒ": ("made tool calls", "yellow"),
    "✗": ("recorded error or exception", "bold red"),
    "!": ("unreadable file", "bold red"),
    "#": ("file name is not the request hash (stale, legacy rule or unknown)", "magenta"),
    # in front of a recording, put there by editing and curating (ui/main/editing.py)
    "●": ("unsaved edits (ctrl+s saves, ctrl+z undoes)", "bold yellow"),
    "✓": ("marked (m): delete, v, n and # act on every marked recording", "bold green"),
    # captured replay runs (--misses, --runs; ui/state/captures.py)
    "✚": ("healed: written by heal from another recording, not re-recorded (yellow: unsafe)", "bold green"),
    "∅": ("unread: no replay run read it, though its test ran (--runs)", "bold magenta"),
}

#: A miss's heal class (and what became of it) -> its style in the tree and Compare.
HEAL_STYLES: dict[str, str] = {
    "safe": "bold green",
    "unsafe": "bold yellow",
    "none": "bold red",
    "healed": "green",
    "present": "dim green",
    "…": "dim",
    "?": "dim",
}
_HEAL_WIDTH = max(len(k) for k in HEAL_STYLES)

_SPECIAL_TOKENS = re.compile(r"<\|[^|>]{1,40}\|>")
_LEVEL_STYLES = {
    "suite": "bold",
    "file": "",
    "test": "$accent",
    "param": "dim",
    "folder": "italic",
    "misses": "bold red",
    "endpoint": "bold",
    "model": "",
}


def hash_state(summary: Summary, rules: str = "newest") -> str:
    """The hash status under the rule set the user counts as ok (``rules``: a profile's name or an alias of the newest)."""
    if rules not in ALIASES and summary.hash_rule == rules:
        return "ok"
    return summary.hash_status


def markers(summary: Summary, rules: str = "newest") -> Text:
    """The fixed-width marker column: streamed, tools, error, hash."""
    out = Text()
    if summary.invalid:
        return Text("!   ", style=MARKERS["!"][1])
    out.append("≈" if summary.streaming else " ", MARKERS["≈"][1])
    out.append("ƒ" if summary.tools else " ", MARKERS["ƒ"][1])
    out.append("✗" if summary.exception or summary.error else " ", MARKERS["✗"][1])
    state = hash_state(summary, rules)
    out.append("#" if state != "ok" else " ", "red" if state == "mismatch" else MARKERS["#"][1])
    return out


def clean_words(text: str) -> str:
    """A label without chat-template tokens (`<|eot_id|>` and the like)."""
    return " ".join(_SPECIAL_TOKENS.sub(" ", text).split())


def short_hash(summary: Summary) -> str:
    """The first characters of the file name: enough to tell recordings apart."""
    stem = summary.name.removesuffix(".json")
    if stem.startswith("models-"):
        stem = stem[7:]
    return stem[:8]


def recording_label(summary: Summary, rules: str = "newest", *, with_model: bool = True) -> Text:
    """``≈ƒ ✗#  chat gpt-4o Weather in Quito?`` for the tree and the palette."""
    text = markers(summary, rules)
    text.append(" ")
    if summary.invalid:
        text.append(summary.name, "bold")
        text.append(f" {summary.error or 'unreadable'}", "red")
        return text
    if summary.healed is not None:
        text.append("✚ ", MARKERS["✚"][1] if summary.healed == "safe" else "bold yellow")
    text.append(summary.kind, "bold")
    if with_model and summary.model:
        model = summary.model if len(summary.model) <= 24 else summary.model[:23] + "…"
        text.append(f" {model}", "cyan")
    words = mask_text(clean_words(summary.label))  # the tree never shows a credential
    if words:
        text.append(f" {words}", "italic")
    elif summary.endpoint and summary.endpoint not in summary.kind:
        text.append(f" {summary.endpoint}", "dim")
    text.append(f" {short_hash(summary)}", "dim")
    return text


def miss_label(summary: Summary, heal: str) -> Text:
    """``unsafe  test_chat.py::test_x[…]``: a captured miss by its heal class and test id."""
    text = Text(heal.ljust(_HEAL_WIDTH), style=HEAL_STYLES.get(heal, ""))
    text.append(" ")
    if summary.test_id:
        file, sep, rest = summary.test_id.partition("::")
        text.append(mask_text(file.rsplit("/", 1)[-1] + sep + rest))
    else:
        text.append("(no test id)", "italic")
    text.append(f" {short_hash(summary)}", "dim")
    return text


def group_label(group: Group) -> Text:
    """``test_x  12``: the group's name and how many recordings it holds."""
    style = _LEVEL_STYLES.get(group.level, "")
    text = Text(group.label, style=style.replace("$accent", "cyan"))
    text.append(f" {group.count}", "dim")
    return text
