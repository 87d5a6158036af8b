"""The matrix runner with real child processes (``/bin/sh``): results in job order, logs,
the parallel limit, fail-fast and stop requests, and no process left behind."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from gover.matrix import runner
from gover.matrix.runner import Job, Result, Stop, go_env, read_output


def job(tmp_path: Path, name: str, script: str, header: str = "") -> Job:
    return Job(name, ["/bin/sh", "-c", script], {"PATH": os.environ.get("PATH", os.defpath)}, tmp_path,
               tmp_path / "logs" / f"{name}.log", header)


class Events:
    def __init__(self, stop: Stop | None = None, stop_on: str = "") -> None:
        self.seen: list[str] = []
        self.stop, self.stop_on = stop, stop_on

    def started(self, j: Job) -> None:
        self.seen.append("start " + j.name)
        if self.stop is not None and j.name == self.stop_on:
            self.stop.request(signal.SIGINT)

    def finished(self, r: Result) -> None:
        self.seen.append(f"end {r.name} {r.status}")

    def tick(self, running: list[tuple[str, float]], done: int, total: int) -> None:
        pass


def alive(pid: int) -> bool:
    """Running (a killed orphan may linger as a zombie until its new parent reaps it)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_results_come_in_job_order_with_their_logs(tmp_path: Path) -> None:
    jobs = [job(tmp_path, "go1.22.10", "echo built; echo warned >&2; exit 3", header="# go1.22.10\n"),
            job(tmp_path, "go1.23.9", "printf ok")]
    out = runner.run(jobs, parallel=2)
    a, b = out.results
    assert (a.name, a.status, a.exit_code, a.passed) == ("go1.22.10", "failed", 3, False)
    assert (b.name, b.status, b.exit_code, b.passed) == ("go1.23.9", "passed", 0, True)
    assert a.output == "built\nwarned\n" and a.output_bytes == len(a.output)  # the header is not output
    assert b.output == "ok" and out.stopped_by == "" and out.signum is None
    log = a.log.read_text()  # type: ignore[union-attr]
    assert log.startswith("# go1.22.10\nbuilt\nwarned\n\n# gover: exit status 3 after ")
    assert a.duration_s >= 0 and a.log == tmp_path / "logs" / "go1.22.10.log"


def test_parallel_limits_how_many_run_at_once(tmp_path: Path) -> None:
    ev = Events()
    runner.run([job(tmp_path, n, "exit 0") for n in ("a", "b", "c")], parallel=1, listener=ev)
    assert ev.seen == ["start a", "end a passed", "start b", "end b passed", "start c", "end c passed"]
    # Two at once: each job waits for the other to have started, which only works in parallel.
    a = job(tmp_path, "a", "touch a.on; while [ ! -e b.on ]; do sleep 0.01; done")
    b = job(tmp_path, "b", "touch b.on; while [ ! -e a.on ]; do sleep 0.01; done")
    out = runner.run([a, b], parallel=2)
    assert [r.status for r in out.results] == ["passed", "passed"]


def test_fail_fast_cancels_running_and_skips_pending(tmp_path: Path) -> None:
    jobs = [job(tmp_path, "slow", "touch slow.on; exec sleep 30"),
            job(tmp_path, "bad", "while [ ! -e slow.on ]; do sleep 0.01; done; exit 2"),
            job(tmp_path, "later", "exit 0")]
    t0 = time.monotonic()
    out = runner.run(jobs, parallel=2, fail_fast=True)
    assert time.monotonic() - t0 < 10
    slow, bad, later = out.results
    assert out.stopped_by == "fail-fast"
    assert (bad.status, bad.exit_code) == ("failed", 2)
    assert (slow.status, slow.exit_code) == ("cancelled", None)
    assert "# gover: cancelled after " in slow.log.read_text()  # type: ignore[union-attr]
    assert (later.status, later.exit_code, later.log) == ("skipped", None, None)


def test_a_stop_request_cancels_and_reports_the_signal(tmp_path: Path) -> None:
    stop = Stop()
    ev = Events(stop, stop_on="a")
    out = runner.run([job(tmp_path, "a", "exec sleep 30"), job(tmp_path, "b", "exit 0")],
                     parallel=1, stop=stop, listener=ev)
    assert (out.stopped_by, out.signum) == ("signal", signal.SIGINT)
    assert [r.status for r in out.results] == ["cancelled", "skipped"]
    already = Stop()
    already.request(signal.SIGTERM)
    already.request(signal.SIGINT)  # the first signal is the one reported
    out = runner.run([job(tmp_path, "c", "exit 0")], parallel=1, stop=already)
    assert (out.stopped_by, out.signum, out.results[0].status) == ("signal", signal.SIGTERM, "skipped")
    assert already.count == 2


