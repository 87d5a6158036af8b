"""The GitHub Action's steps (scripts/action.sh, which action.yml runs), run with bash
in a fresh HOME against the loopback download site, with GitHub's files faked."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import toolchain_archive
from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "action.sh"


def github_files(tmp: Path) -> dict[str, str]:
    files = {k: tmp / k.lower() for k in ("GITHUB_ENV", "GITHUB_PATH", "GITHUB_OUTPUT")}
    for f in files.values():
        f.write_text("")
    return {k: str(v) for k, v in files.items()}


def step(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, env=env,
                          timeout=300)


def outputs(path: str) -> dict[str, str]:
    return dict(ln.split("=", 1) for ln in Path(path).read_text().splitlines())


@pytest.fixture
def env(isolated_env: Path, tmp_path: Path) -> dict[str, str]:
    gh = github_files(tmp_path)
    src = str(ROOT / "src")
    return {**os.environ, **gh, "GOVER_CMD": f"{sys.executable} -m gover",
            "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_the_pinned_go_is_installed_and_exported(env: dict[str, str], isolated_env: Path) -> None:
    repo = isolated_env / "repo"
    repo.mkdir()
    (repo / ".go-version").write_text("1.22\n")
    with HTTPServer() as srv:
        site = DownloadSite(srv)
        site.add("go1.22.10", toolchain_archive("1.22.10"))
        site.add("go1.22.9", b"older: not fetched")
        site.add("go1.23.9", b"another series: not fetched")
        env = {**env, "GOVER_DL_URL": site.base, "INPUT_WORKING_DIRECTORY": str(repo)}
        r = step(env, "resolve")
        assert r.returncode == 0, r.stderr
        out = outputs(env["GITHUB_OUTPUT"])
        assert (out["spec"], out["version"]) == ("1.22", "go1.22.10")
        r = step(env, "install", out["version"])
    assert r.returncode == 0, r.stderr
    goroot = isolated_env / "gover" / "versions" / "go1.22.10"
    assert r.stdout.strip().startswith("go version go1.22.10 ")
    assert Path(env["GITHUB_ENV"]).read_text() == f"GOROOT={goroot}\n"
    assert Path(env["GITHUB_PATH"]).read_text() == f"{goroot}/bin\n"
    assert outputs(env["GITHUB_OUTPUT"])["goroot"] == str(goroot)


def test_an_input_version_wins_and_no_pin_is_one_line(env: dict[str, str], isolated_env: Path) -> None:
    empty = isolated_env / "empty"
    empty.mkdir()
    with HTTPServer() as srv:
        site = DownloadSite(srv)
        site.add("go1.21.13", b"listed only")
        env = {**env, "GOVER_DL_URL": site.base, "INPUT_WORKING_DIRECTORY": str(empty)}
        r = step({**env, "INPUT_GO_VERSION": "1.21"}, "resolve")
        assert r.returncode == 0, r.stderr
        assert outputs(env["GITHUB_OUTPUT"])["version"] == "go1.21.13"
        r = step({**env, "PATH": "/usr/bin:/bin"}, "resolve")
    assert r.returncode == 1
    assert r.stderr.strip().splitlines()[-1] == (
        f"gover action: no go-version input and no pin in {empty} (.go-version, .tool-versions, go.mod)")


def test_action_yml_runs_these_steps() -> None:
    text = (ROOT / "action.yml").read_text()
    assert "using: composite" in text and "actions/cache@" in text
    assert set(re.findall(r'action\.sh" ([a-z-]+)', text)) == {"install-gover", "resolve", "install"}
    assert "steps.resolve.outputs.version" in text.split("key:")[1].splitlines()[0]
