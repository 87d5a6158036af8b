"""``gover mod why-version``: minimal version selection explained from ``go mod graph``.

MVS selects, for each module path, the highest version any reachable requirement
asks for.  The explanation is the shortest requirement path from the main module
to a node that asks for that selected version, plus who asks for lower versions.
"""

from __future__ import annotations

import subprocess
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gover.errors import ConfigError, NotFoundError
from gover.gomod import semver


@dataclass
class Why:
    module: str
    selected: str
    path: list[str]  # main → … → module@selected
    go: str  # the go binary used
    others: list[tuple[str, str]] = field(default_factory=list)  # (requirer, lower version)

    def to_json(self) -> dict[str, object]:
        return {"module": self.module, "selected": self.selected, "path": self.path, "go": self.go,
                "lower": [{"required_by": r, "version": v} for r, v in self.others]}

    def lines(self) -> list[str]:
        out = [f"{self.module} {self.selected} is selected (the highest version required):",
               "  " + " -> ".join(self.path)]
        for r, v in self.others:
            out.append(f"  {r} requires only {v}")
        return out


def _split(node: str) -> tuple[str, str]:
    path, _, version = node.partition("@")
    return path, version


def parse_graph(text: str) -> dict[str, list[str]]:
    edges: dict[str, list[str]] = {}
    for line in text.splitlines():
        f = line.split()
        if len(f) == 2:
            edges.setdefault(f[0], []).append(f[1])
    return edges


def explain_graph(module: str, text: str, go: str = "go") -> Why:
    edges = parse_graph(text)
    if not edges:
        raise NotFoundError("go mod graph printed no requirements")
    main = next(iter(edges))
    # Breadth-first from the main module gives shortest paths.
    parent: dict[str, str | None] = {main: None}
    queue = deque([main])
    while queue:
        n = queue.popleft()
        for m in edges.get(n, []):
            if m not in parent:
                parent[m] = n
                queue.append(m)
    wanted = [n for n in parent if _split(n)[0] == module and _split(n)[1]]
    if not wanted:
        raise NotFoundError(f"{module} is not in the module graph of {main}")
    selected = max((_split(n)[1] for n in wanted), key=semver.sort_key)
    chain: list[str] = []
    node: str | None = f"{module}@{selected}"
    while node is not None:
        chain.append(node)
        node = parent[node]
    others = sorted({(src, _split(dst)[1]) for src in parent for dst in edges.get(src, [])
                     if _split(dst)[0] == module and _split(dst)[1] != selected})
    return Why(module, selected, chain[::-1], go, others)


def find_go(mod_dir: Path, env: Mapping[str, str]) -> str:
    """The go that applies to ``mod_dir``, chosen by gover's resolution (as the shims would);
    when gover has nothing that fits, the go on PATH, as a shell without gover would run."""
    from gover.paths import Paths
    from gover.resolve import which_go

    go = which_go(mod_dir, env, Paths.from_env(env))
    if go.gobin:
        return go.gobin
    if go.resolution.error is not None:
        raise go.resolution.error
    raise NotFoundError("no Go toolchain found", "install one: gover install latest")


def explain(module: str, mod_dir: Path, env: Mapping[str, str]) -> Why:
    if not (mod_dir / "go.mod").is_file():
        raise ConfigError(f"{mod_dir} has no go.mod")
    go = find_go(mod_dir, env)
    r = subprocess.run([go, "mod", "graph"], cwd=mod_dir, env={**env, "GOTOOLCHAIN": "local"},
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise ConfigError(f"go mod graph failed in {mod_dir}: {r.stderr.strip()}")
    return explain_graph(module, r.stdout, go)
