"""The git pre-commit hook that runs ``gover check`` on staged module files.

The hook is plain POSIX sh: when no module file is staged it exits without
starting Python, so ordinary commits pay nothing.
"""

from __future__ import annotations

import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gover.errors import ConfigError
from gover.fsutil import write_atomic

MARKER = "# installed by gover hook install"
FILES_RE = r"(^|/)(go\.mod|go\.work|go\.sum|go\.work\.sum|modules\.txt|\.go-version|\.tool-versions)$"

HOOK = """#!/bin/sh
{marker}: runs `gover check` on staged Go module files.
# Remove this file (or run `gover hook uninstall`) to stop it.
files=$(git diff --cached --name-only --diff-filter=ACMR | grep -E '{files_re}')
[ -z "$files" ] && exit 0
cd "$(git rev-parse --show-toplevel)" || exit 1
# One file per line; module file names have no spaces in practice.
# shellcheck disable=SC2086
exec {gover} check --files $files
"""

PRE_COMMIT_SNIPPET = """\
  - repo: https://github.com/gover-dev/gover
    rev: v{version}
    hooks:
      - id: gover-check
"""


@dataclass
class HookResult:
    path: Path
    action: str  # "installed", "updated", "unchanged", "would-install"
    backup: Path | None = None

    def to_json(self) -> dict[str, object]:
        return {"path": str(self.path), "action": self.action,
                "backup": str(self.backup) if self.backup else None}


def hooks_dir(repo: Path) -> Path:
    """Where git runs hooks from (honours core.hooksPath and worktrees)."""
    import os

    if not os.path.isdir(repo):
        from gover.errors import shown

        raise ConfigError(f"{shown(repo)} is not a directory; give the repository to install the hook in")
    try:
        out = subprocess.run(["git", "rev-parse", "--git-path", "hooks"], cwd=repo, capture_output=True,
                             text=True, check=True).stdout.strip()
    except FileNotFoundError:
        raise ConfigError("git is not installed") from None
    except subprocess.CalledProcessError:
        raise ConfigError(f"{repo} is not inside a git repository") from None
    return (repo / out).resolve()


def hook_text(gover_cmd: list[str]) -> str:
    return HOOK.format(marker=MARKER, files_re=FILES_RE, gover=" ".join(shlex.quote(c) for c in gover_cmd))


def install_git_hook(repo: Path, gover_cmd: list[str], *, force: bool = False,
                     dry_run: bool = False) -> HookResult:
    path = hooks_dir(repo) / "pre-commit"
    text = hook_text(gover_cmd)
    backup = None
    if path.exists():
        old = path.read_text(errors="replace")
        if old == text:
            return HookResult(path, "unchanged")
        if MARKER not in old:
            if not force:
                raise ConfigError(f"{path} already exists and was not written by gover",
                                  "rerun with --force to replace it (it is kept as pre-commit.gover-backup)")
            backup = path.with_name("pre-commit.gover-backup")
            if not dry_run:
                backup.write_bytes(path.read_bytes())
    if dry_run:
        return HookResult(path, "would-install", backup)
    path.parent.mkdir(parents=True, exist_ok=True)
    action = "updated" if path.exists() else "installed"
    write_atomic(path, text.encode(), mode=0o755)
    return HookResult(path, action, backup)


def install_pre_commit_config(repo: Path, version: str, *, dry_run: bool = False) -> HookResult:
    """Add gover's hook to the project's .pre-commit-config.yaml (created if missing)."""
    path = repo / ".pre-commit-config.yaml"
    snippet = PRE_COMMIT_SNIPPET.format(version=version)
    if path.exists():
        old = path.read_text()
        if "id: gover-check" in old:
            return HookResult(path, "unchanged")
        if "repos:" not in old:
            raise ConfigError(f"{path} has no 'repos:' list", "add this under repos:\n" + snippet)
        new = old + ("" if old.endswith("\n") else "\n") + snippet
        action = "updated"
    else:
        new, action = "repos:\n" + snippet, "installed"
    if dry_run:
        return HookResult(path, "would-install")
    write_atomic(path, new.encode())
    return HookResult(path, action)
