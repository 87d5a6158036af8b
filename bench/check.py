"""`gover check` (what the pre-commit hook and CI run) on a repository of 20 modules.

Each module has 40 requirements, a go.sum and a .go-version pin; a go.work uses all
of them; go1.22.10 is installed (adopted), so the tidy check runs go.
Measured end to end (a fresh process, as the hook runs it), against ``python -c pass``,
``mise current`` and ``import gover.cli.main`` in the same run:

- ``gover check --no-go``: every file check, no go process.  Target: median <= 150 ms
  where issue 19 set it, held as a ratio to the same run's baselines (bench/_machine.py).
- ``gover check``: the same plus ``go mod tidy`` per module (20 go processes; go1.22
  has no -diff, so on a copy of go.mod).  Reported, no target: go's own start-up.

Bytecode is compiled first; unset PYTHONDONTWRITEBYTECODE when running this.

    .venv/bin/python bench/check.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import CACHE, INSTALLED_GOVER, ROOT, as_installed, instructions, provision, report, timed
from _machine import Yardstick


def make_repo(root: Path, n: int = 20) -> None:
    uses = []
    for m in range(n):
        d = root / f"svc{m:02d}"
        d.mkdir(parents=True)
        reqs = [f"\tgithub.com/dep/lib{i} v1.{i}.0" + (" // indirect" if i % 3 else "") for i in range(40)]
        (d / "go.mod").write_text(f"module example.com/svc{m:02d}\n\ngo 1.22.0\n\nrequire (\n"
                                  + "\n".join(reqs) + "\n)\n")
        sums = [f"github.com/dep/lib{i} v1.{i}.0{suffix} h1:{'B' * 43}="
                for i in range(40) for suffix in ("", "/go.mod")]
        (d / "go.sum").write_text("\n".join(sums) + "\n")
        (d / "main.go").write_text("package main\n\nfunc main() {}\n")
        uses.append(f"\t./svc{m:02d}")
    (root / "go.work").write_text("go 1.22.0\n\nuse (\n" + "\n".join(uses) + "\n)\n")
    (root / ".go-version").write_text("1.22.10\n")


def main(runs: int) -> None:
    provision()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "gover")], check=True)
    root = Path(tempfile.mkdtemp(prefix="gover-bench-check-"))
    make_repo(root / "repo")
    home = root / "home"
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "GOVER_HOME": str(root / "gover"), "GOENV": "off", "GOTOOLCHAIN": "local",
           "GOFLAGS": "", "GOPROXY": "off"}
    subprocess.run([sys.executable, "-m", "gover", "-q", "adopt", str(CACHE / "toolchains" / "go1.22.10")],
                   env=env, check=True)
    repo = root / "repo"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*INSTALLED_GOVER, "check", *args, str(repo)], env=as_installed(env),
                              capture_output=True, text=True)

    r = run("--no-go")
    assert r.returncode == 0 and "in 20 modules" in r.stderr, r
    r = run()
    assert "in 20 modules" in r.stderr and "[tidy]" in r.stdout, r  # go ran (tidy findings)
    imports = [sys.executable, "-c", "import gover.cli.main"]
    (root / "yardstick").mkdir()
    machine = Yardstick(root / "yardstick", CACHE / "toolchains" / "go1.22.10")
    t: dict[str, list[float]] = {k: [] for k in ("import", "no-go", "go")}
    for _ in range(runs):
        t["import"].append(timed(lambda: subprocess.run(imports, env=env, capture_output=True, check=True)))
        machine.sample()
        t["no-go"].append(timed(lambda: run("--no-go")))
        t["go"].append(timed(lambda: run()))
    t["pass"] = machine.samples["python -c pass"]
    report("gover check --no-go on 20 modules (fresh process, as the git hook runs it)",
           "gover check --no-go", "python -c pass", t["no-go"], t["pass"])
    machine.verdict("check --no-go", t["no-go"], 150)
    print(f"  import gover.cli.main alone: {statistics.median(t['import']) * 1000:.0f} ms")
    n, p = (instructions(c, as_installed(env)) for c in
            ([*INSTALLED_GOVER, "check", "--no-go", str(repo)], [sys.executable, "-c", "pass"]))
    if n is not None and p is not None:
        print(f"  instructions (valgrind): check --no-go {n:.0f} M, python -c pass {p:.1f} M "
              f"(ratio {n / p:.2f})")
    report("gover check on 20 modules, tidy included (20 go mod tidy runs)",
           "gover check", "python -c pass", t["go"], t["pass"])
    # The installed git hook itself, with every module file staged.
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([sys.executable, "-m", "gover", "-q", "hook", "install", str(repo)], env=env, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    hook = [str(repo / ".git" / "hooks" / "pre-commit")]
    hook_t = [timed(lambda: subprocess.run(hook, cwd=repo, env=env, capture_output=True))
              for _ in range(runs)]
    med = statistics.median(hook_t)
    print(f"pre-commit hook, 61 staged module files: median {med * 1000:.0f} ms "
          + ("OK (<= 300 ms)" if med <= 0.3 else "ABOVE 300 ms"))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
