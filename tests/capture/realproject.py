"""Real pytest projects replayed by the real recorder (ogx 1.5.0, or an older one), for capture's tests.

A project is a small repository laid out like ogx's (``tests/integration/<suite>/…`` with
``recordings/`` beside each suite and the shared ``common/recordings``).  Its tests call
``openai.AsyncOpenAI(...)`` through the recorder in replay mode, started the way ogx's own
``tests/integration/conftest.py`` starts it (the mode variable, ``setup_api_recording()``
for the session, ``set_test_context(nodeid)`` per test).  The recordings are the shipped
samples' responses (``inspector/samples``), stored under the hash the recorder itself
computes, in the interpreter under test.

:data:`SCENARIOS` says what each test does, what replay should make of it and which heal
class ``misses`` should give its miss; the later steps (``misses``, ``heal``, a re-run:
``test_real_workflow.py``) read the same table.  :data:`LEFTOVERS` are recordings no test
asks for (for ``check --runs``).  Recordings are written as the recorder writes them: the
samples' ``rec-<hash12>`` ids re-pointed to the new hash.  The entry points:

- :func:`find_interpreter` — the Python named by ``RECORDING_INSPECTOR_OGX_PYTHON``, checked;
- :meth:`RealProject.build` — write the project into a folder;
- :meth:`RealProject.plant_leftovers` — add :data:`LEFTOVERS` (and the other suite's test file);
- :meth:`RealProject.run` — run its tests (capture off, by flag or by variable) and return
  the outcomes, the recorder's error texts and the capture folder;
- :meth:`RealProject.run_server` — the stand-in for ``ogx stack run``: a plain Python process
  (not pytest) that sets a test id and makes one call through the recorder.

This file is also run *as a script* by the interpreter under test (``python realproject.py
hash PACKAGE``) to compute hashes with the recorder's own function: keep its top level to
the standard library.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV = "RECORDING_INSPECTOR_OGX_PYTHON"
#: Which recorder package to use when the interpreter has both (default: ogx, else llama_stack).
PACKAGE_ENV = "RECORDING_INSPECTOR_RECORDER_PACKAGE"
CAPTURE_ENV = "RECORDING_INSPECTOR_MISSES"

SAMPLES = Path(__file__).resolve().parents[2] / "inspector" / "samples" / "tests" / "integration"
SAMPLE_CHAT = SAMPLES / "inference/recordings/81c8a43efdc2cb57d64a4ec8466128a0166af3d8a90e863c64ce230a8ff531d6.json"
SAMPLE_STREAM = SAMPLES / "inference/recordings/8bc14bf72ba3dbb8f803e4066b3a93128abe3b103a2721e733d875ab26953c9d.json"
SAMPLE_MODELS = SAMPLES / "common/recordings/models-2feca06838c416e98f26b8a0d9e38afab95fa843a25f3fa1515d179cd1fa8429-a073edf8.json"
SAMPLE_TEI = SAMPLES / "common/recordings/models-f7a41c83fecc2c1f51329caba385f5e4f0f2c46f36b84e8d9abf9543f35b66ed-fd820408.json"

BASE_URL = "https://api.openai.com/v1"  # the samples' host; replay never reaches it
OTHER_BASE_URL = "https://models.example.invalid/v2"  # another path: another shared model-list hash
# A local server's model list (Ollama through its OpenAI surface): ogx >= 1.2 keeps the test id
# in its hash (only /v1/models itself and remote hosts are shared), so it lives in the test's folder.
LOCAL_BASE_URL = "http://localhost:11434/v1"
TEI_BASE_URL = "http://localhost:8080"  # Text-Embeddings-Inference: its model lookup is GET /info
SUITE = "tests/integration/inference"
TEST_FILE = f"{SUITE}/test_chat.py"
HASH_PATTERN = re.compile(r"Recording not found for request hash: ([0-9a-f]{64})")


def node(name: str) -> str:
    """The node id of a test of the project's test file."""
    return f"{TEST_FILE}::{name}"


