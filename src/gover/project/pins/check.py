"""The ``pins`` check of ``gover check``: pins that disagree in a way that breaks the build
or makes it silently use another Go.

Errors (the build fails, or runs a Go nobody chose):
- an image, CI, mise or Makefile pin older than the go line that governs it (the nearest
  go.work/go.mod above the file; the repository's for CI files): with GOTOOLCHAIN=local
  the build fails, with auto it downloads another Go;
- an unquoted ``1.20`` in YAML or TOML, which every tool reads as 1.2;
- ``go-version-file`` naming a file that does not exist.

Warnings (drift): a CI matrix that does not test the go line's minor; Dockerfiles on
different minors; a ``toolchain`` line that no image or CI pin matches (each build then
downloads it, or builds with another release); golangci-lint's ``run.go`` on another
minor than the go line.  ``.go-version``/``.tool-versions`` older than the go line are
the ``pin`` check's.  A consistent repository gives no errors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import PurePosixPath

from gover.golang import versions
from gover.project.pins.model import EXACT, FILE, MINIMUM, SERIES, Pin

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from gover.project.checks.base import Checker
    from gover.project.pins.scan import Scan

# severity, file (relative), line, message, hint[, related files]: the git hook reports a
# finding when its file or a related one is staged.
Add = Callable[..., None]
CI_KINDS = ("github", "gitlab", "devcontainer")
BUILD_KINDS = ("dockerfile", "github", "gitlab", "devcontainer", "makefile", "mise")
IMAGE_CI = ("dockerfile", "github", "gitlab", "devcontainer")


def _at(p: Pin) -> str:
    return f"{p.rel}:{p.line}"


def _versioned(p: Pin) -> bool:
    return p.meaning in (EXACT, SERIES, MINIMUM) and versions.is_valid(p.value)


def _satisfies(p: Pin, go: str) -> bool:
    if p.meaning == MINIMUM:
        return True  # ^1.22, >=1.22: the newest release, whatever the go line
    if p.meaning == EXACT:
        return versions.compare(p.value, go) >= 0
    return versions.minor_of(p.value) >= versions.minor_of(go)


class _Lines:
    """The go and toolchain line governing each file."""

    def __init__(self, scan: Scan) -> None:
        self.go: dict[str, Pin] = {}  # directory of the go.mod/go.work → its go line
        self.toolchain: dict[str, Pin] = {}
        for p in scan.of_kind("gomod"):
            d = str(PurePosixPath(p.rel).parent)
            key = d + ("#work" if p.rel.endswith("go.work") else "")
            (self.go if p.where == "go" else self.toolchain)[key] = p

    def governing(self, rel: str, kind: str) -> tuple[Pin | None, Pin | None]:
        d = "." if kind in CI_KINDS else str(PurePosixPath(rel).parent)
        while True:
            for key in (d + "#work", d):
                if key in self.go:
                    return self.go[key], self.toolchain.get(key)
            if d in (".", ""):
                break
            d = str(PurePosixPath(d).parent)
        if not self.go:
            return None, None
        top = max(self.go.values(), key=lambda p: versions.sort_key(p.value))
        key = next(k for k, v in self.go.items() if v is top)
        return top, self.toolchain.get(key)


def check(scan: Scan, add: Add) -> None:
    lines = _Lines(scan)
    for pr in scan.problems:
        add("warning", pr.rel, pr.line, f"{pr.message}; its pins are not checked", "")
    groups: dict[str, list[Pin]] = defaultdict(list)
    for p in scan.pins:
        if p.kind == "gomod":
            continue
        if p.item is not None:
            groups[p.item.group].append(p)
        for note in p.notes:
            if note.startswith("unquoted "):
                add("error", p.rel, p.line, f"{p.where}: {note}", f"write '{p.text}'")
        if p.meaning == FILE and not (scan.root / p.value).is_file():
            add("error", p.rel, p.line, f"{p.where}: {p.value} does not exist in the repository",
                "point it at go.mod (setup-go then reads its toolchain, else its go line)")
        go, _ = lines.governing(p.rel, p.kind)
        if go is None:
            continue
        if p.kind in BUILD_KINDS and _versioned(p) and not _satisfies(p, go.value):
            add("error", p.rel, p.line,
                f"{p.where} {p.text} means Go {p.value}, older than go {go.value} in {_at(go)}: "
                "the build fails (GOTOOLCHAIN=local) or downloads another Go (auto)",
                f"gover migrate --go {go.value} (moves every pin), or raise it to {versions.lang(go.value)}",
                (go.rel,))
        if p.kind == "golangci" and versions.is_valid(p.value) and \
                versions.minor_of(p.value) != versions.minor_of(go.value):
            add("warning", p.rel, p.line,
                f"run.go {p.value} lints as Go {versions.lang(p.value)}, but {_at(go)} says go {go.value}",
                f"set run.go to {versions.lang(go.value)}, or remove it (golangci-lint then reads go.mod)",
                (go.rel,))
    for members in groups.values():
        _check_matrix(members, lines, add)
    _check_dockerfiles(scan, add)
    _check_toolchain(scan, lines, add)


def _check_matrix(members: list[Pin], lines: _Lines, add: Add) -> None:
    vs = [p for p in members if _versioned(p)]
    if not vs:
        return
    go, _ = lines.governing(vs[0].rel, vs[0].kind)
    if go is None:
        return
    want = versions.minor_of(go.value)
    if not any(versions.minor_of(p.value) == want and _satisfies(p, go.value) for p in vs):
        shown = ", ".join(p.text for p in vs)
        first = min(vs, key=lambda p: p.line)
        add("warning", first.rel, first.line,
            f"{first.where} ({shown}) does not test Go {versions.lang(go.value)}, the oldest the go line "
            f"in {_at(go)} allows", f"add {versions.lang(go.value)} to it (gover migrate does)", (go.rel,))


def _check_dockerfiles(scan: Scan, add: Add) -> None:
    pins = [p for p in scan.of_kind("dockerfile") if _versioned(p)]
    files = {p.rel for p in pins}
    minors = {versions.minor_of(p.value) for p in pins}
    if len(files) < 2 or len(minors) < 2:
        return
    newest = max(pins, key=lambda p: versions.sort_key(p.value))
    for p in pins:
        if p.rel != newest.rel and versions.minor_of(p.value) != versions.minor_of(newest.value):
            add("warning", p.rel, p.line,
                f"{p.where} {p.text} builds with Go {versions.lang(p.value)}, but {_at(newest)} "
                f"({newest.text}) with Go {versions.lang(newest.value)}",
                "put every image on one minor: gover migrate --go VERSION", (newest.rel,))


def _matches(p: Pin, want: str) -> bool:
    """Does this image/CI pin run the toolchain line's release (setup-go reads go.mod itself)?"""
    if p.meaning == FILE:
        return True
    if p.meaning == EXACT:
        return versions.compare(p.value, want) == 0
    return versions.minor_of(p.value) == versions.minor_of(want)


