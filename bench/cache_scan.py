"""`gover cache scan --json` vs `du -s` on the same `go build std` cache.

scan does more than du (classifies entries, reads trim.txt and testexpire.txt,
buckets ages) but walks the tree once, as du does.  No target: the ratio is
reported, for the whole command (Python start-up and gover's imports included)
and for the scan function alone (in-process, same walk, no start-up).

    .venv/bin/python bench/cache_scan.py [runs]
"""

from __future__ import annotations

import subprocess
import sys

from _common import report, timed
from _gocache import gover_env, std_cache


def main(runs: int) -> None:
    cache = std_cache()
    gover = [sys.executable, "-m", "gover", "cache", "scan", "--json"]
    du = ["du", "-s", str(cache)]
    run_gover = lambda: subprocess.run(gover, env=gover_env(cache), check=True,  # noqa: E731
                                       capture_output=True)
    run_du = lambda: subprocess.run(du, check=True, capture_output=True)  # noqa: E731
    run_gover()
    run_du()
    cand, base = [], []
    for _ in range(runs):
        cand.append(timed(run_gover))
        base.append(timed(run_du))
    report("scan a `go build std` cache", "gover cache scan --json", "du -s (same cache)", cand, base)

    from gover.cache import buildscan

    inproc = [timed(lambda: buildscan.scan(str(cache))) for _ in range(runs)]
    report("the same, scan function only (in-process)", "gover.cache.buildscan.scan()",
           "du -s (same cache)", inproc, base)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
