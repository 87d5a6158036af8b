"""gover.golang.goenv against the real ``go env``: same values, for the same reasons."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from gover.golang.goenv import GoEnv, goroot_of_binary
from tests.conftest import debian_go119, toolchain_root

pytestmark = pytest.mark.integration
KEYS = ["GOROOT", "GOPATH", "GOCACHE", "GOMODCACHE", "GOPROXY", "GOSUMDB", "GOTOOLCHAIN",
        "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOFLAGS", "GO111MODULE", "GOBIN", "GOINSECURE"]


def go_env_json(goroot: Path, env: dict[str, str], keys: list[str]) -> dict[str, str]:
    out = subprocess.run([str(goroot / "bin" / "go"), "env", "-json", *keys], env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def scenario_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GO")}
    env.update({"HOME": str(tmp / "h"), "XDG_CONFIG_HOME": str(tmp / "h" / ".config"),
                "XDG_CACHE_HOME": str(tmp / "h" / ".cache"), "GOTOOLCHAIN": "local"})
    env.update(extra)
    return env


SCENARIOS = {
    "clean": ({}, []),
    "file-overrides-goroot-env": ({}, ["GOPROXY=https://corp.example/proxy", "GOPRIVATE=*.corp.example",
                                       "GOFLAGS=-mod=mod"]),
    "process-beats-file": ({"GOPROXY": "direct", "GOSUMDB": "off"}, ["GOPROXY=https://a.example",
                                                                      "GOSUMDB=sum.example"]),
    "gopath-and-private": ({"GOPATH": "/tmp/gp1:/tmp/gp2", "GONOSUMDB": "x.example"},
                           ["GOPRIVATE=git.example"]),
    "goenv-elsewhere": ({"GOENV": "{tmp}/custom-env"}, ["GOINSECURE=insecure.example"]),
    "goenv-off": ({"GOENV": "off"}, []),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
@pytest.mark.parametrize("version", ["1.22.10", "1.21.13", "1.19.8"])
def test_matches_go_env(name: str, version: str, tmp_path: Path) -> None:
    goroot = debian_go119() if version == "1.19.8" else toolchain_root(version)
    extra, writes = SCENARIOS[name]
    extra = {k: v.replace("{tmp}", str(tmp_path)) for k, v in extra.items()}
    env = scenario_env(tmp_path, **extra)
    for w in writes:  # written by the real `go env -w` (GOENV=off cannot be written to)
        if extra.get("GOENV") != "off":
            subprocess.run([str(goroot / "bin" / "go"), "env", "-w", w],
                           env={**env, **{k: "" for k in ("GOPROXY", "GOSUMDB")}},
                           check=True, capture_output=True)
    want = go_env_json(goroot, env, KEYS)
    ge = GoEnv(env, goroot_of_binary(goroot / "bin" / "go"), go_version=version)
    got = {k: ge.get(k) for k in KEYS}
    if version == "1.19.8":
        del want["GOTOOLCHAIN"], got["GOTOOLCHAIN"]  # no such variable before 1.21
    assert got == want


def test_origins_name_the_file_and_line(tmp_path: Path) -> None:
    goroot = toolchain_root("1.22.10")
    env = scenario_env(tmp_path)
    for w in ["GOPRIVATE=a.example", "GOPROXY=https://p.example"]:
        subprocess.run([str(goroot / "bin" / "go"), "env", "-w", w], env=env, check=True)
    ge = GoEnv({k: v for k, v in env.items() if k != "GOTOOLCHAIN"}, goroot)
    s = ge.effective("GOPROXY")
    assert s.origin == "file" and s.path == f"{tmp_path}/h/.config/go/env" and s.line >= 1
    assert ge.effective("GOTOOLCHAIN").origin == "goroot"
    assert ge.effective("GOTOOLCHAIN").path == str(goroot / "go.env")
    assert ge.effective("GONOPROXY").origin == "default"
    assert GoEnv({**env, "GOPROXY": "off"}, goroot).effective("GOPROXY").origin == "env"