def test_a_job_ignoring_sigterm_is_killed_after_the_grace_period(tmp_path: Path) -> None:
    stop = Stop()
    j = job(tmp_path, "stubborn", "trap '' TERM; touch on; while :; do sleep 0.05; done")
    ev = Events(stop, stop_on="stubborn")
    t0 = time.monotonic()
    out = runner.run([j], parallel=1, stop=stop, listener=ev, grace_s=0.3)
    elapsed = time.monotonic() - t0
    assert out.results[0].status == "cancelled"
    assert 0.3 <= elapsed < 5  # SIGTERM, the grace period, then SIGKILL


def test_leftover_processes_of_a_job_are_killed(tmp_path: Path) -> None:
    j = job(tmp_path, "leaky", "sleep 30 & echo $! > child.pid; exit 0")
    out = runner.run([j], parallel=1)
    assert out.results[0].status == "passed"
    pid = int((tmp_path / "child.pid").read_text())
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not alive(pid)


def test_exit_codes_for_signals_and_programs_that_cannot_run(tmp_path: Path) -> None:
    (tmp_path / "notexec").write_text("#!/bin/sh\n")
    jobs = [job(tmp_path, "killed", "kill -9 $$"),
            Job("missing", ["/nonexistent/go"], {}, tmp_path, tmp_path / "logs" / "missing.log"),
            Job("denied", [str(tmp_path / "notexec")], {}, tmp_path, tmp_path / "logs" / "denied.log")]
    killed, missing, denied = runner.run(jobs, parallel=3).results
    assert (killed.status, killed.exit_code) == ("failed", 128 + 9)  # the shell's convention
    assert (missing.status, missing.exit_code) == ("failed", 127)
    assert missing.output == "gover: cannot run /nonexistent/go: No such file or directory\n"
    assert missing.log.read_text() == missing.output  # type: ignore[union-attr]
    assert (denied.status, denied.exit_code) == ("failed", 126)
    assert denied.output.startswith(f"gover: cannot run {tmp_path / 'notexec'}: Permission denied")


def test_go_env_pins_one_toolchain() -> None:
    goroot = Path("/opt/go1.22.10")
    env = go_env({"PATH": "/usr/bin:/opt/go1.22.10/bin::/bin", "GOTOOLCHAIN": "auto", "HOME": "/h"},
                 goroot, "go1.22.10")
    assert env["PATH"] == "/opt/go1.22.10/bin:/usr/bin:/bin"  # first, once, no empty entries
    assert env["GOROOT"] == "/opt/go1.22.10" and env["GOTOOLCHAIN"] == "local"
    assert env["GOVER_VERSION"] == "1.22.10" and env["GOVER_MATRIX_VERSION"] == "go1.22.10"
    assert env["HOME"] == "/h"
    assert go_env({}, goroot, "go1.23rc1")["PATH"].startswith("/opt/go1.22.10/bin" + os.pathsep)


def test_read_output_keeps_head_and_tail_of_long_logs(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    head = "".join(f"compile error {i}\n" for i in range(1000))
    tail = "".join(f"--- FAIL: Test{i}\n" for i in range(5000))
    log.write_text("HEADER\n" + head + tail)
    text, size = read_output(log, len("HEADER\n"), limit=20_000)
    assert size == len(head + tail)
    before, _, after = text.partition("\n[... ")
    note, _, body = after.partition(" ...]\n")
    kept_head = before  # the note starts on a line of its own
    assert kept_head.startswith("compile error 0\n") and head.startswith(kept_head)  # whole lines
    assert body.startswith("--- FAIL: Test") and tail.endswith(body) and body.endswith("Test4999\n")
    omitted = size - len(kept_head) - len(body)
    assert note == f"{omitted} bytes omitted; the whole output is in {log}"
    assert 8 * 1024 - 30 < len(kept_head) <= 8 * 1024 and len(kept_head + body) <= 20_000
    assert read_output(log, 0, limit=10**6) == ("HEADER\n" + head + tail, len("HEADER\n" + head + tail))
    assert read_output(tmp_path / "missing.log", 0) == ("", 0)


@pytest.mark.parametrize("parallel", [1, 4])
def test_no_jobs(parallel: int) -> None:
    out = runner.run([], parallel=parallel)
    assert out.results == [] and out.stopped_by == ""
