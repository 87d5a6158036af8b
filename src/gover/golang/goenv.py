"""The effective Go environment, read exactly as ``go`` reads it (cmd/go/internal/cfg).

Precedence for every variable: a non-empty process variable > the ``go env -w``
file (``$GOENV``, or ``os.UserConfigDir()/go/env``; ``GOENV=off`` disables it) >
``$GOROOT/go.env`` (Go 1.21+; it never overrides the user file).  Each value
carries its origin (variable, file and line) so doctor can show evidence.

Lines in both files are ``KEY=VALUE``; a line without ``=`` or not starting with
an upper-case ASCII letter is ignored, exactly as Go ignores it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path

from gover.golang import versions
from gover.record import record


@record(frozen=True)
class Setting:
    key: str
    value: str
    origin: str  # "env" | "file" | "goroot" | "default" | "unset"
    path: str = ""  # the file the value came from
    line: int = 0  # its 1-based line

    def where(self) -> str:
        """Where the value came from: "process environment", "<file>:<line>", "Go's default"."""
        if self.origin == "env":
            return "process environment"
        if self.origin in ("file", "goroot"):
            return f"{self.path}:{self.line}"
        return "Go's default" if self.origin == "default" else "not set"

    def describe(self) -> str:
        if self.origin == "unset":
            return f"{self.key} is not set"
        return f"{self.key}={self.value} ({self.where()})"


def read_env_file(path: Path) -> dict[str, tuple[str, int]]:
    """``KEY -> (value, line)`` from a go env file, as cfg.readEnvFile parses it."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    out: dict[str, tuple[str, int]] = {}
    for n, raw in enumerate(data.split(b"\n"), start=1):
        i = raw.find(b"=")
        if i < 0 or not (65 <= raw[0] <= 90):  # ignored: no "=", comments, lower case
            continue
        out[raw[:i].decode("utf-8", "replace")] = (raw[i + 1:].decode("utf-8", "replace"), n)
    return out


def user_config_dir(env: Mapping[str, str], goos: str = sys.platform) -> tuple[str, str]:
    """``os.UserConfigDir()``: (dir, error)."""
    return _user_dir(env, goos, "Library/Application Support", "XDG_CONFIG_HOME", ".config")


def user_cache_dir(env: Mapping[str, str], goos: str = sys.platform) -> tuple[str, str]:
    """``os.UserCacheDir()``: (dir, error)."""
    return _user_dir(env, goos, "Library/Caches", "XDG_CACHE_HOME", ".cache")


def _user_dir(env: Mapping[str, str], goos: str, darwin: str, xdg_var: str, dot: str) -> tuple[str, str]:
    # Go's Unix branch; its Windows and Plan 9 branches are not ported.
    if goos == "darwin":
        home = env.get("HOME", "")
        return (f"{home}/{darwin}", "") if home else ("", "$HOME is not defined")
    xdg = env.get(xdg_var, "")
    if xdg:
        return ("", f"path in ${xdg_var} is relative") if not os.path.isabs(xdg) else (xdg, "")
    home = env.get("HOME", "")
    return (f"{home}/{dot}", "") if home else ("", f"neither ${xdg_var} nor $HOME are defined")


def goroot_of_binary(gobin: Path) -> str:
    """findGOROOT's executable-based guess: ``exe/../..`` (or ``../../..``) holding pkg/tool,
    first as given, then with symlinks resolved."""
    for exe in (Path(os.path.abspath(gobin)), Path(os.path.realpath(gobin))):
        for up in (exe.parent.parent, exe.parent.parent.parent):
            if (up / "pkg" / "tool").is_dir():
                return str(up)
    return ""


