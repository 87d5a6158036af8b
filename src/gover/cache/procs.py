"""Which running ``go`` processes use a cache (Linux /proc; elsewhere: none found).

The heuristic, deliberately simple: a process counts if its executable is a
``go`` binary, or a Go tool (``compile``, ``link``, ``vet`` … under
``pkg/tool/<goos>_<goarch>/``), and the cache it would use — computed from its
own environment (``/proc/<pid>/environ``, which includes GOCACHE/GOMODCACHE,
HOME and XDG_CACHE_HOME, and its go env file) exactly as :mod:`gover.cache.locate`
computes ours — is the same directory.  ``go`` exports GOCACHE to the tools it
runs, so a build in progress is found through either.  Shells that merely
export GOCACHE do not count.  Processes of other users whose environment we
cannot read are skipped.  gover's own process is never counted.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from gover.errors import GoverError
from gover.golang.goenv import goroot_of_binary

Locator = Callable[[Mapping[str, str], str], str]


@dataclass(frozen=True)
class GoProcess:
    pid: int
    exe: str

    def to_json(self) -> dict[str, object]:
        return {"pid": self.pid, "exe": self.exe}


def _is_go_exe(exe: str) -> bool:
    base = os.path.basename(exe)
    if base in ("go", "go.exe"):
        return True
    parent = os.path.dirname(exe)
    return os.path.basename(os.path.dirname(parent)) == "tool" and "_" in os.path.basename(parent)


def _environ(pid: str, proc: str) -> dict[str, str]:
    with open(os.path.join(proc, pid, "environ"), "rb") as f:
        raw = f.read()
    env: dict[str, str] = {}
    for item in raw.split(b"\0"):
        k, sep, v = item.partition(b"=")
        if sep:
            env[k.decode("utf-8", "replace")] = v.decode("utf-8", "replace")
    return env


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normpath(a) == os.path.normpath(b)


def users_of(cache_dir: str, locate: Locator, proc: str = "/proc") -> list[GoProcess]:
    """Go processes whose effective cache (``locate(environ, goroot)``) is ``cache_dir``."""
    try:
        pids = [p for p in os.listdir(proc) if p.isdigit()]
    except OSError:
        return []
    me = str(os.getpid())
    found = []
    for pid in pids:
        if pid == me:
            continue
        try:
            exe = os.readlink(os.path.join(proc, pid, "exe")).removesuffix(" (deleted)")
            if not _is_go_exe(exe):
                continue
            env = _environ(pid, proc)
        except OSError:
            continue  # gone, or another user's
        goroot = goroot_of_binary(Path(exe)) if os.path.basename(exe).startswith("go") else ""
        try:
            theirs = locate(env, goroot)
        except GoverError:
            continue  # that process cannot use any cache
        if _same(theirs, cache_dir):
            found.append(GoProcess(int(pid), exe))
    return sorted(found, key=lambda p: p.pid)
