"""Prompt-hook cost per prompt, measured inside a real bash, fish (and zsh for reference).

The shell loads `gover init <shell>`, cds 10 directories below a pin, and times
the hook function (what runs before every prompt) with the shell's own clock:
- "no change": the same directory again (resolution runs, PATH/GOROOT untouched),
  below a go.mod with go and toolchain lines;
- "change": alternating between that directory and one below a .go-version
  pinning another version (PATH and GOROOT rewritten each time).  fish runs its
  hook on every cd (a PWD event), so there the timed call is the cd itself.
Baseline: an empty function call in the same loop.  Target (bash, fish): <= 5 ms.
Run twice: with no global default (the system go: the shims' fast path declines) and
with `gover global 1.23` (the common setup: the fast path answers).

    .venv/bin/python bench/hook.py [iterations]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, fake_store

sys.path.insert(0, str(ROOT / "src"))

from gover.paths import Paths  # noqa: E402
from gover.shell import activate  # noqa: E402

BASH_ZSH = """
{pre}
. {init}
_noop() {{ :; }}
A={a}; B={b}
cd "$A"; {hook}
t() {{ local s=$EPOCHREALTIME; "$@"; local e=$EPOCHREALTIME; echo "$1 $s $e"; }}
i=0
while [ $i -lt {n} ]; do
  t _noop
  t {hook}
  i=$((i+1))
done | sed 's/^/same /'
i=0
while [ $i -lt {n} ]; do
  cd "$B"; t {hook}
  cd "$A"; t {hook}
  i=$((i+1))
done | sed 's/^/change /'
"""

# fish has no clock variable; its `time` keyword reports each call on stderr.
# A cd fires the hook (PWD event) and changes the result: timing the cd times that.
FISH = """
source {init}
function _noop; end
set A {a}; set B {b}
cd $A; __gover_update
for i in (seq {n}); echo "same _noop" >&2; time _noop; echo "same hook" >&2; time __gover_update; end
for i in (seq {n})
    echo "change hook" >&2; time builtin cd $B
    echo "change hook" >&2; time builtin cd $A
end
"""


def parse_fish(err: str) -> dict[str, list[float]]:
    res: dict[str, list[float]] = {}
    key = ""
    units = {"micros": 1e-3, "millis": 1.0, "secs": 1e3}
    for line in err.splitlines():
        words = line.split()
        if len(words) == 2 and words[0] in ("same", "change"):
            key = f"{words[0]}:{'noop' if words[1] == '_noop' else 'hook'}"
        elif line.startswith("Executed in"):
            res.setdefault(key, []).append(float(words[2]) * units[words[3]])
    return res


def parse(out: str, scale: float) -> dict[str, list[float]]:
    res: dict[str, list[float]] = {}
    for line in out.splitlines():
        kind, fn, s, e = line.split()
        key = f"{kind}:{'noop' if fn == '_noop' else 'hook'}"
        res.setdefault(key, []).append((float(e) - float(s)) * scale)
    return res


def main(n: int) -> None:
    for default in ("", "1.23"):
        print(f"--- {'gover global ' + default if default else 'no global default (the system go)'}")
        run(n, default)


def run(n: int, default: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="gover-bench-hook-"))
    try:
        home = work / "gover"
        fake_store(home)
        if default:
            (home / "version").write_text(default + "\n")
        a = work / "a" / "project"
        (a / "go.mod").parent.mkdir(parents=True)
        (a / "go.mod").write_text("module example.com/a\n\ngo 1.22.0\n\ntoolchain go1.22.10\n")
        b_dir = work / "b" / "project"
        b_dir.mkdir(parents=True)
        (b_dir / ".go-version").write_text("1.21\n")
        a_deep = a.joinpath(*[f"d{i}" for i in range(10)])
        b_deep = b_dir.joinpath(*[f"d{i}" for i in range(10)])
        a_deep.mkdir(parents=True)
        b_deep.mkdir(parents=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("GO")}
        env.update(GOVER_HOME=str(home), PATH="/usr/bin:/bin")
        shells = [s for s in ("bash", "zsh", "fish") if shutil.which(s)]
        for shell in shells:
            init = work / f"init.{shell}"
            init.write_text(activate.init_text(shell, Paths(home), ["gover"]))
            if shell == "fish":
                script = FISH.format(init=init, a=a_deep, b=b_deep, n=n)
                p = subprocess.run(["fish", "--no-config", "-c", script], env=env, capture_output=True,
                                   text=True, check=True)
                r = parse_fish(p.stderr)
            else:
                pre = "zmodload zsh/datetime" if shell == "zsh" else ""
                script = BASH_ZSH.format(init=init, a=a_deep, b=b_deep, n=n, hook="_gover_hook", pre=pre)
                argv = ["bash", "--norc", "-c", script] if shell == "bash" else ["zsh", "-f", "-c", script]
                p = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
                r = parse(p.stdout, 1e3)
            noop = statistics.median(r["same:noop"])
            same = statistics.median(r["same:hook"])
            change = statistics.median(r["change:hook"])
            target = " (target <= 5 ms: " + ("OK" if max(same, change) <= 5 else "ABOVE TARGET") + ")" \
                if shell in ("bash", "fish") else " (for reference)"
            print(f"{shell} prompt hook, 10 directories below the pin{target}")
            print(f"  no change  median {same:7.3f} ms")
            print(f"  change     median {change:7.3f} ms")
            print(f"  baseline (empty function call) median {noop:.3f} ms; "
                  f"ratios {same / noop:.0f}x / {change / noop:.0f}x")
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
