"""Replay misses read from pytest output: the recorder's "Recording not found" messages, the test
ids of the ``FAILED`` lines and section headers they belong to, and a pasted request body.

:func:`parse_misses` finds every miss in any text; :func:`parse_body` takes the request that missed
from a body, a request object or a whole recording.  :mod:`.explain` ranks what they drifted from.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from inspector.core.rules import hashing
from inspector.core.rules.layout import is_model_list

__all__ = ["Miss", "parse_misses", "parse_body"]


# --- parsing the failure ------------------------------------------------------------------

_HASH_MISS = re.compile(
    r"(?:Recording not found|No recorded response found) for (?:(?P<family>[\w-]+) )?request hash: (?P<hash>[0-9a-f]{64}|[0-9a-f]{12})\b"
)
_MODEL_REQUEST = re.compile(r"Model: (?P<model>[^|\n]*?) \| Request: (?P<method>[A-Z]+) (?P<url>\S+)")
_MODEL_ENDPOINT = re.compile(r"Model: (?P<model>[^|\n]*?) \| Endpoint: (?P<endpoint>\S+)")
_OLD_REQUEST = re.compile(r"^(?:E\s+)?Request: (?P<method>[A-Z]+) (?P<url>\S+)", re.M)
_OLD_MODEL = re.compile(r"^(?:E\s+)?Model: (?P<model>\S+)\s*$", re.M)
_TOOL_MISS = re.compile(
    r"Recording not found for (?P<provider>[\w-]+)\.(?P<tool>[\w-]+) \| Request: (?P<kwargs>.*)$", re.M
)
_URL_MISS = re.compile(r"Recording not found for (?P<what>[\w ]+?) (?:request )?\| URL: (?P<url>\S+)")
_BARE_HASH = re.compile(r"\b[0-9a-f]{64}\b")
_FAILED = re.compile(r"^(?:FAILED|ERROR) (?P<node>\S+?\.py::\S+?)(?: - (?P<rest>.*))?\s*$", re.M)
_SECTION = re.compile(r"^_{3,} (?:ERROR at \w+ of )?(?P<name>\S+) _{3,}\s*$", re.M)
_NODE_ANYWHERE = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w.-]+\.py::[\w:\[\]./=,+-]+)")


@dataclass(slots=True)
class Miss:
    """One replay miss found in the text."""

    hash: str | None
    model: str | None = None
    method: str | None = None
    url: str | None = None
    endpoint: str | None = None  # genai misses give an endpoint, not a URL
    test_id: str | None = None
    family: str | None = None  # "genai", "tool", "rerank", … (None: inference)
    tool: tuple[str, str, Any] | None = None  # provider, tool name, kwargs
    position: int = 0

    @property
    def path(self) -> str | None:
        """The URL path the hash includes (``/v1/v1/chat/completions``)."""
        if self.url:
            try:
                return urlparse(self.url).path or None
            except ValueError:
                return None
        return self.endpoint

    @property
    def model_list(self) -> bool:
        return is_model_list(self.url or self.endpoint)

    def describe(self) -> str:
        if self.tool:
            return f"tool call {self.tool[0]}.{self.tool[1]}"
        what = " ".join(x for x in (self.method, self.url or self.endpoint) if x)
        # Empty when the message names neither: callers then leave the line out.
        return f"{what} (model {self.model})" if self.model else what


def _node_for_section(name: str, nodes: list[str]) -> str | None:
    """The node id a pytest section header (``TestX.test_y[p]``) belongs to."""
    wanted = "::" + name.replace(".", "::")
    hits = [n for n in nodes if n.endswith(wanted)]
    return hits[0] if len(hits) == 1 else None


def parse_misses(text: str) -> list[Miss]:
    """Every replay miss in ``text``, one per hash, with test ids when the text names them."""
    failed = [(m.group("node"), m.group("rest") or "", m.start()) for m in _FAILED.finditer(text)]
    nodes = list(dict.fromkeys(n for n, _, _ in failed))
    if not nodes:
        nodes = list(dict.fromkeys(_NODE_ANYWHERE.findall(text)))
    sections = [(m.start(), m.group("name")) for m in _SECTION.finditer(text)]
    by_hash: dict[str, Miss] = {}
    misses: list[Miss] = []

    def test_id_at(pos: int) -> str | None:
        before = [name for start, name in sections if start < pos]
        if before:
            node = _node_for_section(before[-1], nodes)
            if node:
                return node
        return nodes[0] if len(nodes) == 1 else None

    for m in _HASH_MISS.finditer(text):
        h = m.group("hash")
        window = text[m.end() : m.end() + 2000]
        miss = by_hash.get(h)
        if miss is None:
            miss = Miss(h, family=m.group("family"), position=m.start())
            by_hash[h] = miss
            misses.append(miss)
        mr = _MODEL_REQUEST.search(window[:600])
        if mr and miss.url is None:
            miss.model, miss.method, miss.url = mr.group("model").strip() or None, mr.group("method"), mr.group("url")
        me = _MODEL_ENDPOINT.search(window[:600])
        if me and miss.endpoint is None:
            miss.model, miss.endpoint = me.group("model").strip() or None, me.group("endpoint")
        if miss.url is None:  # the older recorder's message: "Request: POST url {body}" then "Model: m"
            orq = _OLD_REQUEST.search(window[:4000])
            if orq:
                miss.method, miss.url = orq.group("method"), orq.group("url")
            om = _OLD_MODEL.search(window)
            if om and miss.model is None:
                miss.model = om.group("model")
        if miss.test_id is None:
            miss.test_id = test_id_at(m.start())
    for node, rest, _pos in failed:  # "FAILED node - RuntimeError: Recording not found … hash: H"
        hm = _HASH_MISS.search(rest)
        if hm and hm.group("hash") in by_hash:
            by_hash[hm.group("hash")].test_id = node
    for m in _TOOL_MISS.finditer(text):
        kwargs_text = m.group("kwargs").strip()
        try:
            kwargs = ast.literal_eval(kwargs_text)
        except (ValueError, SyntaxError, RecursionError):
            kwargs = None
        provider, tool = m.group("provider"), m.group("tool")
        h = hashing.hash_object(hashing.tool_object(provider, tool, kwargs)) if kwargs is not None else None
        if h is not None and h in by_hash:
            continue
        miss = Miss(h, family="tool", tool=(provider, tool, kwargs), test_id=test_id_at(m.start()), position=m.start())
        if h:
            by_hash[h] = miss
        misses.append(miss)
    for m in _URL_MISS.finditer(text):
        misses.append(
            Miss(
                None,
                url=m.group("url"),
                family=m.group("what").strip(),
                test_id=test_id_at(m.start()),
                position=m.start(),
            )
        )
    if not misses:
        bare = _BARE_HASH.findall(text)
        for h in dict.fromkeys(bare):
            misses.append(Miss(h, test_id=nodes[0] if len(nodes) == 1 else None))
    misses.sort(key=lambda x: x.position)
    return misses


def parse_body(value: Any) -> tuple[Any, dict[str, Any]]:
    """The request body that missed, from a body, a request object or a whole recording.

    Returns ``(body, request)`` where ``request`` holds what else the file said
    (method, url, test_id), possibly nothing.
    """
    if isinstance(value, dict) and isinstance(value.get("request"), dict) and "response" in value:
        req = dict(value["request"])
        if value.get("test_id") is not None:
            req.setdefault("test_id", value["test_id"])
        value = req
    if isinstance(value, dict) and "body" in value and ("url" in value or "method" in value):
        return value["body"], {k: v for k, v in value.items() if k != "body"}
    if isinstance(value, dict) and "payload" in value and "url" in value:
        return value["payload"], {k: v for k, v in value.items() if k != "payload"}
    if isinstance(value, dict) and "kwargs" in value and "tool_name" in value:
        return value["kwargs"], {k: v for k, v in value.items() if k != "kwargs"}
    return value, {}