@dataclass(frozen=True)
class Scenario:
    """One test of the project: what it sends, what is recorded for it, what replay makes of it.

    ``call``: ``chat``, ``stream``, ``models``, ``tei`` (TEI's ``GET /info`` model lookup
    through ``httpx2``, the recorder's one model-list GET), ``caught`` (a chat whose test catches the
    recorder's error and passes) or ``server_child`` (the server stand-in makes the call for
    the test's id in a child process, then the test makes it too, and passes when both were
    answered).  ``recorded``: the body stored (None: nothing), under the test
    id ``recorded_as`` (default: the test's own).  ``miss``: replay finds nothing for it.
    ``recorded_in``: the folder (relative to the root) holding the recording, when not
    the test's own.  ``heal``: the class ``recording-inspector misses`` should give the miss, and why.
    """

    name: str
    call: str
    sent: dict[str, Any] | None
    recorded: dict[str, Any] | None
    miss: bool
    recorded_as: str | None = None
    base_url: str = BASE_URL
    sample: Path = SAMPLE_CHAT
    recorded_in: str | None = None
    heal: str | None = None
    why: str = ""

    @property
    def nodeid(self) -> str:
        return node(self.name)

    @property
    def outcome(self) -> str:
        """The test's outcome under replay (the same with capture on or off)."""
        return "failed" if self.miss and self.call != "caught" else "passed"

    @property
    def kind(self) -> str:
        """The miss kind capture should write."""
        return "models" if self.call in ("models", "tei") else "inference"

    @property
    def method(self) -> str:
        """What the recorder hashes as the method (POST for every OpenAI call, models.list() too)."""
        return "GET" if self.call == "tei" else "POST"

    @property
    def path(self) -> str:
        """The endpoint the recorder stores: appended to the client's base URL to make the URL."""
        return {"models": "/v1/models", "tei": "/info"}.get(self.call, "/v1/chat/completions")


def _sample_body(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())["request"]["body"]


def _scenarios() -> list[Scenario]:
    chat = _sample_body(SAMPLE_CHAT)
    stream = _sample_body(SAMPLE_STREAM)
    changed_message = copy.deepcopy(chat)
    changed_message["messages"][0]["content"] = "Is it warmer in Lisbon or in Bergen right now?"
    added_parameter = {**chat, "temperature": 0.2}
    unlike = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Write a haiku about sockets."}]}
    stream_changed = copy.deepcopy(stream)
    stream_changed["tools"][0]["function"]["description"] = "Get the weather for a city, now."
    # A body no other test sends, so the renamed test's nearest recording is its old name's alone.
    renamed = copy.deepcopy(chat)
    renamed["messages"][0]["content"] = "Is it warmer in Lisbon or in Oslo this morning?"
    return [
        Scenario("test_control", "chat", chat, chat, miss=False),
        Scenario("test_renamed", "chat", renamed, renamed, miss=True, recorded_as=node("test_before_rename"),
                 heal="safe", why="the same request under the test's old name: only the test id differs"),
        Scenario("test_changed_message", "chat", changed_message, chat, miss=True,
                 heal="unsafe", why="the user message was reworded: the provider sees another prompt"),
        Scenario("test_added_parameter", "chat", added_parameter, chat, miss=True,
                 heal="unsafe", why="a parameter was added: the provider sees body.temperature"),
        Scenario("test_nothing_like_it", "chat", unlike, None, miss=True,
                 heal="none", why="another model and another prompt: no recording resembles it"),
        Scenario("test_miss_caught", "caught", unlike, None, miss=True,
                 heal="none", why="the same unrelated request (its test catches the error and passes)"),
        Scenario("test_streamed_tool_call", "stream", stream, stream, miss=False, sample=SAMPLE_STREAM),
        Scenario("test_streamed_tool_call_changed", "stream", stream_changed, stream, miss=True, sample=SAMPLE_STREAM,
                 heal="unsafe", why="a tool's description changed: the provider sees another tool definition"),
        Scenario("test_models_list", "models", {}, {}, miss=False, sample=SAMPLE_MODELS),
        Scenario("test_models_list_other_host", "models", {}, None, miss=True, base_url=OTHER_BASE_URL, sample=SAMPLE_MODELS,
                 heal="none", why="a shared model list (no test id) at a path no recording lists models at"),
        Scenario("test_models_list_renamed", "models", {}, {}, miss=True, base_url=LOCAL_BASE_URL, sample=SAMPLE_MODELS,
                 recorded_as=node("test_models_list_before_rename"),
                 heal="safe", why="a local server's model list keeps the test id in its hash: only the test id differs"),
        # Recorded inside a test of another suite, the recorder wrote the shared lookup to that
        # test's folder, which this test's replay does not search.
        Scenario("test_tei_model_lookup", "tei", {}, {}, miss=True, base_url=TEI_BASE_URL, sample=SAMPLE_TEI,
                 recorded_as="tests/integration/vector_io/test_tei.py::test_tei_setup", recorded_in="tests/integration/vector_io/recordings",
                 heal="safe", why="the same GET /info, whose hash holds no test id, in a folder replay does not search"),
        # Starts the server stand-in (capture inherited), which misses, then misses the same request itself.
        Scenario("test_via_server_child", "server_child", changed_message, chat, miss=True,
                 heal="unsafe", why="the reworded message, missed by the server stand-in and by the test"),
    ]


