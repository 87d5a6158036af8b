"""Parsing a 3,000-line go.mod and a 10,000-line go.sum.

Reports gover's in-process parse times, and the end-to-end `gover mod parse FILE --json`
against the real `go mod edit -json FILE` (the baseline, measured in the same run).

    .venv/bin/python bench/modparse.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import CACHE, provision, report, timed

from gover.gomod.gosum import parse_gosum
from gover.gomod.modfile import parse_mod


def make_files(d: Path) -> tuple[Path, Path]:
    req = [f"\tgithub.com/org{i % 97}/repo{i}/v2 v2.{i % 13}.{i % 7} // indirect" for i in range(3000)]
    gomod = "// big\nmodule example.com/big\n\ngo 1.22.0\n\nrequire (\n" + "\n".join(req) + "\n)\n"
    (d / "go.mod").write_text(gomod)
    sums = [f"github.com/org{i % 97}/repo{i // 2}/v2 v2.{i % 13}.{i % 7}{'/go.mod' if i % 2 else ''} "
            f"h1:{'A' * 43}=" for i in range(10000)]
    (d / "go.sum").write_text("\n".join(sums) + "\n")
    return d / "go.mod", d / "go.sum"


def main(runs: int) -> None:
    provision()
    d = Path(tempfile.mkdtemp(prefix="gover-bench-"))
    gomod, gosum = make_files(d)
    assert len(gomod.read_text().splitlines()) >= 3000 and len(gosum.read_text().splitlines()) == 10000
    data_mod, data_sum = gomod.read_bytes(), gosum.read_bytes()
    mod_t = [timed(lambda: parse_mod("go.mod", data_mod)) for _ in range(runs)]
    sum_t = [timed(lambda: parse_gosum(data_sum, "go.sum")) for _ in range(runs)]
    print(f"in-process parse, {len(data_mod.splitlines())}-line go.mod: "
          f"median {statistics.median(mod_t) * 1000:.1f} ms")
    print(f"in-process parse, 10000-line go.sum: median {statistics.median(sum_t) * 1000:.1f} ms")
    go = CACHE / "toolchains" / "go1.25.5" / "bin" / "go"
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": ""}
    gover = [sys.executable, "-m", "gover", "mod", "parse", str(gomod), "--json"]
    want = subprocess.run([str(go), "mod", "edit", "-json", "go.mod"], cwd=d, env=env,
                          capture_output=True, check=True).stdout
    got = subprocess.run(gover, capture_output=True, check=True, env=env).stdout
    assert got == want, "gover's JSON differs from go's"
    cand, base = [], []
    for _ in range(runs):
        cand.append(timed(lambda: subprocess.run(gover, capture_output=True, check=True, env=env)))
        base.append(timed(lambda: subprocess.run([str(go), "mod", "edit", "-json", "go.mod"], cwd=d,
                                                 env=env, capture_output=True, check=True)))
    report("end to end, 3,000-line go.mod to JSON (identical output)",
           "gover mod parse --json", "go mod edit -json (go1.25.5)", cand, base)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
