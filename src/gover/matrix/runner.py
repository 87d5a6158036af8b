"""Run jobs in parallel, at most N at a time, each in its own process group with a log file.

Every child starts a new session, so it leads a process group that holds everything it
spawns (``go test`` runs test binaries, shells run pipelines).  Cancelling a job signals
the whole group: SIGTERM, then SIGKILL after a grace period.  When a job's main process
exits, whatever it left running in its group is killed too, so a run never leaves
orphans behind.  Where ``waitid(WNOWAIT)`` exists (Linux) the exit is detected without
reaping, so the group id cannot be recycled before the leftovers are killed.

Signals are not handled here: the caller sets ``Stop`` (e.g. from a SIGINT handler) and
the loop notices it within WAIT_S.  On Linux the loop sleeps on pidfds, which wake it
the moment a child exits; elsewhere it polls every POLL_S.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from gover.golang import versions

POLL_S = 0.02  # without pidfds: how often exits are polled
WAIT_S = 0.05  # with pidfds: the longest wait, so a stop request is noticed this fast
TICK_S = 0.25
GRACE_S = 2.0
OUTPUT_LIMIT = 64 * 1024  # bytes of output kept in a Result; the log keeps everything
_HEAD = 8 * 1024

_WAITID = hasattr(os, "waitid") and hasattr(os, "WNOWAIT")


@dataclass(frozen=True)
class Job:
    name: str
    argv: list[str]
    env: Mapping[str, str]
    cwd: Path
    log: Path
    header: str = ""  # written at the top of the log, before the command's output


@dataclass
class Result:
    name: str
    status: str  # "passed" | "failed" | "cancelled" | "skipped"
    exit_code: int | None  # None when cancelled or never started
    duration_s: float
    log: Path | None
    output: str = ""  # combined stdout and stderr, trimmed to OUTPUT_LIMIT
    output_bytes: int = 0  # untrimmed size

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def to_json(self) -> dict[str, object]:
        return {"version": self.name, "exit_code": self.exit_code, "passed": self.passed,
                "duration_s": self.duration_s, "output": self.output,
                "log": str(self.log) if self.log else None, "status": self.status}


class Stop:
    """A stop request, safe to set from a signal handler (it only assigns)."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self.count = 0

    def request(self, signum: int) -> None:
        if self.signum is None:
            self.signum = signum
        self.count += 1


class Listener(Protocol):
    def started(self, job: Job) -> None: ...
    def finished(self, result: Result) -> None: ...
    def tick(self, running: list[tuple[str, float]], done: int, total: int) -> None: ...


class Quiet:
    def started(self, job: Job) -> None:
        pass

    def finished(self, result: Result) -> None:
        pass

    def tick(self, running: list[tuple[str, float]], done: int, total: int) -> None:
        pass


@dataclass
class Outcome:
    results: list[Result]  # in job order
    stopped_by: str = ""  # "" | "fail-fast" | "signal"
    signum: int | None = None

    def to_json(self) -> dict[str, object]:
        """``gover matrix --json`` (docs/json.md)."""
        return {"results": [r.to_json() for r in self.results]}


def go_env(base: Mapping[str, str], goroot: Path, name: str) -> dict[str, str]:
    """The environment for one version: its bin first on PATH, GOROOT set, and
    GOTOOLCHAIN=local so go cannot switch to another toolchain behind the matrix's back.
    GOVER_VERSION makes any gover shim the command reaches resolve to the same version."""
    env = dict(base)
    gobin = str(goroot / "bin")
    rest = [p for p in env.get("PATH", os.defpath).split(os.pathsep) if p and p != gobin]
    env["PATH"] = os.pathsep.join([gobin, *rest])
    env["GOROOT"] = str(goroot)
    env["GOTOOLCHAIN"] = "local"
    env["GOVER_VERSION"] = versions.strip_go(name)
    env["GOVER_MATRIX_VERSION"] = name
    return env


@dataclass
class _Running:
    job: Job
    proc: subprocess.Popen[bytes]
    start: float
    offset: int  # where the command's output starts in the log
    pidfd: int | None = None  # readable once the child has exited (it stays unreaped)