def _check_toolchain(scan: Scan, lines: _Lines, add: Add) -> None:
    for tc in {id(t): t for t in lines.toolchain.values()}.values():
        if tc.meaning != EXACT:
            continue
        want = tc.value
        candidates = [p for p in scan.pins if p.kind in IMAGE_CI and (_versioned(p) or p.meaning == FILE)]
        versioned = [p for p in candidates if _versioned(p)]
        if not versioned:
            continue

        if any(_matches(p, want) for p in candidates):
            continue
        shown = ", ".join(f"{p.text} ({_at(p)})" for p in versioned[:3])
        more = f" and {len(versioned) - 3} more" if len(versioned) > 3 else ""
        add("warning", tc.rel, tc.line,
            f"toolchain {tc.text} matches no image or CI pin ({shown}{more}): each of those builds "
            "downloads it (GOTOOLCHAIN=auto) or builds with another release",
            f"gover migrate --go VERSION --toolchain {tc.text} moves them together",
            tuple(dict.fromkeys(p.rel for p in versioned)))


CODES = ("pins",)


def run(c: Checker) -> None:
    """The ``pins`` category of ``gover check``."""
    if "pins" in c.skip:
        return
    from gover.project.pins.scan import scan

    root = c.repo.root

    def add(sev: str, rel: str, line: int, msg: str, hint: str, related: tuple[str, ...] = ()) -> None:
        c.add("pins", sev, root / rel, line, msg, hint, related=tuple(root / r for r in related))

    check(scan(root), add)
