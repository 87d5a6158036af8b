"""A Go environment to break on purpose: a module, a real go first on PATH, a private HOME.

Each doctor test first reproduces the failure with the real ``go`` (asserting its real
error text), then asserts that ``gover doctor`` reports it.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gover.cli.main import main
from tests.conftest import toolchain_root

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n'


@dataclass
class Scenario:
    tmp: Path
    version: str = "1.22.10"
    go_line: str = "1.21"
    extra_env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.goroot = toolchain_root(self.version)
        self.home = self.tmp / "home"
        self.module = self.tmp / "mod"
        self.module.mkdir(parents=True, exist_ok=True)
        (self.module / "go.mod").write_text(f"module example.com/m\n\ngo {self.go_line}\n")
        (self.module / "main.go").write_text(HELLO)
        self.env: dict[str, str] = {
            "PATH": f"{self.goroot}/bin:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home), "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_CACHE_HOME": str(self.home / ".cache"), "GOVER_HOME": str(self.tmp / "gover"),
            "GOCACHE": os.environ.get("GOVER_TEST_GOCACHE", str(self.tmp / "gocache")),
            **self.extra_env,
        }

    def go(self, *args: str, env: dict[str, str] | None = None,
           cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.goroot / "bin" / "go"), *args], cwd=cwd or self.module,
                              env={**self.env, **(env or {})}, capture_output=True, text=True,
                              timeout=300)

    def go_env_file(self) -> Path:
        return self.home / ".config" / "go" / "env"

    def doctor(self, *args: str, env: dict[str, str] | None = None) -> tuple[int, list[dict[str, Any]]]:
        import io

        out, err = io.StringIO(), io.StringIO()
        code = main(["doctor", "--dir", str(self.module), "--json", *args],
                    env={**self.env, **(env or {})}, stdout=out, stderr=err)
        assert code in (0, 1), err.getvalue()
        return code, json.loads(out.getvalue())["findings"]

    def doctor_text(self, *args: str) -> tuple[int, str]:
        import io

        out, err = io.StringIO(), io.StringIO()
        code = main(["doctor", "--dir", str(self.module), *args], env=self.env, stdout=out,
                    stderr=err)
        return code, out.getvalue() + err.getvalue()


def ids(findings: list[dict[str, Any]], severity: str | None = None) -> list[str]:
    return [f["id"] for f in findings if severity is None or f["severity"] == severity]


def by_id(findings: list[dict[str, Any]], fid: str) -> dict[str, Any]:
    for f in findings:
        if f["id"] == fid:
            return f
    raise AssertionError(f"no finding {fid!r} in {[f['id'] for f in findings]}")
