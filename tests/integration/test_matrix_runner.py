"""The matrix runner with real processes (sh, sleep): exit codes, logs, the parallel bound,
fail-fast, and that no process outlives a run."""

from __future__ import annotations

import os
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gover.matrix import logs, report, runner
from gover.paths import Paths
from tests.support.procs import read_pids, wait_for_files, wait_gone

pytestmark = pytest.mark.integration

ENV = {"PATH": os.environ["PATH"], "LC_ALL": "C"}


def job(tmp: Path, name: str, script: str, **env: str) -> runner.Job:
    return runner.Job(name, ["sh", "-c", script], {**ENV, "NAME": name, **env}, tmp,
                      tmp / "logs" / f"{name}.log", header=f"# header {name}\n")


def test_exit_codes_output_and_logs(tmp_path: Path) -> None:
    jobs = [
        job(tmp_path, "a", "echo out; echo err >&2; exit 3"),
        job(tmp_path, "b", "echo fine"),
        job(tmp_path, "c", "echo dying; kill -9 $$"),
        runner.Job("d", ["./no-such-program"], ENV, tmp_path, tmp_path / "logs" / "d.log"),
    ]
    fds = len(os.listdir("/proc/self/fd"))
    out = runner.run(jobs, parallel=4)
    assert len(os.listdir("/proc/self/fd")) == fds  # no log file or pidfd left open
    a, b, c, d = out.results
    assert (a.status, a.exit_code, a.output) == ("failed", 3, "out\nerr\n")
    assert (b.status, b.exit_code, b.output, b.passed) == ("passed", 0, "fine\n", True)
    assert (c.status, c.exit_code, c.output) == ("failed", 137, "dying\n")  # 128 + SIGKILL
    assert (d.status, d.exit_code) == ("failed", 127)
    assert d.output.startswith("gover: cannot run ./no-such-program: No such file or directory")
    assert out.stopped_by == "" and out.signum is None
    log = a.log.read_text()  # type: ignore[union-attr]
    assert log.startswith("# header a\nout\nerr\n\n# gover: exit status 3 after ")


def test_at_most_n_run_at_once(tmp_path: Path) -> None:
    trace = tmp_path / "trace"
    script = f'echo "+ $NAME" >> {trace}; sleep 0.3; echo "- $NAME" >> {trace}'
    out = runner.run([job(tmp_path, f"j{i}", script) for i in range(5)], parallel=2)
    assert all(r.passed for r in out.results)
    level, peak = 0, 0
    for line in trace.read_text().splitlines():
        level += 1 if line.startswith("+") else -1
        peak = max(peak, level)
    assert peak == 2


def test_leftovers_are_killed_when_the_command_exits(tmp_path: Path) -> None:
    pidfile = tmp_path / "bg"
    out = runner.run([job(tmp_path, "a", f"sleep 300 & echo $! > {pidfile}")], parallel=1)
    assert out.results[0].passed
    assert wait_gone(read_pids([pidfile])) == []


def test_fail_fast_cancels_running_and_skips_pending(tmp_path: Path) -> None:
    pids = [tmp_path / f"{n}.pids" for n in ("b", "c")]
    sleeper = 'echo $$ > {f}.tmp; sleep 300 & echo $! >> {f}.tmp; mv {f}.tmp {f}; wait'
    jobs = [job(tmp_path, "b", sleeper.format(f=pids[0])), job(tmp_path, "c", sleeper.format(f=pids[1])),
            job(tmp_path, "a", f"until [ -s {pids[0]} ] && [ -s {pids[1]} ]; do sleep 0.05; done; exit 1"),
            job(tmp_path, "d", "echo never")]
    t = time.monotonic()
    out = runner.run(jobs, parallel=3, fail_fast=True)
    assert time.monotonic() - t < runner.GRACE_S + 5  # sleep honours SIGTERM: no wait for SIGKILL
    assert [(r.name, r.status, r.exit_code) for r in out.results] == [
        ("b", "cancelled", None), ("c", "cancelled", None), ("a", "failed", 1), ("d", "skipped", None)]
    assert out.stopped_by == "fail-fast" and out.results[3].log is None
    assert not (tmp_path / "logs" / "d.log").exists()
    assert len(read_pids(pids)) == 4 and wait_gone(read_pids(pids)) == []
    assert (tmp_path / "logs" / "b.log").read_text().endswith("s\n") and \
        "# gover: cancelled after" in (tmp_path / "logs" / "b.log").read_text()


