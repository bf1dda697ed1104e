"""A small runner for the ``git`` command line: revisions, diffs, history and blobs.

Everything goes through the ``git`` program as the user has it (no library, no copy
of the repository).  Blobs are read through one persistent ``git cat-file --batch``
process, so reading a thousand of them costs one process start, not a thousand.

Every failure is a :class:`GitError` whose message is one line (git missing, not a
repository, an unknown revision); the front ends print it as it is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from inspector.core.rules.layout import git_top

__all__ = ["GitError", "NotARepository", "Repo", "RawChange", "Commit", "BlobReader", "ZERO", "find_repo"]

#: the object id git prints for "not in the object database" (a working-tree side)
ZERO = "0" * 40


class GitError(Exception):
    """A git problem, worded as one line for the user."""


class NotARepository(GitError):
    """The folder is not inside a git repository (git itself works)."""


@dataclass(frozen=True, slots=True)
class RawChange:
    """One line of ``git diff --raw``: a path and its blob ids on both sides (``None``: absent)."""

    status: str  # A | D | M | T (renames are found by content later, not by git)
    path: str  # relative to the repository root, with ``/``
    old_blob: str | None
    new_blob: str | None  # ZERO: read the working tree


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit as history lists it: full id, committer date (ISO 8601), subject, and the file's path there."""

    commit: str
    date: str
    subject: str
    path: str = ""

    def to_json(self) -> dict[str, str]:
        return {"commit": self.commit, "date": self.date, "subject": self.subject}


def _git_program() -> str:
    exe = shutil.which("git")
    if exe is None:
        raise GitError("git is not installed (or not on PATH): changes and why need the git command line")
    return exe


def _first_line(text: bytes | str) -> str:
    s = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    for line in s.splitlines():
        line = line.strip()
        if line:
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return "git failed"


