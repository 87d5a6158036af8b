"""gover matrix and gover ci matrix with real Go toolchains (1.21.13, 1.22.10, 1.23.9).

The toolchains are adopted (symlinked, no copy) into one GOVER_HOME for the module.
All runs share one GOCACHE, which the first test fills from empty with three
toolchains compiling at once: the sharing under parallel load is itself under test.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from gover.cli.main import main
from tests.conftest import toolchain_archive, toolchain_root
from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer
from tests.support.procs import read_pids, wait_for_files, wait_gone

pytestmark = pytest.mark.integration

VERSIONS = ("1.21.13", "1.22.10", "1.23.9")
ALL3 = "1.21,1.22,1.23"

# slices.Delete: Go 1.22 started zeroing the vacated tail (not gated by the go line).
PROBE_TEST = """package probe

import (
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestDeleteByVersion(t *testing.T) {
	s := []int{1, 2, 3, 4}
	_ = slices.Delete(s, 1, 2)
	want := 0
	if strings.HasPrefix(runtime.Version(), "go1.21.") {
		want = 4
	}
	t.Logf("built by %s: tail %d", runtime.Version(), s[3])
	if s[3] != want {
		t.Fatalf("%s: tail %d, want %d", runtime.Version(), s[3], want)
	}
}
"""

STRICT_TEST = """package strict

import (
	"runtime"
	"slices"
	"testing"
)

func TestDeleteClearsTail(t *testing.T) {
	s := []int{1, 2, 3, 4}
	_ = slices.Delete(s, 1, 2)
	if s[3] != 0 {
		t.Fatalf("%s: vacated element still holds %d", runtime.Version(), s[3])
	}
}
"""

# With go 1.22.0 in go.mod: range over int compiles and each iteration has its own i.
LOOP_MAIN = """package main

import "fmt"

func main() {
	var fs []func() int
	for i := range 3 {
		fs = append(fs, func() int { return i })
	}
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	for _, f := range fs {
		fmt.Print(f())
	}
	fmt.Println()
}
"""


def write_module(d: Path, go: str, files: dict[str, str]) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    (d / "go.mod").write_text(f"module example.com/{d.name}\n\ngo {go}\n")
    for name, text in files.items():
        (d / name).write_text(text)
    return d


def _adopt(home: Path, versions: tuple[str, ...]) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(home.parent), "GOVER_HOME": str(home)}
    for v in versions:
        assert main(["-q", "adopt", str(toolchain_root(v))], env=env) == 0


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A GOVER_HOME holding the three toolchains, and a GOCACHE shared by every run."""
    base = tmp_path_factory.mktemp("matrix")
    _adopt(base / "gover", VERSIONS)
    return {"GOVER_HOME": str(base / "gover"), "GOCACHE": str(base / "gocache")}


@pytest.fixture
def env(shared: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **shared}


def results(out: str) -> list[dict[str, object]]:
    return json.loads(out)["results"]


def test_parallel_runs_with_three_toolchains_share_one_build_cache(
        tmp_path: Path, gover: object, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    run = gover  # type: ignore[assignment]
    monkeypatch.chdir(write_module(tmp_path / "probe", "1.21", {"probe_test.go": PROBE_TEST}))
    for attempt in ("cold", "cached"):
        r = run("matrix", "--versions", ALL3, "--jobs", "3", "--json", "--", "go", "test", "-v", "./...",
                env=env)  # type: ignore[operator]
        assert r.code == 0, r
        res = results(r.out)
        assert [x["version"] for x in res] == [f"go{v}" for v in VERSIONS]
        for x, v in zip(res, VERSIONS, strict=True):
            tail = 4 if v.startswith("1.21") else 0
            assert f"built by go{v}: tail {tail}" in str(x["output"]), (attempt, x)
            assert x["passed"] is True and x["exit_code"] == 0 and x["status"] == "passed"
            assert ("(cached)" in str(x["output"])) == (attempt == "cached"), x
    verify = run("cache", "verify", "--json", env=env)  # type: ignore[operator]
    doc = json.loads(verify.out)
    assert verify.code == 0 and doc["corrupt"] == [] and doc["checked"] > 100, verify


def test_a_failure_is_reported_with_its_own_output(tmp_path: Path, gover: object, env: dict[str, str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    run = gover  # type: ignore[assignment]
    monkeypatch.chdir(write_module(tmp_path / "strict", "1.21", {"strict_test.go": STRICT_TEST}))
    junit = tmp_path / "out" / "junit.xml"
    r = run("matrix", "--versions", ALL3, "--junit", str(junit), "--", "go", "test", "./...",
            env=env)  # type: ignore[operator]
    assert r.code == 1, r
    first, _, table = r.out.partition("\n\n")
    log = Path(env["GOVER_HOME"]) / "matrix"
    assert first.startswith("--- go1.21.13: exit status 1 (end of its output; all of it in ")
    assert "strict_test.go:13: go1.21.13: vacated element still holds 4" in first
    assert "go1.22" not in first and "go1.23" not in first
    rows = [line.split()[:3] for line in table.strip().splitlines()]
    assert rows == [["VERSION", "RESULT", "EXIT"], ["go1.21.13", "FAILED", "1"], ["go1.22.10", "passed", "0"],
                    ["go1.23.9", "passed", "0"]]
    logfile = Path(table.splitlines()[1].split()[-1])
    assert logfile.parent.parent == log and logfile.name == "go1.21.13.log"
    assert "vacated element still holds 4" in logfile.read_text()

    root = ET.parse(junit).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("3", "1", "0")
    cases = {c.get("name"): c for c in root.iter("testcase")}
    failure = cases["go1.21.13"].find("failure")
    assert failure is not None and "go1.21.13: vacated element still holds 4" in (failure.text or "")
    assert cases["go1.22.10"].find("failure") is None
    assert "ok  \texample.com/strict" in (cases["go1.22.10"].findtext("system-out") or "")


def test_the_go_line_gates_each_toolchain(tmp_path: Path, gover: object, env: dict[str, str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """GOTOOLCHAIN=local: go1.21.13 must refuse a go 1.22.0 module instead of switching."""
    run = gover  # type: ignore[assignment]
    monkeypatch.chdir(write_module(tmp_path / "loops", "1.22.0", {"main.go": LOOP_MAIN}))
    env = {**env, "GOTOOLCHAIN": "auto", "GOPROXY": "off"}
    r = run("matrix", "--dry-run", env=env)  # type: ignore[operator]
    assert r.code == 0 and r.out.split("\n")[:2] == ["go1.22.10  (go.mod: go 1.22.0)",
                                                     "go1.23.9  (go.mod: go 1.22.0)"], r
    r = run("matrix", "--versions", ALL3, "--json", "--", "go", "run", ".", env=env)  # type: ignore[operator]
    assert r.code == 1
    old, new, newer = results(r.out)
    assert old["exit_code"] == 1 and old["output"] == \
        "go: go.mod requires go >= 1.22.0 (running go 1.21.13; GOTOOLCHAIN=local)\n"
    assert new["output"] == newer["output"] == "012012\n"
    assert f"note: go1.21.13 is older than go 1.22.0 in {tmp_path / 'loops' / 'go.mod'}" in r.err


def test_each_run_gets_its_own_goroot_path_and_gotoolchain(tmp_path: Path, gover: object,
                                                           env: dict[str, str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    run = gover  # type: ignore[assignment]
    monkeypatch.chdir(tmp_path)
    env = {**env, "GOROOT": "/nonexistent", "GOTOOLCHAIN": "go1.25.5", "GOVER_VERSION": "1.19"}
    script = 'echo "$GOROOT|$GOTOOLCHAIN|$GOVER_VERSION|$GOVER_MATRIX_VERSION|$(command -v go)"; ' \
             "go env GOVERSION GOTOOLCHAIN; read x || echo no-stdin"
    logs = tmp_path / "my-logs"
    runs = Path(env["GOVER_HOME"]) / "matrix"
    before = sorted(runs.iterdir()) if runs.exists() else []
    r = run("matrix", "--versions", ALL3, "-j", "2", "--log-dir", str(logs), "--json",  # type: ignore[operator]
            "--", "sh", "-c", script, env=env)
    assert r.code == 0, r
    for x, v in zip(results(r.out), VERSIONS, strict=True):
        root = Path(env["GOVER_HOME"]) / "versions" / f"go{v}"
        goroot = str(root.resolve())
        assert x["output"] == f"{goroot}|local|{v}|go{v}|{goroot}/bin/go\ngo{v}\nlocal\nno-stdin\n"
        assert x["log"] == str(logs / f"go{v}.log")
        assert (logs / f"go{v}.log").read_text().startswith(f"# gover matrix: go{v}\n# command: sh -c ")
    assert (sorted(runs.iterdir()) if runs.exists() else []) == before


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_live_progress_only_on_a_terminal(tmp_path: Path, env: dict[str, str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    argv = ["matrix", "--versions", "1.22,1.23", "-j", "2", "--", "sh", "-c", "sleep 0.6; go env GOVERSION"]
    out, err = io.StringIO(), _Terminal()
    assert main(argv, env={**env, "TERM": "xterm"}, stdout=out, stderr=err) == 0
    text = err.getvalue()
    assert "\r\x1b[K  [0/2] running go1.22.10 0s, go1.23.9 0s" in text
    ok = "\x1b[32m✓\x1b[0m"  # a terminal gets the marks in colour (cli/colour.py)
    assert f"\r\x1b[K  {ok} go1.22.10    passed" in text and f"{ok} go1.23.9     passed" in text
    plain = _Terminal()
    assert main(argv, env={**env, "TERM": "xterm", "NO_COLOR": "1"}, stdout=io.StringIO(),
                stderr=plain) == 0
    assert "\r\x1b[K  ✓ go1.22.10    passed" in plain.getvalue()
    assert "\x1b" not in out.getvalue() and out.getvalue().startswith("VERSION ")
    quiet = io.StringIO()  # not a terminal: no progress at all
    assert main(argv, env=env, stdout=io.StringIO(), stderr=quiet) == 0
    assert quiet.getvalue().startswith("Running `sh -c ") and "\r" not in quiet.getvalue()


FAIL_OR_SLEEP = (
    'v=$(go env GOVERSION); mkdir -p p; '
    'if [ "$v" = go1.21.13 ]; then '
    '  until [ -s p/go1.22.10 ] && [ -s p/go1.23.9 ]; do sleep 0.05; done; echo "$v is too old"; exit 2; '
    'fi; sleep 300 & echo "$$ $!" > p/$v.tmp; mv p/$v.tmp p/$v; wait')


def test_fail_fast_cancels_the_rest_and_leaves_no_process(tmp_path: Path, gover: object,
                                                          env: dict[str, str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    run = gover  # type: ignore[assignment]
    monkeypatch.chdir(tmp_path)
    r = run("matrix", "--versions", ALL3, "-j", "3", "--fail-fast", "--json",  # type: ignore[operator]
            "--", "sh", "-c", FAIL_OR_SLEEP, env=env)
    assert r.code == 1, r
    res = results(r.out)
    assert [(x["version"], x["status"], x["exit_code"]) for x in res] == [
        ("go1.21.13", "failed", 2), ("go1.22.10", "cancelled", None), ("go1.23.9", "cancelled", None)]
    assert res[0]["output"] == "go1.21.13 is too old\n"
    pids = read_pids([tmp_path / "p" / "go1.22.10", tmp_path / "p" / "go1.23.9"])
    assert len(pids) == 4 and wait_gone(pids) == []

    # One at a time: the versions after the failure never start.
    r = run("matrix", "--versions", "1.21,1.23", "-j", "1", "--fail-fast", "--json",  # type: ignore[operator]
            "--", "sh", "-c", "go env GOVERSION; exit 1", env=env)
    assert [(x["status"], x["log"]) for x in results(r.out)][1] == ("skipped", None) and r.code == 1


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_every_child(tmp_path: Path, env: dict[str, str], sig: signal.Signals) -> None:
    script = 'v=$(go env GOVERSION); sleep 300 & echo "$$ $!" > $v.tmp; mv $v.tmp $v; wait'
    files = [tmp_path / f"go{v}" for v in VERSIONS]
    # Its own session, signalled as a group: as a terminal's Ctrl-C reaches a foreground job.
    proc = subprocess.Popen([sys.executable, "-m", "gover", "matrix", "--versions", ALL3, "-j", "3", "--json",
                             "--", "sh", "-c", script], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert wait_for_files(files), proc.stderr
        pids = read_pids(files)
        os.killpg(proc.pid, sig)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + sig, err
    assert "gover: interrupted; stopped 3 running commands" in err
    assert [x["status"] for x in results(out)] == ["cancelled"] * 3
    assert len(pids) == 6 and wait_gone(pids) == []


def test_supported_installs_what_is_missing(tmp_path: Path, gover: object, monkeypatch: pytest.MonkeyPatch,
                                            shared: dict[str, str]) -> None:
    run = gover  # type: ignore[assignment]
    home = tmp_path / "gh"
    _adopt(home, ("1.21.13",))
    monkeypatch.chdir(tmp_path)
    with HTTPServer() as srv:
        site = DownloadSite(srv)
        site.add("go1.22.10", toolchain_archive("1.22.10"))
        site.add("go1.21.13", b"never fetched: installed already")
        site.add("go1.23rc1", b"not a release")
        env = {**os.environ, "GOVER_HOME": str(home), "GOCACHE": shared["GOCACHE"], "GOVER_DL_URL": site.base}
        r = run("matrix", "--supported", "--", "go", "version", env=env)  # type: ignore[operator]
        assert r.code == 1 and "gover: not installed: 1.22.10 (--supported) (installed: go1.21.13)" in r.err
        assert "run: gover install 1.22.10, or add --install" in r.err
        r = run("matrix", "--supported", "--install", "--json", "--", "go", "version",  # type: ignore[operator]
                env=env)
    assert r.code == 0, r
    assert [x["output"] for x in results(r.out)] == ["go version go1.21.13 linux/amd64\n",
                                                     "go version go1.22.10 linux/amd64\n"]
    assert (home / "versions" / "go1.22.10" / "bin" / "go").exists()


def test_supported_without_the_index_uses_installed_versions(tmp_path: Path, gover: object,
                                                             env: dict[str, str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = gover("matrix", "--supported", "--dry-run", env=env)  # type: ignore[operator]
    assert r.code == 0 and r.out == "go1.22.10  (supported)\ngo1.23.9  (supported)\n", r
    assert r.err == ("note: no release index answered (official: "
                     "http://127.0.0.1:9/dl/?mode=json&include=all: "
                     "connection refused); --supported picks from the installed versions instead\n")


def test_bad_invocations(tmp_path: Path, gover: object, env: dict[str, str],
                         monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    run = gover  # type: ignore[assignment]
    monkeypatch.chdir(tmp_path)
    r = run("matrix", "--versions", "1.22", env=env)  # type: ignore[operator]
    assert r.code == 2 and "gover: no command to run: gover matrix [options] -- CMD ..." in r.err
    r = run("matrix", "--jobs", "0", "--versions", "1.22", "--", "true", env=env)  # type: ignore[operator]
    assert r.code == 2 and "invalid job count '0': expected a whole number >= 1" in capsys.readouterr().err
    r = run("matrix", "--versions", "1.22", "--", "no-such-tool", "x", env=env)  # type: ignore[operator]
    assert r.code == 127 and r.err.startswith("gover: no-such-tool: command not found")
    (tmp_path / "file").write_text("")
    r = run("matrix", "--versions", "1.22", "--log-dir", "file/logs", "--", "true", env=env)  # type: ignore[operator]
    assert r.code == 1 and r.err.startswith(f"gover: {tmp_path / 'file' / 'logs'}: Not a directory"), r
    r = run("matrix", "--versions", "1.20,1.22", "--", "true", env=env)  # type: ignore[operator]
    assert r.code == 1 and r.err.startswith("gover: not installed: 1.20 (installed: go1.21.13, go1.22.10")
    r = run("matrix", "--", "go", "version", env=env)  # type: ignore[operator]
    assert r.code == 2 and "choose versions with --versions, --supported or --from-go-mod" in r.err
    (tmp_path / "go.mod").write_text("module m\ngo 1.22.x\n")
    r = run("matrix", "--", "go", "version", env=env)  # type: ignore[operator]
    assert r.code == 1 and "go.mod:2: invalid go version '1.22.x': must match format 1.23" in r.err
    # With explicit versions the broken go.mod is go's to report, in each run.
    r = run("matrix", "--versions", "1.22", "--json", "--", "go", "list", "-m", env=env)  # type: ignore[operator]
    assert r.code == 1 and "go: errors parsing go.mod:\n" in str(results(r.out)[0]["output"])


# --- gover ci matrix -------------------------------------------------------------------

def test_ci_matrix(tmp_path: Path, gover: object, env: dict[str, str]) -> None:
    run = gover  # type: ignore[assignment]
    mod = write_module(tmp_path / "lib", "1.21", {})
    with HTTPServer() as srv:
        site = DownloadSite(srv)
        for v in ("go1.26rc1", "go1.25.1", "go1.25.0", "go1.24.3", "go1.21.13", "go1.20.14"):
            site.add(v, b"index only")
        online = {**env, "GOVER_DL_URL": site.base}
        r = run("ci", "matrix", str(mod), env=online)  # type: ignore[operator]
        assert (r.code, r.out, r.err) == (0, '{"go": ["1.21.x", "1.24.x", "1.25.x"]}\n', ""), r
        r = run("ci", "matrix", "--format", "gitlab", str(mod / "sub" / ".."), env=online)  # type: ignore[operator]
        assert yaml.safe_load(r.out) == {"parallel": {"matrix": [{"GO_VERSION": ["1.21", "1.24", "1.25"]}]}}
        r = run("ci", "matrix", "--format", "json", str(tmp_path), env=online)  # type: ignore[operator]
        doc = json.loads(r.out)  # tmp_path holds no go.mod: the modules below it count
        assert doc["file"] == str(mod / "go.mod") and doc["source"] == "official"
        assert [v["newest"] for v in doc["versions"]] == ["go1.21.13", "go1.24.3", "go1.25.1"]

    r = run("ci", "matrix", str(mod), env=env)  # type: ignore[operator]
    assert r.code == 0 and json.loads(r.out) == {"go": ["1.21.x", "1.22.x", "1.23.x"]}
    assert r.err == ("gover: no release index answered (official: "
                     "http://127.0.0.1:9/dl/?mode=json&include=all: "
                     "connection refused); using the installed versions\n")
    (tmp_path / "empty").mkdir()
    r = run("ci", "matrix", str(tmp_path / "empty"), env=env)  # type: ignore[operator]
    assert r.code == 1 and r.err.startswith(f"gover: no go.mod or go.work in {tmp_path / 'empty'}")
    r = run("ci", "matrix", str(tmp_path / "nope"), env=env)  # type: ignore[operator]
    assert r.code == 1 and "nope: not a directory" in r.err
    r = run("ci", env=env)  # type: ignore[operator]
    assert r.code == 2
