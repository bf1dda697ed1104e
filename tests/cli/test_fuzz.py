"""Mangled recordings through the core, `show` and `ls`: nothing raises past the edge."""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from rich.console import Console

from inspector.cli import main
from inspector.cli.output import json_line
from inspector.core import load_bytes, summarize
from inspector.core.index.summary import recording_json
from inspector.render.recording import recording_panel

from ..mangle import mangled_bytes

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(raw=mangled_bytes())
def test_core_survives_mangled_recordings(raw: bytes) -> None:
    rec = load_bytes(raw, Path("recordings/" + "ab" * 32 + ".json"))
    s = summarize(rec)
    assert s.kind
    if rec.ok:
        rec.rebuild  # noqa: B018 - must not raise
        st = rec.replay.state(rec.replay.total // 2)
        assert st.position <= rec.replay.total
        rec.request  # noqa: B018
        rec.hash  # noqa: B018
    else:
        assert s.error  # a broken file gets its reason
    line = json_line(recording_json(rec))
    json.loads(line)
    json.loads(json_line(s.to_json()))
    Console(file=io.StringIO(), width=100).print(recording_panel(rec))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(raw=mangled_bytes())
def test_show_and_ls_survive(tmp_path_factory, raw: bytes, capsys) -> None:
    folder = tmp_path_factory.mktemp("fz") / "recordings"
    folder.mkdir()
    (folder / "x.json").write_bytes(raw)
    (folder / "y.json").write_bytes(raw[::-1] if len(raw) % 2 else raw)  # a second file to diff against
    for argv in (["show", str(folder)], ["show", str(folder), "--format", "json"], ["ls", str(folder), "--format", "jsonl"],
                 ["ls", str(folder), "--format", "table", "--no-cache"]):
        code = main(argv)
        out, err = capsys.readouterr()
        assert code in (0, 2), (argv, err)
        assert "Traceback" not in err and "internal error" not in err, err
        if argv[0] == "ls":
            assert code == 0 and ("x.json" in out)
        elif code == 2:
            assert all(("x.json" in line or "y.json" in line) for line in err.strip().splitlines()) and err.strip()
    # the doctor's commands on the same mangled files
    for argv in (["check", str(folder), "--format", "json"], ["check", str(folder)],
                 ["diff", str(folder / "x.json"), str(folder / "y.json")],
                 ["diff", str(folder / "x.json"), str(folder / "x.json"), "--format", "json", "--chunks"]):
        code = main(argv)
        out, err = capsys.readouterr()
        assert code in (0, 1, 2), (argv, err)
        assert "Traceback" not in err and "internal error" not in err, (argv, err)
        if argv[0] == "check" and "json" in argv:
            rows = [json.loads(line) for line in out.splitlines() if line.strip()]
            assert all({"path", "code", "severity", "message"} <= set(r) for r in rows)
