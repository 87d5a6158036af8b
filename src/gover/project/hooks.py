"""The git pre-commit hook that runs ``gover check`` on staged module files.

The hook is plain POSIX sh: when no module file is staged it exits without
starting Python, so ordinary commits pay nothing.  A hook that was there before is
kept beside it (``pre-commit.gover-chained``) and run first; its failure fails the
commit.  ``gover hook uninstall`` puts it back.

``gover check --files`` reports every finding that involves a staged file, also one
anchored elsewhere (a committed ``.go-version`` too old for a staged go.mod).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gover.errors import ConfigError
from gover.fsutil import write_atomic

MARKER = "# installed by gover hook install"
FILES_RE = r"(^|/)(go\.mod|go\.work|go\.sum|go\.work\.sum|modules\.txt|\.go-version|\.tool-versions)$"

CHAINED = "pre-commit.gover-chained"
BACKUP = "pre-commit.gover-backup"

HOOK = """#!/bin/sh
{marker}: runs `gover check` on staged Go module files.
# To stop it: gover hook uninstall (restores a hook that was here before).
# To skip it once: git commit --no-verify
chained="$(dirname "$0")/{chained}"
if [ -x "$chained" ]; then
    "$chained" "$@" || exit $?
fi
files=$(git diff --cached --name-only --diff-filter=ACMRD | grep -E '{files_re}')
[ -z "$files" ] && exit 0
cd "$(git rev-parse --show-toplevel)" || exit 1
# One file per line; module file names have no spaces in practice.
# shellcheck disable=SC2086
exec {gover} check --offline --files $files
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
    action: str  # installed, updated, unchanged, would-install, uninstalled, would-uninstall, absent
    backup: Path | None = None  # a replaced hook (--force), kept but not run
    chained: Path | None = None  # the hook that was there before, run first (or restored)

    def to_json(self) -> dict[str, object]:
        return {"path": str(self.path), "action": self.action,
                "backup": str(self.backup) if self.backup else None,
                "chained": str(self.chained) if self.chained else None}


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
    return HOOK.format(marker=MARKER, files_re=FILES_RE, chained=CHAINED,
                       gover=" ".join(shlex.quote(c) for c in gover_cmd))


def _is_ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(errors="replace")
    except OSError:
        return False


def install_git_hook(repo: Path, gover_cmd: list[str], *, force: bool = False,
                     dry_run: bool = False) -> HookResult:
    """Write gover's hook; a hook gover did not write is chained (kept and run first), or
    with ``force`` replaced (kept as a backup, not run)."""
    path = hooks_dir(repo) / "pre-commit"
    text = hook_text(gover_cmd)
    chained = path.with_name(CHAINED)
    backup = None
    has_chain = chained.exists() or chained.is_symlink()
    if path.exists() or path.is_symlink():
        if _is_ours(path):
            if path.read_text(errors="replace") == text:
                return HookResult(path, "unchanged", chained=chained if has_chain else None)
        elif force:
            backup = path.with_name(BACKUP)
        elif has_chain:
            raise ConfigError(f"{path} was not written by gover, and {chained} is already kept",
                              f"move one of them away, or rerun with --force to replace {path.name}")
        else:
            has_chain = True
            if not dry_run:
                os.replace(path, chained)
                if not os.access(chained, os.X_OK):
                    chained.chmod(chained.stat().st_mode | 0o111)  # git would not have run it either
    if dry_run:
        return HookResult(path, "would-install", backup, chained if has_chain else None)
    action = "updated" if path.exists() and (backup is not None or _is_ours(path)) else "installed"
    if backup is not None:
        os.replace(path, backup)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode(), mode=0o755)
    return HookResult(path, action, backup, chained if has_chain else None)


def uninstall_git_hook(repo: Path, *, dry_run: bool = False) -> HookResult:
    """Remove gover's hook and put back the hook it chained, if any."""
    path = hooks_dir(repo) / "pre-commit"
    chained = path.with_name(CHAINED)
    if not (path.exists() or path.is_symlink()):
        return HookResult(path, "absent")
    if not _is_ours(path):
        raise ConfigError(f"{path} was not written by gover; leaving it alone")
    has_chain = chained.exists() or chained.is_symlink()
    if dry_run:
        return HookResult(path, "would-uninstall", chained=chained if has_chain else None)
    if has_chain:
        os.replace(chained, path)
    else:
        path.unlink()
    return HookResult(path, "uninstalled", chained=chained if has_chain else None)


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