#: Every test of the project, in file order.
SCENARIOS: list[Scenario] = _scenarios()
BY_NAME = {s.name: s for s in SCENARIOS}


@dataclass(frozen=True)
class Leftover:
    """A recording no test of the project asks for any more (for ``check --runs``'s ``unread``).

    ``test_file``: written with one passing test when set, so the checkout has the test (its
    runs just never collect it).
    """

    name: str
    test_id: str
    body: dict[str, Any]
    test_file: str | None = None

    @property
    def folder(self) -> str:
        """The test's recordings folder, relative to the root."""
        return self.test_id.split("::", 1)[0].rsplit("/", 1)[0] + "/recordings"


def _leftovers() -> list[Leftover]:
    chat = _sample_body(SAMPLE_CHAT)
    other = "tests/integration/safety/test_shields.py"
    return [
        # The control test was parametrised by model once; that parametrisation is gone.
        Leftover("removed_parametrisation", node("test_control[gpt-4o-mini]"), {**chat, "model": "gpt-4o-mini"}),
        # A suite no CI job runs: only a run record of the whole matrix (--complete) judges it.
        Leftover("never_collected", f"{other}::test_refusal", {**chat, "model": "gpt-4o-2024-08-06"}, test_file=other),
    ]


#: Recordings :meth:`RealProject.plant_leftovers` adds.
LEFTOVERS: list[Leftover] = _leftovers()


# --- the interpreter under test -------------------------------------------------------------------


@dataclass(frozen=True)
class Interpreter:
    """A Python with a recorder, openai, pytest-asyncio and this package installed."""

    python: str
    package: str  # "ogx" or "llama_stack"
    name: str  # the distribution's name, as its metadata spells it
    version: str  # the distribution's, e.g. "1.5.0"

    @property
    def env_prefix(self) -> str:
        """The recorder's variables: ``OGX_TEST_…`` or ``LLAMA_STACK_TEST_…``."""
        return "OGX" if self.package == "ogx" else "LLAMA_STACK"

    @property
    def label(self) -> str:
        """What capture writes as ``recorder``: ``ogx 1.5.0``."""
        return f"{self.name} {self.version}"


_PROBE = """
import importlib, importlib.metadata as md, json, sys, tempfile
for package in sys.argv[1:]:
    try:
        rec = importlib.import_module(package + ".testing.api_recorder")
    except ImportError:
        continue
    import openai, pytest_asyncio, inspector.capture.startup
    with rec.api_recording("replay", tempfile.mkdtemp()):  # patching needs the recorder's own extras (aiohttp, pypdf...)
        pass
    dist = md.distribution(package)
    print(json.dumps({"package": package, "name": dist.metadata["Name"], "version": dist.version}))
    break
else:
    raise SystemExit("neither ogx nor llama_stack has a recorder here")
"""