def run(jobs: list[Job], *, parallel: int, fail_fast: bool = False, stop: Stop | None = None,
        listener: Listener | None = None, grace_s: float = GRACE_S) -> Outcome:
    stop = stop or Stop()
    listener = listener or Quiet()
    pending = deque(jobs)
    running: list[_Running] = []
    done: dict[str, Result] = {}
    stopped_by = ""
    last_tick = 0.0

    def record(res: Result) -> None:
        nonlocal stopped_by
        done[res.name] = res
        listener.finished(res)
        if fail_fast and res.status == "failed" and not stopped_by:
            stopped_by = "fail-fast"

    try:
        while (pending or running) and not stopped_by:
            if stop.signum is not None:
                stopped_by = "signal"
                break
            while pending and len(running) < parallel and not stopped_by:
                job = pending.popleft()
                started = _spawn(job)
                if isinstance(started, Result):
                    record(started)
                else:
                    running.append(started)
                    listener.started(job)
            for r in list(running):
                if _exited(r.proc):
                    running.remove(r)
                    record(_finish(r))
            now = time.monotonic()
            if running and now - last_tick >= TICK_S:
                last_tick = now
                listener.tick([(r.job.name, now - r.start) for r in running], len(done), len(jobs))
            if running and not stopped_by:
                _wait(running)
        if running:
            for res in _cancel(running, stop, grace_s):
                record(res)
            running = []
    finally:
        for r in running:  # only on an unexpected exception: never leave children behind
            _killpg(r.proc.pid, signal.SIGKILL)
            r.proc.wait()
            if r.pidfd is not None:
                os.close(r.pidfd)
    for job in pending:
        done[job.name] = Result(job.name, "skipped", None, 0.0, None)
    return Outcome([done[j.name] for j in jobs], stopped_by, stop.signum)


def _spawn(job: Job) -> _Running | Result:
    job.log.parent.mkdir(parents=True, exist_ok=True)
    with open(job.log, "wb") as logf:
        logf.write(job.header.encode())
        logf.flush()
        offset = logf.tell()
        start = time.monotonic()
        try:
            proc = subprocess.Popen(job.argv, cwd=job.cwd, env=dict(job.env), stdin=subprocess.DEVNULL,
                                    stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as e:
            msg = f"gover: cannot run {job.argv[0]}: {e.strerror or e}\n"
            logf.write(msg.encode())
            code = 127 if isinstance(e, FileNotFoundError) else 126
            return Result(job.name, "failed", code, time.monotonic() - start, job.log, msg, len(msg))
    pidfd = None
    if hasattr(os, "pidfd_open"):
        with contextlib.suppress(OSError):  # kernels before 5.3
            pidfd = os.pidfd_open(proc.pid)
    return _Running(job, proc, start, offset, pidfd)


def _wait(running: list[_Running]) -> None:
    fds = [r.pidfd for r in running if r.pidfd is not None]
    if len(fds) == len(running):
        select.select(fds, [], [], WAIT_S)
    else:
        time.sleep(POLL_S)


def _exited(proc: subprocess.Popen[bytes]) -> bool:
    if proc.returncode is not None:
        return True
    if not _WAITID:
        return proc.poll() is not None
    try:
        info = os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return True
    return info is not None


def _killpg(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _finish(r: _Running, *, cancelled: bool = False) -> Result:
    _killpg(r.proc.pid, signal.SIGKILL)  # leftovers; the unreaped leader keeps the group id ours
    rc = r.proc.wait()
    duration = time.monotonic() - r.start
    if r.pidfd is not None:
        os.close(r.pidfd)
        r.pidfd = None
    code = rc if rc >= 0 else 128 - rc  # killed by a signal: the shell's convention
    text, size = read_output(r.job.log, r.offset)
    if cancelled:
        status, exit_code = "cancelled", None
        footer = f"\n# gover: cancelled after {duration:.1f}s\n"
    else:
        status, exit_code = ("passed" if code == 0 else "failed"), code
        footer = f"\n# gover: exit status {code} after {duration:.1f}s\n"
    try:
        with open(r.job.log, "ab") as f:
            f.write(footer.encode())
    except OSError:
        pass
    return Result(r.job.name, status, exit_code, round(duration, 3), r.job.log, text, size)


def _cancel(running: list[_Running], stop: Stop, grace_s: float) -> list[Result]:
    """Stop every running job; a second stop request skips the grace period."""
    results = [_finish(r) for r in running if _exited(r.proc)]  # finished on their own
    left = [r for r in running if r.proc.returncode is None]
    for r in left:
        _killpg(r.proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    requests = stop.count
    while left and time.monotonic() < deadline and stop.count == requests:
        _wait(left)
        for r in list(left):
            if _exited(r.proc):
                left.remove(r)
                results.append(_finish(r, cancelled=True))
    for r in left:
        results.append(_finish(r, cancelled=True))  # SIGKILLs the group first
    return results


def read_output(path: Path, start: int, limit: int = OUTPUT_LIMIT) -> tuple[str, int]:
    """The log's text from ``start``; beyond ``limit`` bytes keep the head and the tail
    (compile errors come first, test failures last) with a note naming the log."""
    try:
        with open(path, "rb") as f:
            size = f.seek(0, os.SEEK_END) - start
            f.seek(start)
            if size <= limit:
                return f.read().decode(errors="replace"), size
            head = f.read(_HEAD)
            f.seek(start + size - (limit - _HEAD))
            tail = f.read()
    except OSError:
        return "", 0
    head = head[: head.rfind(b"\n") + 1] or head
    nl = tail.find(b"\n")
    tail = tail[nl + 1:] if 0 <= nl < len(tail) - 1 else tail
    omitted = size - len(head) - len(tail)
    note = f"\n[... {omitted} bytes omitted; the whole output is in {path} ...]\n"
    return head.decode(errors="replace") + note + tail.decode(errors="replace"), size