def test_a_group_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path: Path) -> None:
    pidfile = tmp_path / "pids"
    script = f'trap "" TERM; sleep 300 & echo "$$ $!" > {pidfile}; wait; wait'
    stop = runner.Stop()
    timer = threading.Timer(0.1, lambda: wait_for_files([pidfile]) and stop.request(15))
    timer.start()
    t = time.monotonic()
    out = runner.run([job(tmp_path, "a", script)], parallel=1, stop=stop, grace_s=0.5)
    took = time.monotonic() - t
    timer.join()
    assert out.results[0].status == "cancelled" and out.stopped_by == "signal" and out.signum == 15
    assert 0.5 <= took < 5
    assert wait_gone(read_pids([pidfile])) == []


def test_a_second_stop_request_skips_the_grace_period(tmp_path: Path) -> None:
    pidfile = tmp_path / "pids"
    script = f'trap "" TERM; sleep 300 & echo "$$ $!" > {pidfile}; wait; wait'
    stop = runner.Stop()

    def twice() -> None:
        wait_for_files([pidfile])
        stop.request(2)
        time.sleep(0.3)
        stop.request(2)

    th = threading.Thread(target=twice)
    th.start()
    t = time.monotonic()
    out = runner.run([job(tmp_path, "a", script)], parallel=1, stop=stop, grace_s=60)
    th.join()
    assert time.monotonic() - t < 10 and out.results[0].status == "cancelled" and out.signum == 2
    assert wait_gone(read_pids([pidfile])) == []


def test_long_output_keeps_head_and_tail_in_whole_lines(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    body = "".join(f"line {i:06d}\n" for i in range(20000))  # 240 000 bytes
    log.write_text("# header\n" + body)
    text, size = runner.read_output(log, len("# header\n"))
    assert size == len(body)
    assert text.startswith("line 000000\n") and text.endswith("line 019999\n")
    head, rest = text.split("\n[... ", 1)
    omitted, tail = rest.split(" ...]\n", 1)
    assert omitted == f"{size - len(head) - len(tail)} bytes omitted; the whole output is in {log}"
    assert all(len(x) == 11 for x in (head + tail).splitlines())
    assert len(head) + len(tail) <= runner.OUTPUT_LIMIT
    assert runner.read_output(log, 9, limit=len(body)) == (body, size)


def test_json_and_junit_documents(tmp_path: Path) -> None:
    results = [
        runner.Result("go1.21.13", "failed", 1, 1.5, tmp_path / "a.log", "bad \x1b[31mred\x1b[0m \x00 ünï\n"),
        runner.Result("go1.22.10", "passed", 0, 0.5, tmp_path / "b.log", "ok\n"),
        runner.Result("go1.23.9", "cancelled", None, 0.2, tmp_path / "c.log", ""),
        runner.Result("go1.24.1", "skipped", None, 0.0, None),
    ]
    doc = report.to_json(results)
    assert list(doc["results"][0]) == ["version", "exit_code", "passed", "duration_s", "output", "log",
                                       "status"]
    assert doc["results"][3] == {"version": "go1.24.1", "exit_code": None, "passed": False,
                                 "duration_s": 0.0, "output": "", "log": None, "status": "skipped"}
    root = ET.fromstring(report.junit(results, "go test ./... <&>", stopped_by="fail-fast"))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == "go test ./... <&>"
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("4", "1", "2")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    failure = cases["go1.21.13"].find("failure")
    assert failure is not None and failure.get("message") == "exit status 1"
    assert failure.text == "bad \ufffd[31mred\ufffd[0m \ufffd ünï"
    assert cases["go1.22.10"].find("failure") is None
    assert cases["go1.23.9"].find("skipped").get("message") == "cancelled by --fail-fast"  # type: ignore[union-attr]
    assert cases["go1.24.1"].find("skipped") is not None and cases["go1.24.1"].find("properties") is None
    prop = cases["go1.22.10"].find("properties/property")
    assert prop is not None and prop.get("value") == str(tmp_path / "b.log")


def test_old_run_directories_are_pruned(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    base = logs.base_dir(paths)
    names = [f"202601{d:02d}T000000Z-{d}" for d in range(1, 26)]
    for n in names + ["keep-me"]:
        (base / n).mkdir(parents=True)
    removed = logs.prune(paths, keep=20)
    assert [p.name for p in removed] == names[:5]
    assert sorted(os.listdir(base)) == sorted(names[5:] + ["keep-me"])
    assert logs.new_run_dir(paths).parent == base