def find_interpreter() -> tuple[Interpreter | None, str]:
    """The interpreter ``RECORDING_INSPECTOR_OGX_PYTHON`` names, or None and why it cannot be used."""
    python = os.environ.get(ENV)
    if not python:
        return None, f"{ENV} is not set (a Python with ogx==1.5.0, openai, pytest-asyncio and this package installed)"
    try:
        packages = [os.environ[PACKAGE_ENV]] if os.environ.get(PACKAGE_ENV) else ["ogx", "llama_stack"]
        res = subprocess.run([python, "-c", _PROBE, *packages], capture_output=True, text=True, timeout=120, env=_clean_env())
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"{ENV}={python} cannot run: {exc}"
    if res.returncode != 0:
        tail = (res.stderr.strip().splitlines() or ["?"])[-1]
        return None, f"{ENV}={python} is not usable: {tail}"
    info = json.loads(res.stdout.strip().splitlines()[-1])
    return Interpreter(python, info["package"], info["name"], info["version"]), ""


def _clean_env(**extra: str) -> dict[str, str]:
    # The parent's capture, recorder mode and pytest plugins must not leak into the project.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OGX_", "LLAMA_STACK_", "PYTEST_", "RECORDING_INSPECTOR_", "COV_", "COVERAGE_"))}
    env.pop("PYTHONPATH", None)
    env.update(extra)
    return env


# --- hashing with the recorder itself (runs under the interpreter under test) ----------------------


def _hash_side(package: str) -> None:
    import importlib

    rec = importlib.import_module(f"{package}.testing.api_recorder")
    ctx = importlib.import_module(f"{package}.core.testing_context")
    out = []
    for item in json.load(sys.stdin):
        hashes = []
        for test_id in (item["test_id"], None):
            token = ctx.set_test_context(test_id)
            try:
                hashes.append(rec.normalize_inference_request(item["method"], item["url"], {}, item["body"]))
            finally:
                ctx.reset_test_context(token)
        out.append({"hash": hashes[0], "shared": hashes[0] == hashes[1]})
    json.dump(out, sys.stdout)


def recorder_hashes(interp: Interpreter, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``[{"hash", "shared"}]`` for each ``{"test_id", "method", "url", "body"}``, by the recorder's own function.

    ``shared``: the hash is the same without a test id (a shared model list).
    """
    res = subprocess.run(
        [interp.python, __file__, "hash", interp.package],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        timeout=120,
        env=_clean_env(),
        check=False,
    )
    if res.returncode != 0:
        raise RuntimeError(f"hashing with {interp.python} failed:\n{res.stderr}")
    return json.loads(res.stdout)


# --- the project ------------------------------------------------------------------------------------

CONFTEST = '''
"""Replay through the real recorder, started the way ogx's tests/integration/conftest.py does."""

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("{prefix}_TEST_INFERENCE_MODE", "replay")
os.environ.setdefault("{prefix}_TEST_RECORDING_DIR", str(Path(__file__).parent / "common"))

from {package}.testing.api_recorder import setup_api_recording  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _api_recording():
    recording = setup_api_recording()
    if recording is None:
        yield
        return
    with recording:
        yield


@pytest.fixture(autouse=True)
def _track_test_context(request):
    from {package}.core.testing_context import reset_test_context, set_test_context

    token = set_test_context(request.node.nodeid)
    yield
    reset_test_context(token)


def pytest_runtest_logreport(report):
    path = os.environ.get("REALPROJECT_OUTCOMES")
    if path:
        row = {{"nodeid": report.nodeid, "when": report.when, "outcome": report.outcome,
               "longrepr": report.longreprtext if report.failed else "", "stdout": report.capstdout}}
        with open(path, "a") as f:
            f.write(json.dumps(row) + "\\n")
'''

TEST_HEADER = '''
"""Chat and model-list calls replayed by the recorder (made by tests/capture/realproject.py)."""

import json
import subprocess
import sys
from pathlib import Path

import openai
import pytest

BODIES = json.loads((Path(__file__).parent / "bodies.json").read_text())
ROOT = Path(__file__).resolve().parents[3]


def client(base_url):
    return openai.AsyncOpenAI(base_url=base_url, api_key="sk-replay-only")
'''

TEMPLATES = {
    "chat": '''

async def {name}():
    response = await client({base_url!r}).chat.completions.create(**BODIES[{name!r}])
    print(json.dumps({{"id": response.id}}))
    assert response.choices[0].message.content
''',
    "caught": '''

async def {name}():
    with pytest.raises(RuntimeError) as err:
        await client({base_url!r}).chat.completions.create(**BODIES[{name!r}])
    print(err.value)
''',
    "stream": '''

async def {name}():
    stream = await client({base_url!r}).chat.completions.create(**BODIES[{name!r}])
    names = []
    async for chunk in stream:
        for choice in chunk.choices:
            for call in choice.delta.tool_calls or []:
                if call.function and call.function.name:
                    names.append(call.function.name)
    assert names and set(names) == {{"get_weather"}}
''',
    "server_child": '''

async def {name}(request):
    out = subprocess.run([sys.executable, str(ROOT / "serve_one.py"), request.node.nodeid, {name!r}],
                         capture_output=True, text=True, check=True)
    print(out.stdout)
    child = json.loads(out.stdout.strip().splitlines()[-1])
    await client({base_url!r}).chat.completions.create(**BODIES[{name!r}])
    assert child["outcome"] == "read", child["error"]
''',
    "models": '''

async def {name}():
    ids = [m.id async for m in client({base_url!r}).models.list()]
    assert "gpt-4o" in ids
''',
    "tei": '''

async def {name}():
    import httpx2

    async with httpx2.AsyncClient() as http:
        response = await http.get({base_url!r} + "/info")
    assert response.json()["model_id"]
''',
}

SERVER = '''
"""Stands for `ogx stack run`: a plain Python process (not pytest) running the recorder in replay.

python serve_one.py TEST_ID BODY_NAME  ->  one JSON line: {{"outcome": "read"|"miss", "error": ...}}
"""

import asyncio
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
os.environ.setdefault("{prefix}_TEST_INFERENCE_MODE", "replay")

import openai  # noqa: E402

from {package}.core.testing_context import set_test_context  # noqa: E402
from {package}.testing.api_recorder import api_recording  # noqa: E402


async def main(test_id, name):
    body = json.loads((ROOT / "{suite}" / "bodies.json").read_text())[name]
    set_test_context(test_id)
    client = openai.AsyncOpenAI(base_url={base_url!r}, api_key="sk-replay-only")
    try:
        await client.chat.completions.create(**body)
    except RuntimeError as exc:
        return {{"outcome": "miss", "error": str(exc)}}
    return {{"outcome": "read", "error": None}}


with api_recording("replay", str(ROOT / "tests/integration/common")):
    print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2]))))
