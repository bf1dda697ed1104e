"""Spreading an edited text back over the pieces a stream delivered it in.

A stream's text is the concatenation of pieces (one per chunk).  After an edit
the same number of pieces must again concatenate to the new text, and as few
pieces as possible should change, so the recording's diff shows only the edit.

Each boundary between two pieces is carried from the old text to the new one
through a character diff: a boundary inside an unchanged stretch keeps its
place relative to that stretch, one inside a replaced stretch moves
proportionally, and text inserted exactly at a boundary joins the piece after
it.  Pieces away from the edit therefore come out identical.
"""

from __future__ import annotations

from bisect import bisect_right
from difflib import SequenceMatcher

__all__ = ["spread", "DIFF_LIMIT"]

#: Above this many characters (old x new middle) the diff is skipped for a proportional map.
DIFF_LIMIT = 4_000_000


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    lo, hi = 0, n
    while lo < hi:  # binary search on slices: C-speed comparisons of long texts
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _middle_map(old: str, new: str) -> list[tuple[int, int, int, int, str]]:
    """Opcodes mapping ``old`` onto ``new`` (one replace when too large to diff)."""
    if not old or not new or len(old) * len(new) > DIFF_LIMIT:
        tag = "replace" if old and new else ("delete" if old else "insert")
        return [(0, len(old), 0, len(new), tag)]
    sm = SequenceMatcher(None, old, new, autojunk=False)
    return [(i1, i2, j1, j2, tag) for tag, i1, i2, j1, j2 in sm.get_opcodes()]


def _map_boundary(x: int, ops: list[tuple[int, int, int, int, str]], starts: list[int]) -> int:
    k = bisect_right(starts, x) - 1
    # A boundary at the start of an op belongs to it; at its end, to the op before
    # only if nothing starts here (insertions at x go to the piece after x).
    i1, i2, j1, j2, tag = ops[max(k, 0)]
    if tag == "equal":
        return j1 + (x - i1)
    if tag == "insert":
        return j1
    if tag == "delete":
        return j1
    # replace: proportional position inside the replaced stretch
    return j1 + round((x - i1) * (j2 - j1) / (i2 - i1))


def spread(pieces: list[str], new: str) -> list[str]:
    """New pieces, as many as ``pieces``, that concatenate to ``new``.

    Pieces untouched by the edit are returned unchanged; with no pieces at all
    there is nowhere to put text, so the caller must create one.
    """
    if not pieces:
        raise ValueError("no pieces to spread the text over")
    old = "".join(pieces)
    if old == new:
        return list(pieces)
    p = _common_prefix(old, new)
    s = _common_suffix(old, new, min(len(old), len(new)) - p)
    om, nm = old[p : len(old) - s], new[p : len(new) - s]
    ops = _middle_map(om, nm)
    starts = [op[0] for op in ops]
    # When an insertion and another op start at the same place, the insertion
    # must be found first so inserted text goes to the following piece.
    ops_by_start: list[tuple[int, int, int, int, str]] = []
    for op in ops:
        if ops_by_start and ops_by_start[-1][0] == op[0] and ops_by_start[-1][4] == "insert":
            continue
        ops_by_start.append(op)
    starts = [op[0] for op in ops_by_start]
    delta = len(new) - len(old)
    bounds = [0]
    pos = 0
    for piece in pieces[:-1]:
        pos += len(piece)
        if pos <= p:
            y = pos
        elif pos >= len(old) - s:
            y = pos + delta
        else:
            y = p + _map_boundary(pos - p, ops_by_start, starts)
        bounds.append(min(max(y, bounds[-1]), len(new)))
    bounds.append(len(new))
    return [new[bounds[i] : bounds[i + 1]] for i in range(len(pieces))]
