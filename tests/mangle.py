"""Hypothesis strategies that mangle real recordings.

A mangled recording starts from a real file (shipped samples, plus ../shared/corpus
when present) and gets one or more of: a key removed, a value of the wrong type at
any depth, odd unicode, a huge string, NaN/huge numbers, deep nesting; or its bytes
truncated.  Everything the core and the command line do must survive them.
"""

from __future__ import annotations

import copy
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from tests.conftest import SAMPLES, corpus_files

ODD_VALUES = [
    None, True, 0, -1, 2**70, 1.5, math.nan, math.inf, "", "\ud800", "\x00", "e\u0301\u202e\U0001F600",
    "x" * 20_000, [], {}, [None], {"__type__": 5, "__data__": "nope"}, {"__type__": "os.system", "__data__": {}},
]


@lru_cache(maxsize=1)
def base_documents() -> tuple[Any, ...]:
    paths = sorted(SAMPLES.rglob("*.json")) + [p for p in corpus_files() if p.stat().st_size < 150_000]
    return tuple(json.loads(Path(p).read_text()) for p in paths)


def _paths(doc: Any, prefix: tuple = (), limit: int = 400) -> list[tuple]:
    out = [prefix]
    stack = [(doc, prefix)]
    while stack and len(out) < limit:
        node, path = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            out.append(path + (k,))
            stack.append((v, path + (k,)))
    return out


def _get(doc: Any, path: tuple) -> Any:
    for k in path:
        doc = doc[k]
    return doc


@st.composite
def mangled_documents(draw) -> Any:
    doc = json.loads(json.dumps(draw(st.sampled_from(base_documents()))))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["delete", "replace", "nest", "replace"]))
        if not path:
            doc = copy.deepcopy(draw(st.sampled_from(ODD_VALUES + [doc])))
            continue
        parent = _get(doc, path[:-1])
        key = path[-1]
        if action == "delete" and isinstance(parent, dict):
            parent.pop(key, None)
        elif action == "delete" and isinstance(parent, list) and parent:
            parent.pop(key)
        elif action == "nest":
            value: Any = parent[key]
            for _ in range(draw(st.integers(10, 150))):
                value = [value]
            parent[key] = value
        else:
            parent[key] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))  # never share the originals
    return doc


@st.composite
def mangled_bytes(draw) -> bytes:
    doc = draw(mangled_documents())
    raw = json.dumps(doc, indent=2).encode()
    how = draw(st.sampled_from(["keep", "keep", "truncate", "garble"]))
    if how == "truncate":
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif how == "garble" and raw:
        i = draw(st.integers(0, len(raw) - 1))
        raw = raw[:i] + draw(st.binary(min_size=1, max_size=4)) + raw[i + 1 :]
    return raw


def mangle_seeded(rnd, doc: Any, steps: int = 3) -> Any:
    """The same kinds of damage as :func:`mangled_documents`, driven by a seeded ``random.Random``."""
    doc = copy.deepcopy(doc)
    for _ in range(steps):
        paths = _paths(doc)
        path = rnd.choice(paths)
        if not path:
            continue
        parent = _get(doc, path[:-1])
        key = path[-1]
        action = rnd.choice(["delete", "replace", "nest", "replace"])
        if action == "delete" and isinstance(parent, dict):
            parent.pop(key, None)
        elif action == "delete" and isinstance(parent, list) and parent:
            parent.pop(key)
        elif action == "nest":
            value: Any = parent[key]
            for _ in range(rnd.randint(10, 150)):
                value = [value]
            parent[key] = value
        else:
            parent[key] = copy.deepcopy(rnd.choice(ODD_VALUES))
    return doc
