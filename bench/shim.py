"""`go version` through gover's shim vs the same `bin/go version` directly.

The working directory is 10 levels below the pin.  Runs alternate (shim, direct,
shim, direct …) so machine load hits both alike; each run is one fork/exec from
this process (posix_spawn + wait4), nothing else in between.  Printed: median
wall time of each, the ratio, and the shim's overhead in ms.
Targets: median ratio <= 1.5 and overhead <= 1 ms.

    .venv/bin/python bench/shim.py [runs]
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import CACHE, ROOT, provision

sys.path.insert(0, str(ROOT / "src"))

from gover.paths import Paths  # noqa: E402
from gover.shell import shims  # noqa: E402

GO_MOD = "module example.com/service\n\ngo 1.22.0\n\ntoolchain go1.22.10\n\nrequire (\n" + "".join(
    f"\tgithub.com/example/dep{i} v1.{i}.0\n" for i in range(25)) + ")\n"


def spawn(argv: list[str], env: dict[str, str], devnull: int) -> tuple[float, float]:
    """(wall, cpu) seconds of one run; cpu is the child's user+system time, less sensitive to load."""
    t = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t
    if status != 0:
        raise SystemExit(f"{argv} failed")
    return wall, ru.ru_utime + ru.ru_stime


def measure(title: str, cmds: dict[str, list[str]], cwd: Path, env: dict[str, str], runs: int) -> bool:
    """Interleave the commands; report medians, and shim vs direct against the targets."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.chdir(cwd)
    env = {**env, "PWD": str(cwd)}
    for _ in range(20):  # warm up the page cache and dentries
        for argv in cmds.values():
            spawn(argv, env, devnull)
    wall: dict[str, list[float]] = {k: [] for k in cmds}
    cpu: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for k, argv in cmds.items():
            w, c = spawn(argv, env, devnull)
            wall[k].append(w)
            cpu[k].append(c)
    med = {k: statistics.median(v) * 1000 for k, v in wall.items()}
    cmed = {k: statistics.median(v) * 1000 for k, v in cpu.items()}
    print(f"{title}   [{runs} runs each, interleaved]")
    for k in cmds:
        print(f"  {k:<26} wall median {med[k]:7.3f} ms (p10 {quantile(wall[k], 0.1):6.3f})"
              f"   cpu median {cmed[k]:6.3f} ms")
    ratio, over = med["shim"] / med["direct"], med["shim"] - med["direct"]
    floor = med["shim"] - med.get("sh exec wrapper", med["direct"])
    ok = ratio <= 1.5 and over <= 1.0
    print(f"  shim/direct ratio {ratio:.2f} (target <= 1.5); overhead {over:.3f} ms wall, "
          f"{cmed['shim'] - cmed['direct']:.3f} ms cpu (target <= 1 ms) {'OK' if ok else 'ABOVE TARGET'}")
    print(f"  of which gover's resolution (shim - a bare sh exec wrapper): {floor:.3f} ms")
    return ok


def quantile(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[int(q * (len(s) - 1))] * 1000


def main(runs: int) -> None:
    provision()
    root = CACHE / "toolchains" / "go1.22.10"
    work = Path(tempfile.mkdtemp(prefix="gover-bench-shim-"))
    try:
        home = work / "gover"
        (home / "versions").mkdir(parents=True)
        (home / "versions" / "go1.22.10").symlink_to(root)
        shims.rehash(Paths(home))
        # GOTOOLCHAIN unset, as on most machines: the shim reads the go env file and the
        # default's go.env (baked in) to learn that it is auto.
        env = {k: v for k, v in os.environ.items() if not k.startswith("GO")}
        env.update(GOVER_HOME=str(home), PATH=f"{home}/shims:/usr/bin:/bin")
        gobin = home / "versions" / "go1.22.10" / "bin" / "go"
        wrapper = work / "wrapper"
        # The floor for any sh shim: start sh, set GOROOT, exec.
        wrapper.write_text(f'#!/bin/sh\nGOROOT={gobin.parent.parent}\nexport GOROOT\nexec {gobin} "$@"\n')
        wrapper.chmod(0o755)
        cmds = {"shim": [str(home / "shims" / "go"), "version"], "direct": [str(gobin), "version"],
                "sh exec wrapper": [str(wrapper), "version"]}
        top = work / "project"
        deep = top.joinpath(*[f"d{i}" for i in range(10)])
        deep.mkdir(parents=True)
        (top / ".go-version").write_text("1.22.10\n")
        ok = measure("go version, 10 directories below a .go-version", cmds, deep, env, runs)
        (top / ".go-version").unlink()
        (top / "go.mod").write_text(GO_MOD)
        (home / "version").write_text("1.22.10\n")  # gover global: the default the go line is checked against
        ok &= measure("go version, 10 directories below a go.mod (go and toolchain lines, 25 requires), "
                      "a global default", cmds, deep, env, runs)
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
