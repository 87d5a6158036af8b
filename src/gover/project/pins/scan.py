"""Find every pin file under a repository and run its reader.

The walk skips what ``go ./...`` skips (``testdata``, ``vendor``, directories starting
with ``.`` or ``_``) and ``node_modules`` — but goes into ``.github``, ``.gitlab`` and
``.devcontainer``, where CI and container pins live.  Symbolic links to directories are
not followed; a linked pin file is read but never written (a link to outside the
repository could change someone else's file, and one inside it is migrated as its
target).  A file a reader cannot parse is reported and skipped; the others go on.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from gover.lazyre import lazy
from gover.project.pins.model import Pin, Problem, ReadError, Source
from gover.record import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

KINDS = ("gomod", "go-version", "tool-versions", "mise", "dockerfile", "github", "gitlab",
         "devcontainer", "golangci", "makefile")
# kind -> (module under gover.project.pins, its reader): imported for the first file of
# the kind, so a repository of go.mod and .go-version files never loads the YAML, TOML,
# JSON and Dockerfile readers (gover check runs this on every commit).
READERS: dict[str, tuple[str, str]] = {
    "gomod": ("gomod", "read"), "go-version": ("simplefiles", "read_go_version"),
    "tool-versions": ("simplefiles", "read_tool_versions"), "mise": ("config", "read_mise"),
    "dockerfile": ("dockerfile", "read"), "github": ("ci", "read_workflow"),
    "gitlab": ("ci", "read_gitlab"), "devcontainer": ("devmake", "read_devcontainer"),
    "golangci": ("config", "read_golangci"), "makefile": ("devmake", "read_makefile"),
}


def reader(kind: str) -> Callable[[Source], list[Pin]]:
    module, name = READERS[kind]
    # __import__ with a fromlist returns the submodule: import_module without importlib
    func: Callable[[Source], list[Pin]] = getattr(
        __import__(f"gover.project.pins.{module}", fromlist=(name,)), name)
    return func


SKIP_DIRS = {"testdata", "vendor", "node_modules"}
DOT_DIRS = {".github", ".gitlab", ".devcontainer"}
MAX_BYTES = 4 << 20  # larger files are no hand-written config
_MISE = lazy(r"^\.?mise(?:\.[A-Za-z0-9_-]+)?\.toml$")
_YAML = (".yml", ".yaml")


_EXACT = {"go.mod": "gomod", "go.work": "gomod", ".go-version": "go-version",
          ".tool-versions": "tool-versions",
          "Dockerfile": "dockerfile", "dockerfile": "dockerfile", "Containerfile": "dockerfile",
          ".gitlab-ci.yml": "gitlab", ".devcontainer.json": "devcontainer", ".golangci.yml": "golangci",
          ".golangci.yaml": "golangci", ".golangci.toml": "golangci", ".golangci.json": "golangci",
          "Makefile": "makefile", "makefile": "makefile", "GNUmakefile": "makefile"}


def kind_of(parts: tuple[str, ...], name: str) -> str | None:
    """The kind of pin file ``name`` in directory ``parts`` (relative to the root), if any."""
    kind = _EXACT.get(name)
    if kind is not None:
        return kind
    if name.endswith(_YAML):
        if parts[:2] == (".github", "workflows") or \
                (name.startswith("action.") and (not parts or parts[0] == ".github")):
            return "github"
        if name.endswith(".gitlab-ci.yml") or parts[:1] == (".gitlab",):
            return "gitlab"
        return None
    if name.endswith(".toml"):
        return "mise" if _MISE.match(name) else None
    if name.endswith(".mk"):
        return "makefile"
    if name.startswith(("Dockerfile.", "Containerfile.")) or name.endswith((".Dockerfile", ".dockerfile")):
        return "dockerfile"
    if name == "devcontainer.json" and ".devcontainer" in parts:
        return "devcontainer"
    return None


@record
class Scan:
    root: Path
    pins: list[Pin] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)  # rel → the text that was read
    files_seen: int = 0

    def of_kind(self, *kinds: str) -> list[Pin]:
        return [p for p in self.pins if p.kind in kinds]

    def to_json(self) -> dict[str, object]:
        return {"root": str(self.root), "files": sorted(self.sources),
                "pins": [p.to_json() for p in self.pins],
                "problems": [p.to_json() for p in self.problems]}


def _blocked(path: Path, root: Path, st: os.stat_result) -> str:
    """Why a pin file is never written ("" if it may be); ``st``: its lstat."""
    if stat.S_ISLNK(st.st_mode):
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(root):
            return f"symlink to {target}, outside the repository: never written through"
        return f"symlink to {target.relative_to(root)}: that file is the one migrated"
    if not (os.access(path, os.W_OK) and st.st_mode & 0o222):
        return "not writable"
    return ""


def writable(path: Path) -> bool:
    """Writable by us, and by its mode: a read-only file is left alone even by root."""
    try:
        return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)
    except OSError:
        return False


def scan(root: Path, kinds: tuple[str, ...] = KINDS) -> Scan:
    root = Path(os.path.realpath(root))
    result = Scan(root)
    top = str(root)
    prefix = top if top.endswith("/") else top + "/"
    # Strings while walking (a Path per directory and file costs more than reading the
    # files): the relative names are the walk's own, cut at the root.
    for dirpath, dirnames, filenames in os.walk(top):
        reldir = dirpath[len(prefix):] if dirpath != top else ""
        parts = tuple(reldir.split("/")) if reldir else ()
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("_")
                             and (not d.startswith(".") or (not parts and d in DOT_DIRS)))
        result.files_seen += len(filenames)
        for name in sorted(filenames):
            kind = kind_of(parts, name)
            if kind is None or kind not in kinds:
                continue
            rel = f"{reldir}/{name}" if reldir else name
            _read_one(result, kind, Path(prefix + rel), rel)
    return result


def _read_one(result: Scan, kind: str, path: Path, rel: str) -> None:
    try:
        lst = os.lstat(path)
        st = os.stat(path) if stat.S_ISLNK(lst.st_mode) else lst  # the size of what is read
        if st.st_size > MAX_BYTES:
            result.problems.append(Problem(rel, 0, f"larger than {MAX_BYTES >> 20} MiB: not read"))
            return
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", "surrogateescape")
    except OSError as e:
        result.problems.append(Problem(rel, 0, f"cannot read: {e.strerror or e}"))
        return
    src = Source(kind, path, rel, text)
    try:
        pins = reader(kind)(src)
    except ReadError as e:
        result.problems.append(Problem(rel, e.line, f"cannot parse ({e.message}): pins in it are not "
                                                    "read, and it is never rewritten"))
        return
    result.sources[rel] = src
    blocked = _blocked(path, result.root, lst)
    for p in pins:
        p.blocked = p.blocked or blocked
    result.pins.extend(pins)
