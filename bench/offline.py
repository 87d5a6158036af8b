"""Commands that may touch the network, on a machine with no route: no seconds lost.

``GOVER_DL_URL`` and ``GOPROXY`` name http://nonexistent.invalid (.invalid never
resolves) and pip's index too, so every source fails at once; go1.22.10 is
installed.  Each command is a fresh process, as a user runs it; the list caches
are emptied before each run (``--refresh``), so this is the cold, offline case.

- ``install 1.22`` (1.22.10 installed): answers without the network.
- ``list-remote 1.22`` and ``ci matrix``: each source is asked once; a DNS failure
  is not retried, and the host is not asked again in the same command.  With the
  default ``GOVER_SOURCES`` the pypi source would start pip (a second or more of its
  own start-up); here pip's index is on the host name the other sources found
  unresolvable, so pip is not started (toolchain/sources/pipindex.py says when gover
  can tell).  ``GOVER_SOURCES=official,proxy`` shows gover's cost without pypi.

Targets: 0.5 s each (the official,proxy rows and install), against ``python -c pass``
measured in the same run.  Bytecode is compiled first (as after pip install): unset
PYTHONDONTWRITEBYTECODE when running this.

    .venv/bin/python bench/offline.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import CACHE, ROOT, provision, timed

DEAD = "http://nonexistent.invalid/"
TARGET = 0.5


def setup(root: Path) -> tuple[dict[str, str], Path]:
    home, gh, mod = root / "home", root / "gover", root / "mod"
    mod.mkdir(parents=True)
    (mod / "go.mod").write_text("module example.com/offline\n\ngo 1.22\n")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "GOVER_HOME": str(gh), "GOVER_DL_URL": DEAD, "GOPROXY": DEAD.rstrip("/"),
           "PIP_INDEX_URL": "https://nonexistent.invalid/simple", "PIP_FIND_LINKS": "",
           "GOENV": "off", "GOTOOLCHAIN": "local"}
    env.pop("GOVER_SOURCES", None)
    subprocess.run([sys.executable, "-m", "gover", "-q", "adopt",
                    str(CACHE / "toolchains" / "go1.22.10")], env=env, check=True)
    return env, mod


def main(runs: int) -> None:
    provision()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "gover")], check=True)
    gover = [sys.executable, "-m", "gover"]
    with tempfile.TemporaryDirectory() as tmp:
        env, mod = setup(Path(tmp))
        two = {**env, "GOVER_SOURCES": "official,proxy"}
        cases = [
            ("install 1.22 (installed)", ["install", "1.22"], env, 0, TARGET),
            ("list-remote 1.22, official,proxy", ["list-remote", "--refresh", "1.22"], two, 1, TARGET),
            ("ci matrix, official,proxy", ["ci", "matrix", "--refresh"], two, 0, TARGET),
            ("list-remote 1.22, +pypi", ["list-remote", "--refresh", "1.22"], env, 1, None),
            ("ci matrix, +pypi", ["ci", "matrix", "--refresh"], env, 0, None),
        ]
        base = [timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))
                for _ in range(runs)]
        mb = statistics.median(base)
        print(f"offline (no route), median of {runs}; python -c pass: {mb * 1000:.0f} ms")
        for title, args, e, code, target in cases:
            r = subprocess.run(gover + args, env=e, cwd=mod, capture_output=True, text=True)
            assert r.returncode == code, (title, r)
            assert "Traceback" not in r.stderr, r.stderr
            cmd = gover + args
            times = [timed(lambda cmd=cmd, e=e: subprocess.run(cmd, env=e, cwd=mod, capture_output=True))  # type: ignore[misc]
                     for _ in range(runs)]
            m = statistics.median(times)
            verdict = "" if target is None else \
                ("  OK" if m <= target else "  ABOVE") + f" target {target:.1f} s"
            print(f"  {title:<36} {m:6.2f} s  ({m / mb:5.1f} x python -c pass){verdict}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