'''


@dataclass
class Outcome:
    """A test's result: the worst phase wins (a failed setup is a failure)."""

    nodeid: str
    outcome: str
    longrepr: str = ""
    stdout: str = ""

    @property
    def recorder_hash(self) -> str | None:
        """The hash the recorder printed in its ``RuntimeError`` (failure text or printed output)."""
        found = HASH_PATTERN.search(self.longrepr) or HASH_PATTERN.search(self.stdout)
        return found.group(1) if found else None


@dataclass
class RunResult:
    """What one run of the project gave."""

    returncode: int
    outcomes: dict[str, Outcome]
    stdout: str
    stderr: str
    capture_dir: Path | None
    seconds: float

    def outcome_of(self) -> dict[str, str]:
        """``nodeid -> outcome`` (to compare runs)."""
        return {k: v.outcome for k, v in sorted(self.outcomes.items())}

    def misses(self) -> dict[str, dict[str, Any]]:
        """``hash -> miss document`` captured (empty without capture)."""
        folder = self.capture_dir / "misses" if self.capture_dir else None
        if not folder or not folder.is_dir():
            return {}
        return {p.stem: json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))}

    def run_events(self) -> dict[Path, list[dict[str, Any]]]:
        """Every run record's events, by file."""
        folder = self.capture_dir / "runs" if self.capture_dir else None
        if not folder or not folder.is_dir():
            return {}
        return {p: [json.loads(line) for line in p.read_text().splitlines()] for p in sorted(folder.glob("*.jsonl"))}


@dataclass
class RealProject:
    """A replayed project in ``root`` for the interpreter ``interp``."""

    root: Path
    interp: Interpreter
    recordings: dict[str, Path] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    shared: dict[str, bool] = field(default_factory=dict)

    @property
    def suite(self) -> Path:
        return self.root / SUITE

    @property
    def common(self) -> Path:
        return self.root / "tests/integration/common/recordings"

    def build(self, scenarios: list[Scenario] = SCENARIOS) -> RealProject:
        """Write the project: config, conftest, the test file, bodies, recordings, the server stand-in."""
        self.suite.mkdir(parents=True, exist_ok=True)
        self.common.mkdir(parents=True, exist_ok=True)
        fmt = {"package": self.interp.package, "prefix": self.interp.env_prefix}
        (self.root / "pytest.ini").write_text("[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\naddopts = -p no:cacheprovider\n")
        (self.root / "tests/integration/conftest.py").write_text(CONFTEST.format(**fmt).lstrip())
        tests = TEST_HEADER.lstrip() + "".join(TEMPLATES[s.call].format(name=s.name, base_url=s.base_url) for s in scenarios)
        (self.root / TEST_FILE).write_text(tests)
        (self.suite / "bodies.json").write_text(json.dumps({s.name: s.sent for s in scenarios}, indent=2))
        (self.root / "serve_one.py").write_text(SERVER.format(suite=SUITE, base_url=BASE_URL, **fmt).lstrip())
        self._write_recordings(scenarios)
        return self

    def _request(self, s: Scenario, body: dict[str, Any], test_id: str | None = None) -> dict[str, Any]:
        """The request block the recorder stores for ``s`` sending ``body`` (under ``test_id``: a TEI lookup keeps it)."""
        if s.call == "tei":
            return {"test_id": test_id, "url": s.base_url + s.path, "method": "GET", "endpoint": s.path, "headers": {}}
        return {"method": s.method, "url": s.base_url + s.path, "headers": {}, "body": body, "endpoint": s.path, "model": body.get("model", "")}

    @staticmethod
    def _ask(s: Scenario, body: dict[str, Any], test_id: str) -> dict[str, Any]:
        return {"test_id": test_id, "method": s.method, "url": s.base_url + s.path, "body": body}

    def _write_recordings(self, scenarios: list[Scenario]) -> None:
        # The hash of what each test sends (to know the expected miss), and of what is recorded.
        asks = []
        for s in scenarios:
            asks.append(self._ask(s, s.sent or {}, s.nodeid))
            asks.append(self._ask(s, s.recorded or {}, s.recorded_as or s.nodeid))
        answers = recorder_hashes(self.interp, asks)
        for i, s in enumerate(scenarios):
            sent, stored = answers[2 * i], answers[2 * i + 1]
            self.hashes[s.name], self.shared[s.name] = sent["hash"], sent["shared"]
            if s.recorded is None:
                continue
            request = self._request(s, s.recorded, s.recorded_as or s.nodeid)
            if s.call == "tei":
                model_id = json.loads(s.sample.read_text())["response"]["body"]["model_id"]
                digest = hashlib.sha256(model_id.encode()).hexdigest()[:8]
                path = self.root / (s.recorded_in or SUITE + "/recordings") / f"models-{stored['hash']}-{digest}.json"
                test_id = s.recorded_as or s.nodeid  # the recorder writes the test in force, shared or not
            elif s.call == "models":
                ids = sorted({m["__data__"]["id"] for m in json.loads(s.sample.read_text())["response"]["body"]})
                digest = hashlib.sha256("|".join(ids).encode()).hexdigest()[:8]
                # A shared list is the common folder's; a test-scoped one its test's.
                folder = self.common if stored["shared"] else self.suite / "recordings"
                path = folder / f"models-{stored['hash']}-{digest}.json"
                test_id = None if stored["shared"] else s.recorded_as or s.nodeid
            else:
                path = self.suite / "recordings" / f"{stored['hash']}.json"
                test_id = s.recorded_as or s.nodeid
            self._write_recording(path, test_id, request, s.sample, stored["hash"])
            self.recordings[s.name] = path

    def _write_recording(self, path: Path, test_id: str | None, request: dict[str, Any], sample: Path, stored_hash: str) -> None:
        """A recording as the recorder writes it: the sample's response, its ids ``rec-<the new hash's 12>``."""
        old12 = sample.name.removeprefix("models-")[:12]
        text = json.dumps(json.loads(sample.read_text())["response"]).replace(f"rec-{old12}", f"rec-{stored_hash[:12]}")
        doc = {"test_id": test_id, "request": request, "response": json.loads(text), "id_normalization_mapping": {}}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, indent=2) + "\n")

    def plant_leftovers(self, leftovers: list[Leftover] = LEFTOVERS) -> dict[str, Path]:
        """Write recordings no scenario asks for (and their test files); ``name -> path``."""
        asks = [{"test_id": x.test_id, "method": "POST", "url": BASE_URL + "/v1/chat/completions", "body": x.body} for x in leftovers]
        out: dict[str, Path] = {}
        for x, answer in zip(leftovers, recorder_hashes(self.interp, asks), strict=True):
            request = {"method": "POST", "url": BASE_URL + "/v1/chat/completions", "headers": {}, "body": x.body, "endpoint": "/v1/chat/completions", "model": x.body["model"]}
            path = self.root / x.folder / f"{answer['hash']}.json"
            self._write_recording(path, x.test_id, request, SAMPLE_CHAT, answer["hash"])
            if x.test_file:
                (self.root / x.test_file).write_text(f"def {x.test_id.split('::', 1)[1]}():\n    pass\n")
            out[x.name] = path
        return out

    def expected_test_id(self, s: Scenario) -> str | None:
        """The test id that goes into the hash of what ``s`` sends (null for a shared model list)."""
        return None if self.shared[s.name] else s.nodeid

    def _env(self, capture: str, capture_dir: str, **extra: str) -> dict[str, str]:
        env = _clean_env(**extra)
        if capture == "env":
            env[CAPTURE_ENV] = capture_dir
        return env

    def run(self, *, capture: str = "off", capture_dir: str = "capture", args: tuple[str, ...] = (), timeout: float = 300) -> RunResult:
        """Run the project's tests; ``capture`` is ``off``, ``flag`` (``--capture-misses``) or ``env``.

        ``capture_dir`` is relative to the project root (pytest's invocation folder) unless absolute.
        """
        outcomes_file = self.root / f".outcomes-{time.monotonic_ns()}.jsonl"
        cmd = [self.interp.python, "-m", "pytest", "-q", "-rA", "-p", "no:randomly", *args]
        if capture == "flag":
            cmd += ["--capture-misses", capture_dir]
        env = self._env(capture, capture_dir, REALPROJECT_OUTCOMES=str(outcomes_file))
        start = time.monotonic()
        res = subprocess.run(cmd, cwd=self.root, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        seconds = time.monotonic() - start
        outcomes: dict[str, Outcome] = {}
        if outcomes_file.exists():
            for line in outcomes_file.read_text().splitlines():
                row = json.loads(line)
                seen = outcomes.setdefault(row["nodeid"], Outcome(row["nodeid"], "passed"))
                if row["outcome"] == "failed" or (row["outcome"] == "skipped" and seen.outcome == "passed"):
                    seen.outcome = row["outcome"]
                seen.longrepr += row["longrepr"]
                seen.stdout += row["stdout"] or ""
            outcomes_file.unlink()
        folder = None if capture == "off" else (Path(capture_dir) if os.path.isabs(capture_dir) else self.root / capture_dir)
        return RunResult(res.returncode, outcomes, res.stdout, res.stderr, folder, seconds)

    def run_server(self, test_id: str, body_name: str, *, capture_dir: str | None = None, cwd: Path | None = None) -> tuple[dict[str, Any], subprocess.CompletedProcess[str]]:
        """The server stand-in: one call for ``test_id`` with the body of scenario ``body_name``.

        With ``capture_dir``, ``RECORDING_INSPECTOR_MISSES`` is set for it (the start-up hook's case).
        """
        env = _clean_env()
        if capture_dir is not None:
            env[CAPTURE_ENV] = capture_dir
        res = subprocess.run(
            [self.interp.python, str(self.root / "serve_one.py"), test_id, body_name],
            cwd=cwd or self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if res.returncode != 0:
            raise RuntimeError(f"serve_one.py failed:\n{res.stderr}")
        return json.loads(res.stdout.strip().splitlines()[-1]), res


if __name__ == "__main__" and sys.argv[1:2] == ["hash"]:
    _hash_side(sys.argv[2])
