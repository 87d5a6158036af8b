"""`gover current` end to end (Python start-up included), 10 directories below a pin.

Baseline in the same run: `python -c pass` with the same interpreter, i.e. what
any Python command costs before doing anything.  Runs alternate.  No target:
this is reported so the hot paths that must not use Python (shims, prompt
hooks) can be compared with it.

    .venv/bin/python bench/current.py [runs]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, fake_store

sys.path.insert(0, str(ROOT / "src"))



def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main(runs: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="gover-bench-current-"))
    try:
        home = work / "gover"
        fake_store(home)
        top = work / "project"
        deep = top.joinpath(*[f"d{i}" for i in range(10)])
        deep.mkdir(parents=True)
        (top / "go.mod").write_text("module example.com/p\n\ngo 1.22.0\n\ntoolchain go1.22.10\n")
        # As installed by pip: with compiled bytecode (the warm-up runs write it).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(GOVER_HOME=str(home), PWD=str(deep))
        gover = [sys.executable, "-m", "gover", "current"]
        base = [sys.executable, "-c", "pass"]
        explain = gover + ["--explain"]
        for argv in (gover, base, explain):
            timed(argv, deep, env)
        res: dict[str, list[float]] = {"gover current": [], "gover current --explain": [],
                                       "python -c pass": []}
        for _ in range(runs):
            res["gover current"].append(timed(gover, deep, env))
            res["gover current --explain"].append(timed(explain, deep, env))
            res["python -c pass"].append(timed(base, deep, env))
        print(f"gover current, 10 directories below a go.mod   [{runs} runs each, interleaved]")
        med = {k: statistics.median(v) * 1000 for k, v in res.items()}
        for k, m in med.items():
            print(f"  {k:<26} median {m:7.1f} ms")
        print(f"  ratio to Python start-up: {med['gover current'] / med['python -c pass']:.2f}; "
              f"gover's own work: {med['gover current'] - med['python -c pass']:.1f} ms")
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
