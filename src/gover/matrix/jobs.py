"""One runner Job per chosen version: its environment, its log and the log's header."""

from __future__ import annotations

import shlex
import shutil
import time
from collections.abc import Mapping
from pathlib import Path

from gover.errors import CommandNotFound
from gover.matrix import logs, runner
from gover.toolchain.store import Store


def log_header(name: str, cmd: list[str], cwd: Path, goroot: Path, started: float | None = None) -> str:
    """What each log starts with, so a log read on its own says what ran, where and with which Go."""
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started))
    return (f"# gover matrix: {name}\n# command: {shlex.join(cmd)}\n# directory: {cwd}\n"
            f"# GOROOT={goroot} GOTOOLCHAIN=local\n# started: {when}\n\n")


def make_jobs(names: list[str], cmd: list[str], cwd: Path, env: Mapping[str, str], store: Store,
              run_dir: Path) -> list[runner.Job]:
    """The jobs for ``names`` (installed versions); CommandNotFound when ``cmd`` cannot be
    found with the first version's bin/ first on PATH, before any log directory exists."""
    jobs = []
    for name in names:
        goroot = store.require(name).path
        jobs.append(runner.Job(name, cmd, runner.go_env(env, goroot, name), cwd,
                               logs.log_path(run_dir, name), log_header(name, cmd, cwd, goroot)))
    if jobs and shutil.which(cmd[0], path=jobs[0].env["PATH"]) is None:
        raise CommandNotFound(f"{cmd[0]}: command not found", hint="check the command after --")
    return jobs
