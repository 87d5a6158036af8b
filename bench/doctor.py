"""`gover doctor` on a typical module, end to end, vs one `go env -json` in the same run.

The module has 40 requirements and a go.sum, a go env file with settings, and gover
holds two adopted toolchains with shims on PATH.  Target: doctor <= 100 ms (median),
end to end, Python start-up included; ``python -c pass`` and one ``go env -json``
are measured in the same run.  doctor never runs go: it reads the environment, files
and VERSION as go would (the run counts the processes it starts: none).
Bytecode is compiled first; unset PYTHONDONTWRITEBYTECODE when running this.

    .venv/bin/python bench/doctor.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import CACHE, ROOT, provision, report, timed


def setup(root: Path) -> tuple[dict[str, str], Path]:
    home, gh, mod = root / "home", root / "gover", root / "mod"
    mod.mkdir(parents=True)
    reqs = "".join(f"\texample.com/dep{i} v1.{i}.0\n" for i in range(40))
    (mod / "go.mod").write_text(f"module example.com/typical\n\ngo 1.22\n\nrequire (\n{reqs})\n")
    (mod / "go.sum").write_text("".join(
        f"example.com/dep{i} v1.{i}.0 h1:{'A' * 43}=\nexample.com/dep{i} v1.{i}.0/go.mod h1:{'B' * 43}=\n"
        for i in range(40)))
    (mod / "main.go").write_text("package main\n\nfunc main() {}\n")
    g22 = CACHE / "toolchains" / "go1.22.10"
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "GOVER_HOME": str(gh),
           "PATH": f"{gh}/shims:{g22}/bin:/usr/bin:/bin", "GOTOOLCHAIN": "local"}
    (home / ".config" / "go").mkdir(parents=True)
    (home / ".config" / "go" / "env").write_text("GOPRIVATE=git.corp.example\nGOFLAGS=-mod=mod\n")
    for v in ("1.22.10", "1.23.9"):
        subprocess.run([sys.executable, "-m", "gover", "-q", "adopt", str(CACHE / "toolchains" / f"go{v}")],
                       env={**os.environ, **env}, check=True)
    return env, mod


def main(runs: int) -> None:
    provision()
    # As after a pip install: bytecode compiled (this machine sets PYTHONDONTWRITEBYTECODE).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "gover")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        env, mod = setup(Path(tmp))
        full = {**os.environ, **env}
        doctor = [sys.executable, "-m", "gover", "doctor", "--dir", str(mod), "--json"]
        goenv = [str(CACHE / "toolchains" / "go1.22.10" / "bin" / "go"), "env", "-json"]
        subprocess.run(doctor, env=full, capture_output=True)  # warm the page cache
        print(f"  processes doctor starts: {_children(doctor, full)}")
        cand, base, py = [], [], []
        for _ in range(runs):
            cand.append(timed(lambda: subprocess.run(doctor, env=full, capture_output=True)))
            base.append(timed(lambda: subprocess.run(goenv, env=full, cwd=mod, capture_output=True)))
            py.append(timed(lambda: subprocess.run([sys.executable, "-c", "pass"], capture_output=True)))
        report("gover doctor on a typical module", "gover doctor --json", "go env -json",
               cand, base)
        report("gover doctor on a typical module", "gover doctor --json", "python -c pass",
               cand, py)
        ms = statistics.median(cand) * 1000
        print(f"  doctor median {ms:.0f} ms  ({'OK' if ms <= 100 else 'ABOVE'} target 100 ms)")


def _children(cmd: list[str], env: dict[str, str]) -> str:
    """How many processes ``cmd`` starts besides itself (strace, when it is installed)."""
    import shutil

    if shutil.which("strace") is None:
        return "unknown (no strace)"
    with tempfile.NamedTemporaryFile() as log:
        subprocess.run(["strace", "-f", "-qq", "-e", "trace=execve", "-o", log.name, *cmd],
                       env=env, capture_output=True)
        calls = [ln for ln in Path(log.name).read_text().splitlines()
                 if "execve(" in ln and "ENOENT" not in ln]
    return str(max(0, len(calls) - 1))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