class GoEnv:
    """What ``go env`` would say, computed without running ``go``.

    ``goroot`` is the GOROOT of the Go binary in question (from its location);
    GOROOT set in the environment or the env file takes precedence, as in Go.
    ``go_version`` matters only for Go < 1.21, whose defaults were compiled in.
    """

    def __init__(self, env: Mapping[str, str], goroot: str | Path | None = None,
                 goos: str = sys.platform, go_version: str = "",
                 standard_defaults: bool = False) -> None:
        self.env = env
        # With no Go to read go.env from, assume the defaults every release ships.
        self.standard_defaults = standard_defaults
        self.binary_goroot = str(goroot) if goroot else ""
        self.go_version = go_version.removeprefix("go")  # "1.22.10"; "" if unknown
        self.goos = "darwin" if goos == "darwin" else goos

    # --- the env file --------------------------------------------------------------

    @cached_property
    def env_file(self) -> tuple[str, str]:
        """(path, why-not): the ``go env -w`` file, or "" with the reason it is not used."""
        goenv = self.env.get("GOENV", "")
        if goenv == "off":
            return "", "GOENV=off"
        if goenv:
            return goenv, ""
        d, err = user_config_dir(self.env, self.goos)
        return (f"{d}/go/env", "") if d else ("", err)

    @cached_property
    def file_entries(self) -> dict[str, tuple[str, int]]:
        path, _ = self.env_file
        return read_env_file(Path(path)) if path else {}

    @cached_property
    def goroot_env_file(self) -> str:
        root = self.file_entries.get("GOROOT", ("", 0))[0] or self.env.get("GOROOT", "") \
            or self.binary_goroot
        return str(Path(root) / "go.env") if root else ""

    @cached_property
    def goroot_entries(self) -> dict[str, tuple[str, int]]:
        return read_env_file(Path(self.goroot_env_file)) if self.goroot_env_file else {}

    # --- lookups -------------------------------------------------------------------

    def lookup(self, key: str) -> Setting:
        """``cfg.Getenv(key)``: no defaults, just the three layers."""
        val = self.env.get(key, "")
        if val:
            return Setting(key, val, "env")
        if key in self.file_entries:
            v, line = self.file_entries[key]
            return Setting(key, v, "file", self.env_file[0], line)
        if key in self.goroot_entries and key != "GOROOT":
            v, line = self.goroot_entries[key]
            return Setting(key, v, "goroot", self.goroot_env_file, line)
        return Setting(key, "", "unset")

    def get(self, key: str) -> str:
        return self.effective(key).value

    def effective(self, key: str) -> Setting:
        """The value ``go env KEY`` prints, including Go's computed defaults."""
        s = self.lookup(key)
        if s.value or key not in _DEFAULTS:
            return s
        value = _DEFAULTS[key](self)
        return Setting(key, value, "default") if value else s

    def goroot(self) -> Setting:
        s = self.lookup("GOROOT")
        if s.value:
            return Setting("GOROOT", os.path.normpath(s.value), s.origin, s.path, s.line)
        return Setting("GOROOT", self.binary_goroot, "default") if self.binary_goroot else s

    def gopath_list(self) -> list[str]:
        return [p for p in self.get("GOPATH").split(os.pathsep) if p]


def _default_gopath(e: GoEnv) -> str:
    home = e.env.get("HOME", "")
    if not home:
        return ""
    gp = os.path.join(home, "go")
    return "" if os.path.normpath(gp) == os.path.normpath(e.goroot().value or "/nonexistent") else gp


def _default_gocache(e: GoEnv) -> str:
    d, _ = user_cache_dir(e.env, e.goos)
    return os.path.join(d, "go-build") if d else "off"


def _default_gomodcache(e: GoEnv) -> str:
    paths = e.gopath_list()
    return os.path.join(paths[0], "pkg", "mod") if paths else ""


def _default_private(e: GoEnv) -> str:
    return e.lookup("GOPRIVATE").value


def _compiled_in(value: str) -> Callable[[GoEnv], str]:
    # Before Go 1.21 the defaults were compiled into cmd/go; from 1.21 they live in go.env.
    def default(e: GoEnv) -> str:
        old = bool(e.go_version) and versions.compare(e.go_version, "1.21") < 0
        return value if old or e.standard_defaults else ""

    return default


_DEFAULTS = {
    "GOPATH": _default_gopath,
    "GOCACHE": _default_gocache,
    "GOMODCACHE": _default_gomodcache,
    "GONOPROXY": _default_private,
    "GONOSUMDB": _default_private,
    "GOROOT": lambda e: e.binary_goroot,
    "GOPROXY": _compiled_in("https://proxy.golang.org,direct"),
    "GOSUMDB": _compiled_in("sum.golang.org"),
}