def _env() -> dict[str, str]:
    # Plain, stable output: no pager, no colour, no translations, no prompts for credentials.
    env = dict(os.environ)
    env.update(GIT_PAGER="cat", LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
    return env


def find_repo(start: str | os.PathLike[str] = ".") -> Repo:
    """The repository holding ``start`` (a folder or a file), or a :class:`GitError`.

    Its top is the nearest folder holding ``.git`` (:func:`inspector.core.rules.layout.git_top`, the
    one rule for the repository's top: a path's own folders, as the recorder derives its root from
    paths, never from git).
    """
    exe = _git_program()
    p = Path(start)
    if not p.exists():
        raise GitError(f"{start}: no such file or folder")
    top = git_top(p)
    if top is None:
        raise NotARepository(f"not a git repository: {start}")
    return Repo(top, exe)


class Repo:
    """A repository's top folder and the git program that reads it."""

    def __init__(self, root: Path, exe: str | None = None) -> None:
        self.root = root
        self.exe = exe or _git_program()
        self._reader: BlobReader | None = None

    # -- running ------------------------------------------------------------------

    def run(self, *args: str, ok: tuple[int, ...] = (0,)) -> bytes:
        """``git ARGS`` in the repository; its standard output, or a one-line :class:`GitError`."""
        try:
            proc = subprocess.run(  # noqa: S603 - git from PATH, arguments are ours
                [self.exe, "-C", str(self.root), *args], capture_output=True, env=_env(), check=False
            )
        except OSError as exc:
            raise GitError(f"cannot run git: {exc.strerror or exc}") from None
        if proc.returncode not in ok:
            raise GitError(_first_line(proc.stderr))
        return proc.stdout

    # -- revisions ----------------------------------------------------------------

    def resolve(self, rev: str) -> str:
        """The commit id ``rev`` names, or ``GitError("unknown revision: REV")``."""
        if not rev or rev.startswith("-"):
            raise GitError(f"unknown revision: {rev!r}")
        out = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", ok=(0, 1, 128))
        sha = out.decode().strip()
        if len(sha) != 40:
            raise GitError(f"unknown revision: {rev}")
        return sha

    def merge_base(self, a: str, b: str) -> str:
        out = self.run("merge-base", a, b, ok=(0, 1))
        sha = out.decode().strip()
        if not sha:
            raise GitError(f"no merge base between {a[:12]} and {b[:12]}")
        return sha

    def commit_info(self, rev: str) -> Commit:
        out = self.run("show", "-s", "--format=%H%x00%cI%x00%s", rev, "--")
        h, date, subject = out.decode("utf-8", "replace").rstrip("\n").split("\x00", 2)
        return Commit(h, date, subject)

    # -- diffs ----------------------------------------------------------------------

    def diff_raw(self, old: str, new: str | None, paths: list[str] | None = None) -> list[RawChange]:
        """What changed from commit ``old`` to commit ``new`` (``None``: the working tree).

        Renames are left to the caller (``--no-renames``): a recording's rename is
        the same request under another path, which git's similarity cannot see.
        """
        args = ["diff", "--raw", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", "--abbrev=40", old]
        if new is not None:
            args.append(new)
        args += ["--", *(paths or [])]
        return _parse_raw(self.run(*args))

    def untracked(self, paths: list[str] | None = None) -> list[str]:
        """Files git does not track and does not ignore (paths from the root)."""
        out = self.run("ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--", *(paths or []))
        return [p for p in out.decode("utf-8", "surrogateescape").split("\x00") if p]

    def status_paths(self, paths: list[str] | None = None) -> list[str]:
        """Paths ``git status --porcelain`` lists under ``paths`` (cheap: tells whether they are clean)."""
        out = self.run("status", "--porcelain", "-z", "--untracked-files=all", "--", *(paths or []))
        paths: list[str] = []
        fields = out.decode("utf-8", "surrogateescape").split("\x00")
        i = 0
        while i < len(fields):
            entry = fields[i]
            i += 1
            if len(entry) < 4:
                continue
            paths.append(entry[3:])
            if entry[0] in "RC":  # a rename's source path follows in the next field
                i += 1
        return paths

    # -- history --------------------------------------------------------------------

    def log_follow(self, path: str) -> list[Commit]:
        """The commits that touched ``path``, newest first, each with the file's path there."""
        out = self.run("log", "--follow", "--format=%x01%H%x00%cI%x00%s", "--name-only", "-z", "--", path)
        commits: list[Commit] = []
        for record in out.decode("utf-8", "surrogateescape").split("\x01"):
            if not record.strip("\x00\n"):
                continue
            head, _, rest = record.partition("\n")
            h, date, subject = (head.strip("\x00").split("\x00", 2) + ["", ""])[:3]
            names = [n for n in rest.strip("\n").split("\x00") if n.strip("\n")]
            commits.append(Commit(h, date, subject, names[-1].strip("\n") if names else path))
        return commits

    def relative(self, path: str | os.PathLike[str]) -> str:
        """``path`` (absolute or from the current folder) as git names it from the root."""
        p = Path(path).absolute()
        try:
            rel = p.resolve().relative_to(self.root.resolve())
        except ValueError:
            raise GitError(f"{path} is outside the repository {self.root}") from None
        return rel.as_posix()

    # -- blobs ----------------------------------------------------------------------

    @property
    def blobs(self) -> BlobReader:
        """The repository's one ``git cat-file --batch`` reader (started on first use)."""
        if self._reader is None:
            self._reader = BlobReader(self)
        return self._reader

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def __enter__(self) -> Repo:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _parse_raw(out: bytes) -> list[RawChange]:
    # ":100644 100644 <old> <new> M\0path\0" repeated; a mode of 000000 means "absent".
    fields = out.decode("utf-8", "surrogateescape").split("\x00")
    changes: list[RawChange] = []
    i = 0
    while i + 1 < len(fields):
        meta, path = fields[i], fields[i + 1]
        i += 2
        if not meta.startswith(":"):
            continue
        old_mode, new_mode, old_sha, new_sha, status = meta[1:].split(" ", 4)
        changes.append(
            RawChange(
                status[:1],
                path,
                None if old_mode == "000000" else old_sha,
                None if new_mode == "000000" else new_sha,
            )
        )
    return changes


class BlobReader:
    """One ``git cat-file --batch`` process: object names in, contents out.

    ``read`` takes a blob id or ``REV:PATH``; ``None`` means git has no such object.
    A lock keeps one request in flight (the app reads from worker threads).
    ``objects_read`` counts the blobs whose contents came back (what a cache saves).
    """

    def __init__(self, repo: Repo) -> None:
        self._lock = threading.Lock()
        self.objects_read = 0
        try:
            self._proc = subprocess.Popen(  # noqa: S603 - git from PATH, arguments are ours
                [repo.exe, "-C", str(repo.root), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_env(),
            )
        except OSError as exc:
            raise GitError(f"cannot run git cat-file: {exc.strerror or exc}") from None

    def read(self, name: str) -> bytes | None:
        if "\n" in name:
            return None
        with self._lock:
            proc = self._proc
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
                proc.stdin.flush()
                header = proc.stdout.readline()
            except OSError as exc:
                raise GitError(f"git cat-file stopped: {exc.strerror or exc}") from None
            if not header:
                raise GitError("git cat-file stopped unexpectedly")
            parts = header.split()
            if len(parts) < 3 or parts[1] in (b"missing", b"ambiguous"):
                return None
            size = int(parts[2])
            data = proc.stdout.read(size)
            proc.stdout.read(1)  # the newline after the contents
            if parts[1] != b"blob":
                return None
            self.objects_read += 1
            return data

    def read_many(self, names: list[str]) -> dict[str, bytes | None]:
        """Many objects in one pass: a thread writes the names while this one reads the answers.

        One request at a time would wait on git for every object; pipelining keeps
        both processes busy (and the pipe cannot deadlock, since both ends move).
        """
        names = [n for n in dict.fromkeys(names) if "\n" not in n]
        out: dict[str, bytes | None] = {}
        if not names:
            return out
        with self._lock:
            proc = self._proc
            assert proc.stdin is not None and proc.stdout is not None
            stdin, stdout = proc.stdin, proc.stdout
            failed: list[OSError] = []

            def feed() -> None:
                try:
                    stdin.write(b"".join(n.encode("utf-8", "surrogateescape") + b"\n" for n in names))
                    stdin.flush()
                except OSError as exc:
                    failed.append(exc)

            writer = threading.Thread(target=feed, daemon=True)
            writer.start()
            try:
                for name in names:
                    header = stdout.readline()
                    if not header:
                        raise GitError("git cat-file stopped unexpectedly")
                    parts = header.split()
                    if len(parts) < 3 or parts[1] in (b"missing", b"ambiguous"):
                        out[name] = None
                        continue
                    data = stdout.read(int(parts[2]))
                    stdout.read(1)
                    out[name] = data if parts[1] == b"blob" else None
                    self.objects_read += parts[1] == b"blob"
            finally:
                writer.join()
            if failed:
                raise GitError(f"git cat-file stopped: {failed[0].strerror or failed[0]}")
        return out

    def close(self) -> None:
        proc = self._proc
        if proc.poll() is None:
            try:
                if proc.stdin is not None:
                    proc.stdin.close()
                proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                proc.kill()
                proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
