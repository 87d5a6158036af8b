"""A table of directory layouts, and runners that resolve them through every implementation.

Each :class:`Case` builds a tree under a root dir (``HOME/…`` paths go into
GOVER_HOME), picks a working directory and environment, and says what must be
chosen.  The runners return an :class:`Outcome` so the Python resolver, the
shims (dash and bash), the sh resolver on its own, the shims' fast path, and the
bash, zsh and fish prompt hooks can be compared one to one.

Installed toolchains are fake GOROOTs whose ``bin/go`` prints ``VERSION <name>
<GOROOT>``; the "system" go prints ``SYSTEM``.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gover.paths import Paths
from gover.shell import activate, shims

DEFAULT_SET = ("go1.20", "go1.21.13", "go1.22.3", "go1.22.10", "go1.23rc1", "go1.23.9", "go1.25.5")


@dataclass(frozen=True)
class Link:
    target: str  # relative to the root


@dataclass(frozen=True)
class Case:
    id: str
    files: Mapping[str, str | bytes | Link | None] = field(default_factory=dict)  # None: a directory
    cwd: str = "w"
    env: Mapping[str, str] = field(default_factory=dict)  # "{root}" is replaced
    want: str = ""  # "go1.22.10", "system", or "error: <start of the message>"
    installed: tuple[str, ...] = DEFAULT_SET
    system_go: bool = True
    # The system go as a real GOROOT layout (bin/go, pkg/tool, VERSION) of this release,
    # on PATH through a symlink as distributions install it; "" for a bare script.
    system_version: str = ""
    # Go itself decides this row the same way (tests/integration/test_selection_oracle.py
    # runs the real toolchains on it); False where gover stands in for a download.
    go_decides: bool = False
    note: str = ""  # the start of the note gover gives ("" for none), "{root}" replaced


@dataclass(frozen=True)
class Outcome:
    kind: str  # version | system | error | unsure (the fast path declined)
    name: str = ""
    message: str = ""
    hint: str = ""
    # What gover says about a release that runs instead of the one asked for: the shims
    # stay silent, so it is compared between the resolvers and hooks only.
    note: str = field(default="", compare=False)

    def short(self) -> str:
        if self.kind == "version":
            return self.name
        if self.kind == "error":
            return "error: " + self.message
        return self.kind


def _q(s: str) -> str:
    return s.replace("'", "'\\''")


# --- building ------------------------------------------------------------------------------

@dataclass
class Built:
    root: Path
    home: Path
    cwd: Path
    env: dict[str, str]


def fake_toolchain(home: Path, name: str, programs: tuple[str, ...] = ("go", "gofmt")) -> None:
    b = home / "versions" / name / "bin"
    b.mkdir(parents=True, exist_ok=True)
    for prog in programs:
        (b / prog).write_text(f'#!/bin/sh\necho "VERSION {name} $GOROOT {prog}"\n')
        (b / prog).chmod(0o755)


def fake_goroot(d: Path, version: str) -> Path:
    """A GOROOT outside the store (to adopt, or as the system go) whose go prints its version."""
    (d / "bin").mkdir(parents=True)
    (d / "pkg" / "tool").mkdir(parents=True)
    go = d / "bin" / "go"
    go.write_text(f'#!/bin/sh\necho "go version go{version} linux/amd64"\n')
    go.chmod(0o755)
    return d


def build(case: Case, root: Path, base_env: Mapping[str, str]) -> Built:
    home = root / "gover-home"
    for name in case.installed:
        fake_toolchain(home, name)
    (home / "versions").mkdir(parents=True, exist_ok=True)
    sysbin = root / "sysbin"
    sysbin.mkdir(exist_ok=True)
    if case.system_go and case.system_version:
        sysroot = root / "sysgo"
        (sysroot / "bin").mkdir(parents=True)
        (sysroot / "pkg" / "tool").mkdir(parents=True)
        (sysroot / "VERSION").write_text(f"go{case.system_version}\ntime 2025-01-01T00:00:00Z\n")
        (sysroot / "bin" / "go").write_text('#!/bin/sh\necho SYSTEM\n')
        (sysroot / "bin" / "go").chmod(0o755)
        (sysbin / "go").symlink_to("../sysgo/bin/go")
    elif case.system_go:
        (sysbin / "go").write_text('#!/bin/sh\necho SYSTEM\n')
        (sysbin / "go").chmod(0o755)
    for rel, content in case.files.items():
        p = home / rel[5:] if rel.startswith("HOME/") else root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            p.mkdir(parents=True, exist_ok=True)
        elif isinstance(content, Link):
            p.symlink_to(root / content.target)
        elif isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content.replace("{root}", str(root)))
    shims.rehash(Paths(home))  # after the files: it bakes each version's go.env into the shims
    cwd = root / case.cwd
    cwd.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in base_env.items() if not k.startswith(("GO", "_GOVER"))}
    env.update(GOVER_HOME=str(home), PWD=str(cwd),
               PATH=f"{home / 'shims'}:{sysbin}:/usr/bin:/bin")
    env.update({k: v.replace("{root}", str(root)) for k, v in case.env.items()})
    return Built(root, home, cwd, env)


# --- runners ---------------------------------------------------------------------------------

def run_python(b: Built) -> Outcome:
    from gover.resolve import resolve

    res = resolve(str(b.cwd), b.env, Paths(b.home))
    if res.error:
        return Outcome("error", message=res.error.message, hint=res.error.hint or "")
    if res.version == "system":
        return Outcome("system", note=res.note)
    return Outcome("version", res.version, note=res.note)


def _from_program(b: Built, p: subprocess.CompletedProcess[str]) -> Outcome:
    out = p.stdout.strip()
    if p.returncode == 0 and out.startswith("VERSION "):
        _, name, goroot, _prog = out.split(" ")
        assert goroot == str(b.home / "versions" / name), (goroot, name)
        return Outcome("version", name)
    if p.returncode == 0 and out == "SYSTEM":
        return Outcome("system")
    if p.returncode == 127 and "not found on PATH outside gover" in p.stderr:
        return Outcome("system")
    lines = p.stderr.rstrip("\n").split("\n")
    assert p.returncode == 1 and lines[0].startswith("gover: "), p
    hint = lines[1].strip() if len(lines) > 1 else ""
    return Outcome("error", message=lines[0][len("gover: "):], hint=hint)


def run_shim(b: Built, shell: str = "dash") -> Outcome:
    p = subprocess.run([shell, str(b.home / "shims" / "go"), "version"], cwd=b.cwd, env=b.env,
                       capture_output=True, text=True, timeout=30)
    return _from_program(b, p)


def _header(home: Path) -> str:
    return (f"_gv_home='{_q(str(home))}'\n_gv_darwin=0\n"
            "_gv_cr=$(printf '\\r') _gv_ws=$(printf ' \\t\\r\\v\\f') _gv_bom=$(printf '\\357\\273\\277')\n")


def run_sh_resolver(b: Built, shell: str = "dash") -> Outcome:
    """resolve.sh on its own (the path the shims take when the fast path declines)."""
    script = _header(b.home) + "".join(shims.template(n) for n in ("common.sh", *shims.RESOLVER)) + \
        '_gover_resolve\nprintf "%s\\n" "$_gv_kind" "$_gv_name" "$_gv_msg" "$_gv_hint" "$_gv_note"\n'
    p = subprocess.run([shell, "-c", script], cwd=b.cwd, env=b.env, capture_output=True, text=True,
                       timeout=30)
    assert p.returncode == 0 and not p.stderr, p
    kind, name, msg, hint, note = p.stdout.split("\n")[:5]
    return Outcome(kind, "" if kind != "version" else name, msg, hint, note)


def run_fast(b: Built, installed: list[str]) -> Outcome:
    """The shims' fast path alone: a version, or "unsure"."""
    go_env = shims.go_env_gotoolchain(Paths(b.home), installed)
    script = _header(b.home) + shims.template("common.sh") + shims.fast_text(installed, go_env) + (
        'if _gover_fast1 || { [ "$_gv_st" = 2 ] && _gover_fast2; }; then echo "$_gv_name"; '
        "else echo unsure; fi\n")
    p = subprocess.run(["dash", "-c", script], cwd=b.cwd, env=b.env, capture_output=True, text=True,
                       timeout=30)
    assert p.returncode == 0 and not p.stderr, p
    out = p.stdout.strip()
    return Outcome("unsure") if out == "unsure" else Outcome("version", out)


