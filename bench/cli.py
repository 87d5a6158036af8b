"""The everyday commands against mise, end to end, in the same run (issue 19).

gover runs through a console script written exactly as pip writes one (its
``import re`` included), with this tree first on the path and bytecode compiled
(the warm-up runs write it: PYTHONDONTWRITEBYTECODE is removed).  mise is the
``@jdxcode/mise-linux-x64`` npm package, installed once into
~/.cache/gover-bench/mise.  Both worlds hold the same release: gover adopts
go1.22.10 from the test cache, mise gets installs/go/1.22.10 as a symlink to it;
a project directory pins it for each (.go-version; mise.toml), and so does each
global default.  mise runs offline (MISE_OFFLINE=1) with its data, config, cache
and state directories and HOME in a temporary directory, and without
RUST_BACKTRACE (which makes it symbolise backtraces of errors it handles).

gover runs two ways: as typed once ``gover init`` is loaded, which is the front
``$GOVER_HOME/shims/gover`` (shell/front.sh: sh answering the everyday forms from the
shims' tables, Python for the rest), and as the console script alone (Python every
time, what a shell without gover's init runs).
Runs alternate command by command; the report is the median wall time of each and
gover/mise per command for both.  Target: every front ratio <= 2.0.  Without npm (or the package)
the baseline is ``python -c pass`` + 14 ms, and the report says so.
GOVER_BENCH_BEFORE=REV (a git revision of this repository, e.g. main) adds that
revision's gover as a column: its src/ is extracted into the temporary directory.

    .venv/bin/python bench/cli.py [runs]
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import CACHE, ROOT
from _machine import ensure_mise, mise_world

GO = "go1.22.10"
TARGET = 2.0

# (label, gover arguments, mise arguments): the nearest mise command for each.
PAIRS: tuple[tuple[str, list[str], list[str]], ...] = (
    ("current", ["current"], ["current", "go"]),
    ("current --explain", ["current", "--explain"], ["current", "go"]),
    ("current --json", ["current", "--json"], ["current", "go"]),
    ("which go", ["which", "go"], ["which", "go"]),
    ("env", ["env"], ["env"]),
    ("prefix 1.22.10", ["prefix", "1.22.10"], ["where", "go@1.22.10"]),
    ("list", ["list"], ["ls"]),
    ("exec 1.22.10 -- go version", ["exec", "1.22.10", "--", "go", "version"],
     ["exec", "go@1.22.10", "--", "go", "version"]),
    ("--version", ["--version"], ["--version"]),
    ("--help", ["--help"], ["--help"]),
    ("global", ["global"], ["ls", "--global"]),
    ("local", ["local"], ["ls", "--local"]),
)
# Forms the front hands to Python by design (shell/front.sh): shown, not held to the target.
PYTHON_FORMS = {"current --explain", "current --json"}

# pip's console-script template (distlib), for `gover = "gover.cli.main:entry"`.
CONSOLE_SCRIPT = """#!{python}
# -*- coding: utf-8 -*-
import re
import sys
from gover.cli.main import entry
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(entry())
"""


def run(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds; CPU (user + system of the child) moves less with the load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({p.returncode}): {p.stderr.decode()[-300:]}")
    return took, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def _checkout(rev: str, work: Path) -> str:
    """``rev``'s src/ in ``work`` (git archive: no other worktree is touched)."""
    dest = work / "before"
    dest.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return str(dest / "src")


def _median(samples: list[tuple[float, float]], i: int) -> float:
    return statistics.median(s[i] for s in samples) * 1000


