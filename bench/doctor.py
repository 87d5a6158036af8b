"""`gover doctor` on a typical module, end to end, vs one `go env -json` in the same run.

The module has 40 requirements and a go.sum, a go env file with settings, and gover
holds two adopted toolchains with shims on PATH.  Target: doctor <= 100 ms (median),
end to end, Python start-up included, where issue 19 set it: held as a ratio to
``mise current`` and ``python -c pass`` in the same run (bench/_machine.py).  One
``go env -json`` is measured too.  doctor never runs go: it reads the environment, files
and VERSION as go would (the run counts the processes it starts: none).
Bytecode is compiled first; unset PYTHONDONTWRITEBYTECODE when running this.  gover runs as
an installed one does (bench/_common.py, INSTALLED_GOVER).  The same module is measured again
with its requirements in the module cache (every import's go.sum lines compared with the
cache), and valgrind, when installed, counts the instructions of each: a number the machine's
load does not move.

    .venv/bin/python bench/doctor.py [runs]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import CACHE, INSTALLED_GOVER, ROOT, as_installed, instructions, provision, report, timed
from _machine import Yardstick


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


def with_module_cache(env: dict[str, str], mod: Path) -> Path:
    """The same module on a developer's machine: its 40 requirements in the module cache
    (go.mod and .ziphash, the hashes go.sum records) and imported by main.go, so the go.sum
    comparison hashes each cached go.mod."""
    sys.path.insert(0, str(ROOT / "src"))
    from gover.gomod.dirhash import hash_gomod

    cached = mod.parent / "mod-cached"
    cached.mkdir()
    (cached / "go.mod").write_text((mod / "go.mod").read_text())
    sums, imports = [], []
    for i in range(40):
        v = f"v1.{i}.0"
        d = Path(env["HOME"]) / "go" / "pkg" / "mod" / "cache" / "download" / "example.com" / f"dep{i}" / "@v"
        d.mkdir(parents=True)
        data = f"module example.com/dep{i}\n\ngo 1.20\n".encode()
        (d / f"{v}.mod").write_bytes(data)
        zh = f"h1:{'Z' * 43}="
        (d / f"{v}.ziphash").write_text(zh + "\n")
        sums.append(f"example.com/dep{i} {v} {zh}\nexample.com/dep{i} {v}/go.mod {hash_gomod(data)}\n")
        imports.append(f'\t_ "example.com/dep{i}"\n')
    (cached / "go.sum").write_text("".join(sums))
    (cached / "main.go").write_text("package main\n\nimport (\n" + "".join(imports) + ")\n\nfunc main() {}\n")
    return cached


def main(runs: int) -> None:
    provision()
    # As after a pip install: bytecode compiled (this machine sets PYTHONDONTWRITEBYTECODE).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "gover")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        env, mod = setup(Path(tmp))
        full = as_installed({**os.environ, **env})
        doctor = [*INSTALLED_GOVER, "doctor", "--dir", str(mod), "--json"]
        goenv = [str(CACHE / "toolchains" / "go1.22.10" / "bin" / "go"), "env", "-json"]
        subprocess.run(doctor, env=full, capture_output=True)  # warm the page cache
        print(f"  processes doctor starts: {_children(doctor, full)}")
        (Path(tmp) / "yardstick").mkdir()
        machine = Yardstick(Path(tmp) / "yardstick", CACHE / "toolchains" / "go1.22.10")
        cand, base = [], []
        for _ in range(runs):
            cand.append(timed(lambda: subprocess.run(doctor, env=full, capture_output=True)))
            base.append(timed(lambda: subprocess.run(goenv, env=full, cwd=mod, capture_output=True)))
            machine.sample()
        py = machine.samples["python -c pass"]
        report("gover doctor on a typical module", "gover doctor --json", "go env -json",
               cand, base)
        report("gover doctor on a typical module", "gover doctor --json", "python -c pass",
               cand, py)
        machine.verdict("doctor", cand, 100)

        typical = instructions(doctor, full)  # before the module cache below exists
        cached = with_module_cache(env, mod)
        doctor_cached = [*INSTALLED_GOVER, "doctor", "--dir", str(cached), "--json"]
        r = subprocess.run(doctor_cached, env=full, capture_output=True, text=True)
        assert '"findings"' in r.stdout and '"gosum' not in r.stdout, r  # the cache and go.sum agree
        warm = [timed(lambda: subprocess.run(doctor_cached, env=full, capture_output=True))
                for _ in range(runs)]
        report("gover doctor, the module's requirements in the module cache", "gover doctor --json",
               "python -c pass", warm, py)
        dc, p = (instructions(c, full) for c in (doctor_cached, [sys.executable, "-c", "pass"]))
        if typical is not None and dc is not None and p is not None:
            print(f"  instructions (valgrind): doctor {typical:.0f} M, with the module cache {dc:.0f} M, "
                  f"python -c pass {p:.1f} M  (ratios {typical / p:.2f}, {dc / p:.2f})")


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
