"""``core/history/changes.py``, ``core/history/why.py`` and ``core/history/git.py`` on real git repositories built in a temporary folder."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.core.base.writer import render
from inspector.core.history.changes import classify_pair, collect_changes, resolve_range, side_of
from inspector.core.history.git import GitError, find_repo
from inspector.core.history.why import why
from tests import gitrepo as g


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    g.need_git()
    root = tmp_path_factory.mktemp("changes") / "repo"
    return root, g.build_scenario(root)


def _changes(root: Path, spec: str | None, **kw):
    with find_repo(root) as repo:
        return collect_changes(repo, resolve_range(repo, spec), **kw)


@pytest.mark.parametrize(
    ("spec", "status", "classes", "before", "after", "stale"),
    [
        ("t-base..t-churn", "modified", ("churn",), "ok", "ok", False),
        ("t-churn..t-request", "modified", ("request",), "ok", "mismatch", True),
        ("t-request..t-move", "renamed", (), "ok", "ok", False),
        ("t-move..t-move-edit", "renamed", ("response",), "ok", "ok", False),
        ("t-move-edit..t-delete", "removed", (), "ok", None, False),
        ("t-delete..t-host", "modified", ("other",), "ok", "ok", False),
        ("t-host..t-project", "modified", ("request",), "ok", "mismatch", True),
        ("t-project..t-added", "added", (), None, "ok", False),
        ("t-added..t-added-stale", "added", (), None, "mismatch", True),
    ],
)
def test_each_kind_of_commit_is_classified(scenario, spec, status, classes, before, after, stale) -> None:
    root, _ = scenario
    (row,) = _changes(root, spec).changes
    assert (row.status, row.classes, row.hash_before, row.hash_after, row.stale) == (status, classes, before, after, stale)


def test_request_paths_name_what_the_hash_reads(scenario) -> None:
    root, _ = scenario
    (edit,) = _changes(root, "t-churn..t-request").changes
    assert [c.path for c in edit.request_changes] == ["body.messages[0].content"]
    (project,) = _changes(root, "t-host..t-project").changes
    assert [c.path for c in project.request_changes] == ["test_id"]
    assert "ogx_client" in project.test_id


def test_a_rename_is_found_by_the_request_not_by_git_similarity(scenario) -> None:
    root, _ = scenario
    (row,) = _changes(root, "t-move..t-move-edit").changes
    assert row.old_path == g.rel_of(g.MOVE_EDIT)
    assert row.path == g.rel_of(g.MOVE_EDIT, g.AGENTS)
    assert row.text_before != row.text_after  # the word diff has something to show


def test_whole_range_counts_and_merge_base(scenario) -> None:
    root, _ = scenario
    cs = _changes(root, "t-base..t-added-stale")
    counts = cs.counts()
    assert {k: counts[k] for k in ("added", "removed", "renamed", "modified", "stale")} == {
        "added": 2, "removed": 1, "renamed": 2, "modified": 4, "stale": 3,
    }
    assert cs.exit_code == 1
    # A...B starts at the merge base: a newer A than B leaves nothing to show, A..B shows the way back.
    assert len(_changes(root, "t-project...t-churn")) == 0
    assert len(_changes(root, "t-project..t-churn")) > 0


def test_paths_limit_the_folders(scenario) -> None:
    root, _ = scenario
    cs = _changes(root, "t-base..t-added-stale", paths=["tests/integration/interactions"])
    assert {r.status for r in cs} == {"added"} and len(cs) == 2


def test_git_errors_are_one_line(scenario, tmp_path: Path) -> None:
    root, _ = scenario
    with find_repo(root) as repo, pytest.raises(GitError, match="^unknown revision: nope$"):
        resolve_range(repo, "nope..HEAD")
    with pytest.raises(GitError, match="^not a git repository"):
        find_repo(tmp_path)


@pytest.fixture
def small_repo(tmp_path: Path) -> Path:
    g.need_git()
    root = g.init_repo(tmp_path / "small")
    g.put(root, g.rel_of(g.CHURN), g.read(g.sample(g.CHURN)))
    g.commit(root, "one recording", "v1")
    return root


def test_working_tree_against_head_includes_untracked_recordings(small_repo: Path) -> None:
    root = small_repo
    assert len(_changes(root, None)) == 0
    d = g.read(g.sample(g.CHURN))
    for chunk in d["response"]["body"]:
        chunk["__data__"]["system_fingerprint"] = "fp_new"
    g.put(root, g.rel_of(g.CHURN), d)
    g.put(root, g.rel_of(g.HOST), g.read(g.sample(g.HOST)))
    rows = {(r.status, r.classes) for r in _changes(root, None)}
    assert rows == {("modified", ("churn",)), ("added", ())}
    assert {r.status for r in _changes(root, None, untracked=False)} == {"modified"}
    assert {r.status for r in _changes(root, "v1")} == {"modified", "added"}


# --- properties -------------------------------------------------------------------------------

_STREAMS = [g.CHURN, g.MOVE, g.MOVE_EDIT, g.DELETE]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.sampled_from(_STREAMS),
    fingerprint=st.text(min_size=1, max_size=12),
    created=st.integers(min_value=1, max_value=2**40),
    cut=st.floats(min_value=0.05, max_value=0.95),
)
def test_regenerated_values_and_rechunking_are_churn_only(prefix: str, fingerprint: str, created: int, cut: float) -> None:
    base = g.read(g.sample(prefix))
    d = copy.deepcopy(base)
    body = d["response"]["body"]
    for chunk in body:
        chunk["__data__"]["system_fingerprint"] = fingerprint
        chunk["__data__"]["created"] = created
    for i, chunk in enumerate(body):  # cut the first text piece long enough to cut
        choices = chunk["__data__"].get("choices") or []
        text = choices[0]["delta"].get("content") if choices else None
        if isinstance(text, str) and len(text) >= 2:
            at = max(1, min(len(text) - 1, int(len(text) * cut)))
            a, b = copy.deepcopy(chunk), copy.deepcopy(chunk)
            a["__data__"]["choices"][0]["delta"]["content"] = text[:at]
            a["__data__"]["choices"][0]["finish_reason"] = None
            b["__data__"]["choices"][0]["delta"]["content"] = text[at:]
            body[i : i + 1] = [a, b]
            break
    name = g.sample(prefix).name
    old, new = side_of(render(base), name), side_of(render(d), name)
    classes, changed = classify_pair(old, new)
    assert classes == ("churn",)
    assert changed == []
    assert new.status_for(name, _newest()) == old.status_for(name, _newest()) == "ok"


@settings(max_examples=25, deadline=None)
@given(prefix=st.sampled_from(_STREAMS), extra=st.text(min_size=1, max_size=20))
def test_any_edit_of_the_rebuilt_text_is_a_response_change(prefix: str, extra: str) -> None:
    base = g.read(g.sample(prefix))
    d = copy.deepcopy(base)
    word = g.first_word(d)
    g._edit_text(d, word, word + extra)
    name = g.sample(prefix).name
    classes, _ = classify_pair(side_of(render(base), name), side_of(render(d), name))
    assert "response" in classes and "request" not in classes


def _newest():
    from inspector.core.rules.profiles import NEWEST

    return NEWEST


# --- why ----------------------------------------------------------------------------------------


def test_why_finds_the_commit_that_broke_a_name(scenario) -> None:
    root, shas = scenario
    w = why(root / g.rel_of(g.PROJECT))
    assert w.status == "mismatch"
    assert w.last_good is not None and w.last_good.commit == shas["t-base"]
    assert w.broke_in is not None and w.broke_in.commit == shas["t-project"]
    assert w.broke_in.subject == "Rename the project: openai_client -> ogx_client"
    assert w.changed == ["test_id"]
    edited = why(root / g.rel_of(g.REQUEST))
    assert edited.broke_in is not None and edited.broke_in.commit == shas["t-request"]
    assert edited.changed == ["body.messages[0].content"]


def test_why_names_the_older_rule_set_without_history() -> None:
    legacy = g.sample("c90d1de6")  # a sample whose name only an older rule set reproduces
    w = why(legacy)
    assert (w.status, w.last_good, w.broke_in) == ("legacy-rule", None, None)
    assert w.rule in ("2026-05", "2026-03", "2025-10-08", "2025-10-03")


def test_why_sees_an_uncommitted_break(small_repo: Path) -> None:
    root = small_repo
    d = g.read(g.sample(g.CHURN))
    d["test_id"] = d["test_id"].replace("openai_client", "ogx_client")
    g.put(root, g.rel_of(g.CHURN), d)
    w = why(root / g.rel_of(g.CHURN))
    assert w.last_good is not None and w.last_good.subject == "one recording"
    assert w.broke_in is not None and w.broke_in.commit == "" and "uncommitted" in w.broke_in.subject
    assert w.to_json()["broke_in"]["commit"] is None
    assert w.changed == ["test_id"]


def test_why_outside_git_says_there_is_no_history(tmp_path: Path) -> None:
    g.need_git()
    target = tmp_path / "recordings" / g.sample(g.PROJECT).name
    d = g.read(g.sample(g.PROJECT))
    d["test_id"] = d["test_id"].replace("openai_client", "ogx_client")
    g.put(tmp_path, f"recordings/{target.name}", d)
    w = why(target)
    assert (w.status, w.last_good, w.broke_in) == ("mismatch", None, None)
    assert w.note == "not in a git repository: no history to read"


def test_added_without_a_hash_rule_is_not_stale_but_unreadable_is(small_repo: Path) -> None:
    root = small_repo
    processor = g.sample("3f1c0ffe")  # a file-processor call: no hash rule, replay never looks it up
    g.put(root, f"tests/integration/responses/recordings/{processor.name}", g.read(processor))
    broken = root / "tests/integration/responses/recordings" / ("1" * 64 + ".json")
    broken.write_text('{"request": ')
    rows = {Path(r.path).name[:4]: r for r in _changes(root, None)}
    assert (rows["3f1c"].hash_after, rows["3f1c"].stale) == ("unknown", False)
    assert (rows["1111"].hash_after, rows["1111"].stale) == ("unknown", True)


def test_a_move_in_the_working_tree_is_a_rename_without_class(small_repo: Path) -> None:
    root = small_repo
    old = root / g.rel_of(g.CHURN)
    new = root / g.rel_of(g.CHURN, g.AGENTS)
    new.parent.mkdir(parents=True)
    old.rename(new)  # moved by hand, not with git mv: git sees a deletion and an untracked file
    (row,) = _changes(root, None).changes
    assert (row.status, row.old_path, row.classes) == ("renamed", g.rel_of(g.CHURN), ())
