"""`gover check` (what the pre-commit hook and CI run) on a repository of 20 modules.

Each module has 40 requirements, a go.sum and a .go-version pin; a go.work uses all
of them.  Target: median <= 300 ms end to end (a fresh process, as the hook runs it).
Baseline, measured in the same run: starting Python and importing gover's CLI.

    .venv/bin/python bench/check.py [runs]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from _common import report, timed


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
    root = Path(tempfile.mkdtemp(prefix="gover-bench-check-"))
    make_repo(root)
    cmd = [sys.executable, "-m", "gover", "check", str(root)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0 and "in 20 module(s)" in r.stderr, r
    base_cmd = [sys.executable, "-c", "import gover.cli.main"]
    cand, base = [], []
    for _ in range(runs):
        cand.append(timed(lambda: subprocess.run(cmd, capture_output=True, check=True)))
        base.append(timed(lambda: subprocess.run(base_cmd, capture_output=True, check=True)))
    report("gover check on 20 modules (fresh process, as the git hook runs it)",
           "gover check", "python -c 'import gover.cli.main'", cand, base)
    med = sorted(cand)[len(cand) // 2]
    print(f"  absolute median {med * 1000:.0f} ms: " + ("OK (<= 300 ms)" if med <= 0.3 else "ABOVE 300 ms"))
    # The installed git hook itself, with every module file staged.
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run([sys.executable, "-m", "gover", "-q", "hook", "install", str(root)], check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    hook = [str(root / ".git" / "hooks" / "pre-commit")]
    hook_t = [timed(lambda: subprocess.run(hook, cwd=root, capture_output=True, check=True))
              for _ in range(runs)]
    med = sorted(hook_t)[len(hook_t) // 2]
    print(f"pre-commit hook, 61 staged module files: median {med * 1000:.0f} ms "
          + ("OK (<= 300 ms)" if med <= 0.3 else "ABOVE 300 ms"))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