def gover_world(work: Path, goroot: Path) -> tuple[list[str], dict[str, str]]:
    script = work / "bin" / "gover"
    script.parent.mkdir()
    script.write_text(CONSOLE_SCRIPT.format(python=sys.executable))
    script.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(GOVER_HOME=str(work / "gover"), HOME=str(work / "home"), PYTHONPATH=str(ROOT / "src"),
               PWD=str(work / "project"))
    (work / "home").mkdir()
    for argv in (["adopt", str(goroot)], ["global", "1.22.10"]):
        subprocess.run([str(script), *argv], env=env, check=True, capture_output=True)
    (work / "project" / ".go-version").write_text("1.22.10\n")
    return [str(script)], env


def main(runs: int) -> None:
    goroot = CACHE / "toolchains" / GO
    if not (goroot / "bin" / "go").is_file():
        raise SystemExit(f"{goroot} is missing: run scripts/test once to provision the toolchains")
    mise = ensure_mise()
    work = Path(tempfile.mkdtemp(prefix="gover-bench-cli-"))
    try:
        (work / "project").mkdir()
        gover, genv = gover_world(work, goroot)
        cwd = work / "project"
        base = [sys.executable, "-c", "pass"]
        if mise:
            other, menv = mise_world(work, goroot, mise)
            version = subprocess.run([*other, "--version"], env=menv, capture_output=True, text=True)
            print(f"baseline: mise {version.stdout.strip()} ({mise})")
        else:
            other, menv = base, genv
            print("baseline: mise could not be installed (npm); comparing with python -c pass + 14 ms")
        before = os.environ.get("GOVER_BENCH_BEFORE")
        benv = {**genv, "PYTHONPATH": _checkout(before, work)} if before else genv
        front = [genv["GOVER_HOME"] + "/shims/gover"]
        Samples = list[tuple[float, float]]
        res: dict[str, tuple[Samples, Samples, Samples, Samples]] = {
            label: ([], [], [], []) for label, _, _ in PAIRS}
        py: list[tuple[float, float]] = []
        for _ in range(2):  # warm-up: bytecode, page cache
            for _, g, o in PAIRS:
                run(front + g, cwd, genv)
                run(gover + g, cwd, genv)
                run(other + (o if mise else []), cwd, menv)
                if before:
                    run(gover + g, cwd, benv)
        for _ in range(runs):
            for label, g, o in PAIRS:
                res[label][0].append(run(front + g, cwd, genv))
                res[label][1].append(run(other + (o if mise else []), cwd, menv))
                if before:
                    res[label][2].append(run(gover + g, cwd, benv))
                res[label][3].append(run(gover + g, cwd, genv))
            py.append(run(base, cwd, genv))
        extra = 0.0 if mise else 14.0
        name = "mise" if mise else "base"
        print(f"everyday commands, median ms over {runs} interleaved runs (python -c pass: wall "
              f"{_median(py, 0):.1f}, CPU {_median(py, 1):.1f})")
        print(f"  {'command':<28} {'wall: front':>11} {name:>6} {'ratio':>6}   {'CPU: front':>10} "
              f"{name:>6} {'ratio':>6}   {'python wall':>11} {'ratio':>6}"
              + ("   before: wall    CPU" if before else ""))
        worst = 0.0
        for label, _, _ in PAIRS:
            gm, om = _median(res[label][0], 0), _median(res[label][1], 0) + extra
            gc, oc = _median(res[label][0], 1), _median(res[label][1], 1) + extra
            pm = _median(res[label][3], 0)
            if label in PYTHON_FORMS:
                flag = "  (Python's: not a front form)"
            else:
                worst = max(worst, gm / om)
                flag = "" if gm / om <= TARGET else f"  wall > {TARGET}"
            was = f"   {_median(res[label][2], 0):12.1f} {_median(res[label][2], 1):6.1f}" if before else ""
            print(f"  {label:<28} {gm:11.1f} {om:6.1f} {gm / om:6.2f}   "
                  f"{gc:10.1f} {oc:6.1f} {gc / oc:6.2f}   {pm:11.1f} {pm / om:6.2f}{was}{flag}")
        print(f"worst front ratio {worst:.2f} over the front's forms (target <= {TARGET}); "
              f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
