"""Shared helpers for benchmarks: timing, medians, the test toolchain cache."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.support (loopback servers) and tests.provision
# This tree's gover, in this process and in the gover processes benchmarks start: the
# venv's editable install points at the main checkout, whatever tree the bench is in.
sys.path.insert(0, str(ROOT / "src"))
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)

CACHE = Path(os.environ.get("GOVER_TEST_CACHE") or Path.home() / ".cache" / "gover-test")

# `gover` as an installed one runs, for benchmarks with an absolute target: this tree's
# package found where pip puts it (after the standard library, as the console script and
# the front find it), not through PYTHONPATH, which every top-level import of the standard
# library would search first; and no runpy (`python -m`).  Pair it with as_installed(env).
_BOOT = ("import site, sys; del sys.path[0]; sp = site.getsitepackages()[0]; "
         f"sys.path.insert(sys.path.index(sp) if sp in sys.path else len(sys.path), {str(ROOT / 'src')!r}); "
         "sys.argv[0] = 'gover'; from gover.cli.main import entry; entry()")
INSTALLED_GOVER = [sys.executable, "-c", _BOOT]


def as_installed(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k != "PYTHONPATH"}


def provision() -> None:
    subprocess.run([sys.executable, str(ROOT / "tests" / "provision.py")], check=True)


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def report(title: str, candidate: str, baseline: str, cand: list[float], base: list[float],
           target: float | None = None) -> float:
    mc, mb = statistics.median(cand), statistics.median(base)
    ratio = mc / mb
    print(f"{title}")
    print(f"  {candidate:<40} median {mc * 1000:9.1f} ms  (runs: "
          + ", ".join(f"{x * 1000:.0f}" for x in cand) + ")")
    print(f"  {baseline:<40} median {mb * 1000:9.1f} ms  (runs: "
          + ", ".join(f"{x * 1000:.0f}" for x in base) + ")")
    verdict = "" if target is None else ("  OK" if ratio <= target else f"  ABOVE TARGET {target}")
    print(f"  ratio {ratio:.2f}{verdict}")
    return ratio


def fake_store(home: Path, names: tuple[str, ...] = ("go1.21.13", "go1.22.10", "go1.23.9")) -> None:
    """A GOVER_HOME whose versions are stub bin/go scripts, with shims generated for them:
    enough for resolution benchmarks, which never run the toolchain."""
    from gover.paths import Paths
    from gover.shell import shims

    for v in names:
        b = home / "versions" / v / "bin"
        b.mkdir(parents=True)
        (b / "go").write_text("#!/bin/sh\n")
        (b / "go").chmod(0o755)
    shims.rehash(Paths(home))


def instructions(cmd: list[str], env: dict[str, str]) -> float | None:
    """Millions of instructions ``cmd`` executes (valgrind, when installed): a count the
    machine's load does not change, unlike the wall times above."""
    import re
    import shutil

    if shutil.which("valgrind") is None:
        return None
    p = subprocess.run(["valgrind", "--tool=lackey", "--basic-counts=yes", *cmd], env=env,
                       capture_output=True, text=True)
    m = re.search(r"guest instrs:\s+([\d,]+)", p.stderr)
    return int(m.group(1).replace(",", "")) / 1e6 if m else None
