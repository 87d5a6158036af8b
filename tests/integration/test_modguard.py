"""mod check / check / hook / migrate / why-version on real repositories with real go and git."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import toolchain_root
from tests.support import verdicts
from tests.support.goproxy import add_module

pytestmark = pytest.mark.integration

MAIN_GO = """package main

import (
	"fmt"

	"example.com/lib"
)

func main() {
	for i := range 3 { // range over int needs go1.22
		fmt.Println(i, lib.X)
	}
}
"""


def make_workspace(root: Path) -> Path:
    """Two modules (app uses lib) and a go.work, at go 1.22 with a toolchain line."""
    (root / "app").mkdir(parents=True)
    (root / "lib").mkdir()
    (root / "go.work").write_text("go 1.22.0\n\nuse (\n\t./app // the binary\n\t./lib\n)\n")
    (root / "app" / "go.mod").write_text(
        "// The app.\nmodule example.com/app\n\ngo 1.22.0 // keep\n\ntoolchain go1.22.10\n\n"
        "require example.com/lib v0.0.0-00010101000000-000000000000\n\nreplace example.com/lib => ../lib\n")
    (root / "app" / "main.go").write_text(MAIN_GO)
    (root / "lib" / "go.mod").write_text("module example.com/lib\n\ngo 1.21\n")
    (root / "lib" / "lib.go").write_text("package lib\n\nconst X = 1\n")
    (root / ".go-version").write_text("1.22.10\n")
    (root / ".tool-versions").write_text("nodejs 20.1.0\ngolang 1.22.10 # pinned\n")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_migrate_down_up_and_undo_with_real_toolchains(tmp_path: Path, gover: object,
                                                       go_env: dict[str, str]) -> None:
    run = gover  # type: ignore[assignment]
    env = {**go_env, "GOVER_HOME": str(tmp_path / "gh")}
    for v in ("1.21.13", "1.22.10", "1.25.5"):
        assert run("adopt", str(toolchain_root(v)), env=env).code == 0  # type: ignore[operator]
    repo = make_workspace(tmp_path / "repo")
    before = snapshot(repo)

    r = run("migrate", str(repo), "--go", "1.21.0", "--toolchain", "none", "--dry-run", env=env)  # type: ignore[operator]
    assert r.code == 0 and snapshot(repo) == before
    assert "-toolchain go1.22.10" in r.out and "+go 1.21.0 // keep" in r.out

    # Down to 1.21: Go 1.21's compiler rejects range-over-int, so nothing is written.
    r = run("migrate", str(repo), "--go", "1.21.0", "--toolchain", "none", "--json", env=env)  # type: ignore[operator]
    assert r.code == 1, r
    doc = json.loads(r.out)
    assert doc["validation"]["toolchain"] == "go1.21.13" and doc["written"] is False
    build = [s for s in doc["validation"]["steps"] if s["module"] == "app" and s["step"] == "build"][0]
    assert not build["ok"] and "main.go:10:17: cannot range over 3" in build["output"]
    assert all(s["ok"] for s in doc["validation"]["steps"] if s["module"] == "lib")
    assert snapshot(repo) == before
    # --keep-failed writes it anyway: the files move, only the version tokens change.
    r = run("migrate", str(repo), "--go", "1.21.0", "--toolchain", "none", "--keep-failed", "--no-test",
            env=env)  # type: ignore[operator]
    assert r.code == 1 and "although validation failed (--keep-failed)" in r.err, r
    app = (repo / "app" / "go.mod").read_text()
    assert "go 1.21.0 // keep" in app and "toolchain" not in app and app.startswith("// The app.\n")
    assert (repo / "go.work").read_text().startswith("go 1.21.0\n\nuse (\n\t./app // the binary\n")
    assert (repo / ".go-version").read_text() == "1.21.13\n"  # the release, not "1.21.0"
    assert (repo / ".tool-versions").read_text() == "nodejs 20.1.0\ngolang 1.21.13 # pinned\n"

    # Undo restores every byte (and removes files the validation created).
    r = run("migrate", str(repo), "--undo", env=env)  # type: ignore[operator]
    assert r.code == 0 and snapshot(repo) == before

    # Up to 1.25 with a toolchain line: builds and vets; tidy is a diff, not applied.
    r = run("migrate", str(repo), "--go", "1.25.0", "--toolchain", "go1.25.5", "--no-test", env=env)  # type: ignore[operator]
    assert r.code == 0, r
    assert "Validating in a scratch copy with go1.25.5" in r.err and "[app] go build ./...: ok" in r.out
    assert "toolchain go1.25.5" in (repo / "lib" / "go.mod").read_text()
    assert run("migrate", str(repo), "--undo", env=env).code == 0  # type: ignore[operator]
    assert snapshot(repo) == before
    r = run("migrate", str(repo), "--undo", env=env)  # type: ignore[operator]
    assert r.code == 1 and "no migration" in r.err


def test_check_findings_and_formats(tmp_path: Path, gover: object) -> None:
    run = gover  # type: ignore[assignment]
    repo = make_workspace(tmp_path / "repo")
    r = run("check", str(repo))  # type: ignore[operator]
    assert r.code == 0, r  # warnings only
    assert "lib/go.mod:3: warning: go 1.21 differs from go 1.22.0 in app/go.mod [go-drift]" in r.out
    # go.work older than a module, a pin too old, a replace leaving the repo, dependency drift.
    (repo / "go.work").write_text("go 1.21\n\nuse (\n\t./app\n\t./lib\n)\n")
    (repo / ".go-version").write_text("1.21.13\n")
    (repo / "lib" / "go.mod").write_text(
        "module example.com/lib\n\ngo 1.21\n\nrequire golang.org/x/text v0.3.0\n\n"
        "replace golang.org/x/text => ../../elsewhere\n")
    (repo / "app" / "go.mod").write_text(
        "module example.com/app\n\ngo 1.22.0\n\nrequire (\n"
        "\texample.com/lib v0.0.0-00010101000000-000000000000\n"
        "\tgolang.org/x/text v0.14.0\n)\n\nreplace example.com/lib => ../lib\n")
    (repo / "app" / "go.sum").write_text("golang.org/x/text v0.14.0/go.mod h1:x\nbroken line\n")
    r = run("check", str(repo), "--format", "json")  # type: ignore[operator]
    assert r.code == 1
    codes = {(f["code"], f["file"], f["line"]) for f in json.loads(r.out)["findings"]}
    assert ("work-go", "go.work", 1) in codes
    assert ("pin", ".go-version", 1) in codes
    assert ("local-replace", "lib/go.mod", 7) in codes
    assert ("dep-drift", "lib/go.mod", 5) in codes
    assert ("gosum", "app/go.sum", 2) in codes
    r = run("check", str(repo), "--format", "github")  # type: ignore[operator]
    assert r.code == 1
    assert ("::error file=go.work,line=1,title=gover work-go::module app listed in go.work file "
            "requires go >= 1.22.0, but go.work lists go 1.21") in r.out
    # --files limits the report to those files; --skip drops checks.
    r = run("check", str(repo), "--files", str(repo / "go.work"), "--format", "json")  # type: ignore[operator]
    assert {f["file"] for f in json.loads(r.out)["findings"]} == {"go.work"}
    r = run("check", str(repo), "--skip", "work-go,pin,local-replace,dep-drift,gosum")  # type: ignore[operator]
    assert r.code == 0
    r = run("check", str(repo), "--skip", "nope")  # type: ignore[operator]
    assert r.code == 2 and "unknown check 'nope'" in r.err
    # A toolchain line Go 1.19 cannot read is an error when 1.19 must read the files.
    r = run("mod", "check", str(repo), "--go", "1.19", "--json")  # type: ignore[operator]
    msgs = [f["message"] for f in json.loads(r.out)["findings"] if f["code"] == "parse"]
    assert "invalid go version '1.22.0': must match format 1.23" in msgs


def test_vendor_inconsistency_matches_go(tmp_path: Path, go_env: dict[str, str], gover: object) -> None:
    mod = tmp_path / "m"
    (mod / "vendor" / "example.com" / "dep").mkdir(parents=True)
    (mod / "dep").mkdir()
    (mod / "dep" / "go.mod").write_text("module example.com/dep\n\ngo 1.21\n")
    (mod / "go.mod").write_text(
        "module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/dep v1.0.0\n"
        "\texample.com/gone v1.2.0\n)\n\nreplace example.com/dep v1.0.0 => ./dep\n")
    (mod / "main.go").write_text('package main\n\nimport _ "example.com/dep"\n\nfunc main() {}\n')
    (mod / "vendor" / "modules.txt").write_text(
        "# example.com/dep v1.0.0 => ./other\n## explicit; go 1.21\nexample.com/dep\n"
        "# example.com/extra v0.1.0\n## explicit\nexample.com/extra\n")
    go = toolchain_root("1.22.10") / "bin" / "go"
    res = subprocess.run([str(go), "build", "./..."], cwd=mod, env=go_env, capture_output=True, text=True)
    assert res.returncode != 0
    want = [x.strip() for x in res.stderr.splitlines() if x.startswith("\texample.com/")]
    assert want, res.stderr
    r = gover("check", str(mod), "--format", "json")  # type: ignore[operator]
    got = [f["message"].removeprefix("inconsistent vendoring: ") for f in json.loads(r.out)["findings"]
           if f["code"] == "vendor"]
    assert got == want
    from gover.gomod.vendor import inconsistency_message

    assert "go: " + inconsistency_message(str(mod), got) == res.stderr.strip()


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)


def test_pre_commit_hook_blocks_bad_module_files(tmp_path: Path, gover: object) -> None:
    repo = make_workspace(tmp_path / "repo")
    assert _git(repo, "init", "-q").returncode == 0
    r = gover("hook", "install", str(repo))  # type: ignore[operator]
    assert r.code == 0 and "Installed" in r.err
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK)
    assert gover("hook", "install", str(repo)).err.startswith("Already")  # type: ignore[operator]
    _git(repo, "add", "-A")
    assert _git(repo, "commit", "-qm", "ok").returncode == 0
    (repo / "lib" / "go.mod").write_text("module example.com/lib\n\ngo 1.21\ntool x\n")
    _git(repo, "add", "-A")
    assert _git(repo, "commit", "-qm", "tool lines are fine for Go 1.25").returncode == 0
    (repo / "lib" / "go.mod").write_text("module example.com/lib\n\ngo 1.21\nfrobnicate x\n")
    _git(repo, "add", "-A")
    c = _git(repo, "commit", "-qm", "bad")
    assert c.returncode == 1
    assert "lib/go.mod:4: error: unknown directive: frobnicate [parse]" in c.stdout + c.stderr
    (repo / "lib" / "go.mod").write_text("module example.com/lib\n\ngo 1.21\n")
    _git(repo, "add", "-A")
    assert _git(repo, "commit", "-qm", "fixed").returncode == 0
    # A finding anchored in a committed file is reported when the file it depends on is
    # staged: .go-version pins 1.22.10, the staged go.mod now needs 1.23.
    app = (repo / "app" / "go.mod").read_text()
    (repo / "app" / "go.mod").write_text(app.replace("go 1.22.0 // keep", "go 1.23.0 // keep"))
    _git(repo, "add", "app/go.mod")
    c = _git(repo, "commit", "-qm", "needs 1.23")
    assert c.returncode == 1, c
    assert ".go-version:1: error: pins go 1.22.10, but app/go.mod requires go >= 1.23.0 [pin]" in \
        c.stdout + c.stderr
    verdicts.record("hook: staged go.mod against a committed .go-version", "check", "pin", ["pin"])
    r = gover("check", str(repo), "--no-go", "--files", str(repo / ".go-version"), "--json")  # type: ignore[operator]
    assert {(f["code"], f["file"]) for f in json.loads(r.out)["findings"]} >= {("pin", ".go-version")}
    (repo / "app" / "go.mod").write_text(app)
    _git(repo, "add", "app/go.mod")
    # A hook gover did not write is chained: kept, run first, and its failure fails the commit.
    assert gover("hook", "uninstall", str(repo)).code == 0  # type: ignore[operator]
    assert not hook.exists()
    hook.write_text("#!/bin/sh\necho their-hook-ran\nexit ${THEIRS:-0}\n")
    hook.chmod(0o755)
    r = gover("hook", "install", str(repo))  # type: ignore[operator]
    assert r.code == 0 and "pre-commit.gover-chained" in r.err
    (repo / "lib" / "lib.go").write_text("package lib\n\nconst X = 2\n")
    _git(repo, "add", "-A")
    c = subprocess.run(["git", "commit", "-qm", "theirs fails"], cwd=repo, capture_output=True, text=True,
                       env={**os.environ, "THEIRS": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})
    assert c.returncode == 1 and "their-hook-ran" in c.stdout + c.stderr
    c = _git(repo, "commit", "-qm", "theirs passes")
    assert c.returncode == 0 and "their-hook-ran" in c.stdout + c.stderr
    r = gover("hook", "uninstall", str(repo))  # type: ignore[operator]
    assert r.code == 0 and hook.read_text() == "#!/bin/sh\necho their-hook-ran\nexit ${THEIRS:-0}\n"
    assert gover("hook", "install", str(repo), "--force").code == 0  # type: ignore[operator]
    assert (hook.parent / "pre-commit.gover-backup").read_text().startswith("#!/bin/sh\necho their")
    r = gover("hook", "install", str(repo), "--pre-commit-framework")  # type: ignore[operator]
    assert r.code == 0 and "id: gover-check" in (repo / ".pre-commit-config.yaml").read_text()


def test_why_version_explains_mvs(tmp_path: Path, go_env: dict[str, str], gover: object) -> None:
    proxy = tmp_path / "proxy"
    add_module(proxy, "example.com/c", "v1.1.0", {"c.go": "package c\n"})
    add_module(proxy, "example.com/c", "v1.3.0", {"c.go": "package c\n"})
    add_module(proxy, "example.com/a", "v1.0.0", {"go.mod": "module example.com/a\n\ngo 1.21\n\n"
                                                  "require example.com/c v1.1.0\n"})
    add_module(proxy, "example.com/b", "v1.0.0", {"go.mod": "module example.com/b\n\ngo 1.21\n\n"
                                                  "require example.com/c v1.3.0\n"})
    mod = tmp_path / "m"
    mod.mkdir()
    (mod / "go.mod").write_text("module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n"
                                "\texample.com/b v1.0.0\n)\n")
    env = {**go_env, "GOPROXY": proxy.as_uri(), "GOSUMDB": "off", "GOFLAGS": "-mod=mod",
           "GOVER_HOME": str(tmp_path / "gh"),
           "PATH": str(toolchain_root("1.22.10") / "bin") + os.pathsep + os.environ["PATH"]}
    r = gover("mod", "why-version", "example.com/c", str(mod), "--json", env=env)  # type: ignore[operator]
    assert r.code == 0, r
    doc = json.loads(r.out)
    assert doc["selected"] == "v1.3.0"
    assert doc["path"] == ["example.com/m", "example.com/b@v1.0.0", "example.com/c@v1.3.0"]
    assert doc["lower"] == [{"required_by": "example.com/a@v1.0.0", "version": "v1.1.0"}]
    assert doc["go"] == str(toolchain_root("1.22.10") / "bin" / "go")  # gover has none: PATH's go
    # With a gover toolchain pinned for the directory, that one runs go mod graph.
    assert gover("adopt", str(toolchain_root("1.23.9")), env=env).code == 0  # type: ignore[operator]
    (mod / ".go-version").write_text("1.23.9\n")
    doc = json.loads(gover("mod", "why-version", "example.com/c", str(mod), "--json",  # type: ignore[operator]
                           env=env).out)
    assert doc["go"] == str(tmp_path / "gh" / "versions" / "go1.23.9" / "bin" / "go")
