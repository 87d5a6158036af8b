"""One answer to "where am I" and "which Go runs here", checked against real Go.

- The working directory: Go's ``os.Getwd`` takes $PWD only when it names the current
  directory (then keeping its symlinked spelling); gover's commands must agree.
- The Go: ``gover proxy route`` (like doctor and ``gover cache``) reads the go.env of
  the Go gover selects in the directory, not of whatever ``go`` is first on PATH.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from gover.paths import Paths
from gover.toolchain import install
from gover.toolchain.sources.base import SourceContext
from tests.conftest import debian_go119, toolchain_root

pytestmark = pytest.mark.integration


def _go(gobin: Path, args: list[str], cwd: Path, env: dict[str, str]) -> str:
    p = subprocess.run([str(gobin), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return p.stdout.strip()


@pytest.mark.parametrize("pwd", ["other", "link"])
def test_gover_and_go_agree_on_the_working_directory(tmp_path: Path, gover, go_env, pwd: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    gobin = toolchain_root("1.22.10") / "bin" / "go"
    proj, other = tmp_path / "proj", tmp_path / "other"
    for d in (proj, other):
        d.mkdir()
        (d / "go.mod").write_text(f"module example.com/{d.name}\n\ngo 1.99\n")  # no such Go installed
    (tmp_path / "link").symlink_to(proj)
    env = {**go_env, "PWD": str(tmp_path / pwd)}
    # Go's own answer: a PWD naming another directory is ignored; a symlink to this one is kept.
    gomod = _go(gobin, ["env", "GOMOD"], proj, env)
    assert gomod == (str(proj / "go.mod") if pwd == "other" else str(tmp_path / "link" / "go.mod"))
    monkeypatch.chdir(proj)
    # gover with GOTOOLCHAIN unset (auto): go 1.99 is what no installed Go satisfies.
    env = {k: v for k, v in env.items() if k != "GOTOOLCHAIN"}
    current = json.loads(gover("current", "--json", env=env).out)
    assert current["origin"]["path"] == gomod
    findings = json.loads(gover("doctor", "--json", env=env).out)["findings"]
    failed = [f for f in findings if f["id"] == "gover-selection-failed"]
    assert [f["title"] for f in failed] == [current["error"]["message"]]


def test_proxy_route_reads_the_go_env_of_the_go_selected_here(tmp_path: Path, gover, go_env,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "gover"
    selected = toolchain_root("1.22.10")
    ctx = SourceContext(paths=Paths(home), env=go_env, platform=None, client=None,  # type: ignore[arg-type]
                        progress=lambda label: None, report=lambda line: None)
    install.adopt(selected, ctx)
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / ".go-version").write_text("1.22.10\n")
    # The go first on PATH is another release, one without a go.env (Debian's go1.19).
    path_go = debian_go119()
    env = {k: v for k, v in go_env.items() if k not in ("GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE")}
    env.update(GOVER_HOME=str(home), PWD=str(proj), PATH=f"{path_go}/bin:/usr/bin:/bin")
    monkeypatch.chdir(proj)

    which = gover("which", "go", env=env).out.strip()
    assert which == str(home / "versions" / "go1.22.10" / "bin" / "go")
    run_env = {**env, "GOROOT": str(home / "versions" / "go1.22.10")}  # what gover exec sets
    goroot = _go(Path(which), ["env", "GOROOT"], proj, run_env)
    goproxy = _go(Path(which), ["env", "GOPROXY"], proj, run_env)
    lines = (Path(goroot) / "go.env").read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("GOPROXY="))

    doc = json.loads(gover("proxy", "route", "example.com/m", "--json", env=env).out)
    assert doc["matched_by"] == {"variable": "GOPROXY", "pattern": goproxy,
                                 "origin": f"{goroot}/go.env:{line}"}
    # The go on PATH would have answered differently: go1.19 has no go.env at all.
    assert not (path_go / "go.env").exists()
    assert os.path.realpath(goroot) != os.path.realpath(path_go)
