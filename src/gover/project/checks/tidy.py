"""``go mod tidy`` would change go.mod or go.sum (``tidy``): run by the Go gover selects
for each module, with ``GOFLAGS=-mod=mod``, ``GOWORK=off`` (tidy ignores the workspace
anyway) and ``GOTOOLCHAIN=local`` (exactly that release, no switching).  Go 1.23+ runs
``go mod tidy -diff``; older releases tidy a copy of go.mod/go.sum through ``-modfile``,
so the module's files are never written.

When go cannot fetch what tidy needs (offline, a private module, ``--offline``), the
finding is a warning naming what could not be fetched, never "untidy".  Costs one go
process per module: ~0.1–0.5 s for a small module with a warm module cache.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from gover.lazyre import lazy
from gover.project.checks.base import Checker, Module, at_least

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:  # the rest is imported when go runs: doctor and --no-go never do
    import subprocess

CODES = ("tidy",)
RUNS_GO = True
TIMEOUT = 300
_FETCH = lazy(r"(?:^go: |^\t|: )((?:[\w.~-]+/)+[\w.~-]+(?:@[\w.+~-]+)?): "
              r"(?:.*?)(?:reading |module lookup disabled|dial tcp|no such host|"
              r"cannot find module|unrecognized import path|verifying|Get \")", re.M)


def run(c: Checker) -> None:
    if not c.opts.run_go or "tidy" in c.skip:
        return
    for m in c.good:
        if c.selected(m.dir) is None:
            c.add("tidy", "warning", m.dir / "go.mod", 0, "tidiness not checked: no Go toolchain found",
                  "install one (gover install VERSION), or skip the checks that run go (--no-go)")
            return  # once: every other module would say the same
        _tidy(c, m)


def tidy_env(env: Mapping[str, str], offline: bool) -> dict[str, str]:
    flags = [f for f in env.get("GOFLAGS", "").split() if not f.startswith(("-mod=", "--mod="))]
    out = {**env, "GOFLAGS": " ".join([*flags, "-mod=mod"]), "GOWORK": "off", "GOTOOLCHAIN": "local"}
    if offline:
        out["GOPROXY"] = "off"
    return out


def _tidy(c: Checker, m: Module) -> None:
    import subprocess

    sel = c.selected(m.dir)
    assert sel is not None
    gomod = m.dir / "go.mod"
    env = tidy_env(c.opts.env, c.opts.offline)
    release = sel.version
    try:
        if at_least(release, "1.23"):
            p = subprocess.run([sel.gobin, "mod", "tidy", "-diff"], cwd=m.dir, env=env,
                               capture_output=True, text=True, timeout=TIMEOUT)
            ok, diff, quote = p.returncode == 0, p.stdout if p.stdout.startswith("diff ") else "", p.stdout
        else:
            p, diff = _tidy_copy(sel.gobin, m.dir, env)
            ok, quote = p.returncode == 0 and not diff, ""
    except subprocess.TimeoutExpired:
        c.add("tidy", "warning", gomod, 0, f"tidiness not checked: go mod tidy ran over {TIMEOUT} s",
              go=release)
        return
    except OSError as e:
        c.add("tidy", "warning", gomod, 0, f"tidiness not checked: cannot run {sel.gobin}: {e}",
              go=release)
        return
    if ok:
        return
    if diff:
        changed = sorted(set(re.findall(r"^diff \S+/(go\.(?:mod|sum))", diff, re.M)) |
                         set(re.findall(r"^\+\+\+ \S*?(go\.(?:mod|sum))", diff, re.M)))
        c.add("tidy", "error", gomod, 0,
              f"go mod tidy would change {' and '.join(changed) or 'go.mod'}: {_summary(diff)}",
              f"cd {c.rel_dir(m.dir)} && go mod tidy", related=(m.dir / "go.sum",),
              quote=quote.rstrip("\n"), go=release)
        return
    c.add("tidy", "warning", gomod, 0, "tidiness not checked: " + _why(p.stderr),
          _fetch_hint(c, m, p.stderr), quote=p.stderr.strip(), go=release)


def _fetch_hint(c: Checker, m: Module, stderr: str) -> str:
    """What to do when tidy could not fetch: a module of the workspace is never fetched by
    go mod download (go skips it: it "resolves to the main module"), so name a replace."""
    members = _workspace_modules(c)
    for name in dict.fromkeys(_FETCH.findall(stderr)):
        d = members.get(name.split("@")[0])
        if d is not None and d != c.real(m.dir):
            rel = os.path.relpath(d, c.real(m.dir))
            return (f"{name.split('@')[0]} is a module of this workspace, and go mod tidy ignores go.work: "
                    f"publish it, or replace it by its directory: cd {c.rel_dir(m.dir)} && "
                    f"go mod edit -replace={name.split('@')[0]}={rel if rel.startswith('.') else './' + rel}")
    return "run it where the modules can be fetched (or fill the module cache: go mod download)"


def _workspace_modules(c: Checker) -> dict[str, Path]:
    if c.work is None or c.work_path is None:
        return {}
    used = {c.real(c.work_path.parent / u.path) for u in c.work.use}
    return {m.mod.module: c.real(m.dir) for m in c.good
            if m.mod is not None and m.mod.module and c.real(m.dir) in used}


def _tidy_copy(gobin: str, mod_dir: Path,
               env: Mapping[str, str]) -> tuple[subprocess.CompletedProcess[str], str]:
    import difflib
    import shutil
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="gover-tidy-") as tmp:
        alt = Path(tmp) / "go.mod"
        shutil.copyfile(mod_dir / "go.mod", alt)
        if (mod_dir / "go.sum").is_file():
            shutil.copyfile(mod_dir / "go.sum", Path(tmp) / "go.sum")
        p = subprocess.run([gobin, "mod", "tidy", "-modfile=" + str(alt)], cwd=mod_dir, env=dict(env),
                           capture_output=True, text=True, timeout=TIMEOUT)
        diff = ""
        if p.returncode == 0:
            for name in ("go.mod", "go.sum"):
                before = _text(mod_dir / name)
                after = _text(Path(tmp) / name)
                diff += "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                                     "current/" + name, "tidy/" + name))
    return p, diff


def _text(p: Path) -> str:
    try:
        return p.read_text(errors="replace")
    except OSError:
        return ""


def _summary(diff: str, most: int = 3) -> str:
    lines = [ln for ln in diff.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
             and ln[1:].strip()]
    text = "; ".join(ln[0] + " " + ln[1:].strip() for ln in lines[:most])
    return text + (f" (and {len(lines) - most} more lines)" if len(lines) > most else "")


def _why(stderr: str) -> str:
    """Name what could not be fetched, from go's own error lines."""
    names = list(dict.fromkeys(_FETCH.findall(stderr)))
    last = [ln for ln in stderr.strip().splitlines() if ln.strip() and not ln.startswith("go: downloading")]
    if names:
        return f"go mod tidy could not fetch {', '.join(names[:5])}" + \
            (f" (and {len(names) - 5} more)" if len(names) > 5 else "")
    return "go mod tidy failed: " + (last[-1].strip() if last else "no output")