HOOK_PRINT = {
    "bash": 'printf "%s\\n" "${_GOVER_KEY-}" "${GOROOT-}" "${PATH%%:*}" "${_gv_hint-}"',
    "zsh": 'printf "%s\\n" "${_GOVER_KEY-}" "${GOROOT-}" "${PATH%%:*}" "${_gv_hint-}"',
    "fish": 'printf "%s\\n" "$_GOVER_KEY" "$GOROOT" "$PATH[1]" "$__gv_hint"',
}


def hook_script(shell: str, b: Built, then: str = "") -> str:
    init = activate.init_text(shell, Paths(b.home), ["gover"])
    call = "__gover_update" if shell == "fish" else "_gover_hook"
    cd = f"cd '{_q(str(b.cwd))}'"
    return f"{init}\n{cd}\n{call}\n{HOOK_PRINT[shell]}\n{then}"


HOOK_ARGV = {"bash": ["bash", "--norc", "--noprofile", "-c"], "zsh": ["zsh", "-f", "-c"],
             "fish": ["fish", "--no-config", "-c"]}


def run_hook(b: Built, shell: str) -> Outcome:
    """The prompt hook after a cd: what it reports, with PATH and GOROOT left for the shims."""
    env = {k: v for k, v in b.env.items() if k != "PWD"}
    p = subprocess.run(HOOK_ARGV[shell] + [hook_script(shell, b)], cwd=b.root, env=env, capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 0, p
    key, goroot, first, hint = p.stdout.split("\n")[:4]
    # The shims stay first and GOROOT is never set: child processes resolve for themselves.
    assert first == str(b.home / "shims") and goroot == "", (first, goroot)
    if key.startswith("!"):
        # The hook reports an error once, on stderr, exactly as the shim would.
        assert p.stderr.startswith(f"gover: {key[1:]}\n"), p.stderr
        return Outcome("error", message=key[1:], hint=hint)
    note = ""
    if p.stderr:
        assert p.stderr.startswith("gover: "), p.stderr
        note = p.stderr.split("\n")[0][len("gover: "):]
    if key == "system":
        return Outcome("system", note=note)
    return Outcome("version", key, note=note)


def expected(case: Case, root: Path) -> str:
    return case.want.replace("{root}", str(root)).replace("{home}", str(root / "gover-home"))


def env_without(env: Mapping[str, str], *keys: str) -> dict[str, str]:
    return {k: v for k, v in env.items() if k not in keys}


def is_root() -> bool:
    return os.geteuid() == 0
