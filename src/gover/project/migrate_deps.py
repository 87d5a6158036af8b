"""Dependencies whose go.mod needs a newer Go than a migration's target, and the newest
version of each that accepts the target.

A requirement blocks when its go.mod's ``go`` line is above the new go line (Go ≥ 1.21
refuses to build such a module graph).  Its go.mod comes from the module cache when it
is there, else from the GOPROXY chain as ``go`` would route the request (GONOPROXY,
``,`` vs ``|`` fallbacks; file:// and HTTP proxies); the candidates are the proxy's
``@v/list``, newest first, each checked through its ``.mod``.

Downgrading uses ``go mod edit -require=path@version`` and then ``go mod tidy`` with the
target toolchain: ``go get path@older`` with that toolchain fails on the newer
requirement it is replacing, once the go line is lowered.
"""

from __future__ import annotations

import re
import subprocess
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gover.errors import GoverError, NotFoundError
from gover.golang import versions
from gover.golang.goenv import GoEnv
from gover.golang.proxylist import ANY_ERROR
from gover.gomod import semver
from gover.gomod.modpath import escape

MAX_CANDIDATES = 40  # .mod files fetched per blocking dependency at most
_GO_LINE = re.compile(r"^[ \t]*go[ \t]+([^ \t/\r\n]+)", re.MULTILINE)


@dataclass
class Blocker:
    path: str
    version: str
    go: str  # its go line
    required_by: list[str] = field(default_factory=list)  # module directories, relative
    suggestion: str = ""  # the newest older version whose go.mod accepts the target
    suggestion_go: str = ""
    note: str = ""  # why there is no suggestion

    def message(self, target: str) -> str:
        head = f"{self.path}@{self.version} requires go >= {self.go} (the target is go {target})"
        if self.suggestion:
            return f"{head}; {self.path}@{self.suggestion} accepts it (go {self.suggestion_go or '-'})"
        return f"{head}; {self.note or 'no older version accepts it'}"

    def to_json(self) -> dict[str, object]:
        return {"module": self.path, "version": self.version, "go": self.go,
                "required_by": self.required_by, "suggestion": self.suggestion or None,
                "suggestion_go": self.suggestion_go or None, "note": self.note or None}


def go_line(mod: bytes) -> str:
    """The go line of a dependency's go.mod, read laxly as Go reads dependencies."""
    text = mod.decode("utf-8", "replace")
    m = _GO_LINE.search(re.sub(r"//[^\n]*", "", text))
    return m.group(1) if m and versions.is_valid(m.group(1)) else ""


class Fetcher:
    """GOPROXY files for modules, as ``go`` routes the request."""

    def __init__(self, ge: GoEnv, client: object) -> None:
        self.ge, self.client = ge, client
        cache = ge.effective("GOMODCACHE").value
        self.cache = Path(cache) / "cache" / "download" if cache else None

    def cached(self, path: str, name: str) -> bytes | None:
        if self.cache is None:
            return None
        f = self.cache / escape(path) / "@v" / name
        try:
            return f.read_bytes()
        except OSError:
            return None

    def fetch(self, path: str, name: str) -> bytes:
        """``<proxy>/<path>/@v/<name>``; NotFoundError when no entry has it, GoverError on errors."""
        from gover.proxydiag.route import route

        rt = route(path, self.ge)
        if rt.mode == "direct":
            raise GoverError(f"{path} is fetched from its origin ({rt.matched_by.variable}), "
                             "not a proxy: look up its versions there")
        if rt.mode == "off":
            raise GoverError("GOPROXY=off: module lookup disabled")
        errors = []
        for p in rt.proxies:
            url = f"{p.url.rstrip('/')}/{escape(path)}/@v/{name}"
            try:
                return self._get(url)
            except NotFoundError:
                continue
            except GoverError as e:
                errors.append(e.message)
                if p.fallback != ANY_ERROR:
                    raise GoverError(e.message) from None  # its message names the URL
        if errors:
            raise GoverError("; ".join(errors))
        raise NotFoundError(f"no proxy has {path}/@v/{name}")

    def _get(self, url: str) -> bytes:
        if url.startswith("file://"):
            local = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path))
            try:
                return local.read_bytes()
            except FileNotFoundError:
                raise NotFoundError(f"{local} does not exist") from None
            except OSError as e:
                raise GoverError(f"{local}: {e.strerror or e}") from None
        return self.client.get_bytes(url, limit=16 << 20)  # type: ignore[attr-defined,no-any-return]

    def mod(self, path: str, version: str) -> bytes:
        name = escape(version) + ".mod"
        return self.cached(path, name) or self.fetch(path, name)


def find(requirements: Mapping[str, list[tuple[str, str]]], target: str, fetcher: Fetcher) -> list[Blocker]:
    """``requirements`` maps each module (relative dir) to its (path, version) requirements."""
    seen: dict[tuple[str, str], Blocker | None] = {}
    out: list[Blocker] = []
    for mod_rel, reqs in requirements.items():
        for path, version in reqs:
            key = (path, version)
            if key not in seen:
                seen[key] = _blocker(path, version, target, fetcher)
                if seen[key] is not None:
                    out.append(seen[key])  # type: ignore[arg-type]
            b = seen[key]
            if b is not None:
                b.required_by.append(mod_rel)
    return out


def _blocker(path: str, version: str, target: str, fetcher: Fetcher) -> Blocker | None:
    try:
        go = go_line(fetcher.mod(path, version))
    except GoverError:
        return None  # go reports what it cannot fetch, in validation
    if not go or versions.compare(go, target) <= 0:
        return None
    b = Blocker(path, version, go)
    try:
        listing = fetcher.fetch(path, "list").decode("utf-8", "replace")
    except GoverError as e:
        b.note = f"cannot list its versions: {e.message}"
        return b
    cands = [v for v in (ln.split()[0] for ln in listing.splitlines() if ln.strip())
             if semver.is_valid(v) and semver.compare(v, version) < 0
             and (not semver.prerelease(v) or semver.prerelease(version))]
    cands.sort(key=semver.sort_key, reverse=True)
    for v in cands[:MAX_CANDIDATES]:
        try:
            g = go_line(fetcher.mod(path, v))
        except GoverError:
            continue
        if not g or versions.compare(g, target) <= 0:
            b.suggestion, b.suggestion_go = v, g
            return b
    b.note = f"none of its {len(cands)} older versions accepts go {target}" if cands else \
        "it has no older version"
    return b


def downgrade(mod_dir: Path, blockers: list[Blocker], go: Path, env: Mapping[str, str]) -> str:
    """Apply the suggestions in ``mod_dir`` with the target toolchain's ``go``; "" or Go's error."""
    reqs = [f"-require={b.path}@{b.suggestion}" for b in blockers if b.suggestion]
    if not reqs:
        return ""
    for argv in ([str(go), "mod", "edit", *reqs], [str(go), "mod", "tidy"]):
        r = subprocess.run(argv, cwd=mod_dir, env=dict(env), capture_output=True, text=True)
        if r.returncode != 0:
            return (r.stdout + r.stderr).strip()
    return ""
