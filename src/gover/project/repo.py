"""The module files of a repository: every go.mod (and the modules a go.work uses),
the go.work, and the ``.go-version`` / ``.tool-versions`` pins gover and asdf read.

Discovery skips what ``./...`` skips (directories starting with ``.`` or ``_``,
``testdata``, ``vendor``) plus ``node_modules``.
"""

from __future__ import annotations

import os
from pathlib import Path

from gover.errors import ConfigError
from gover.record import field, record

SKIP_DIRS = {"testdata", "vendor", "node_modules"}


@record
class Repo:
    root: Path
    modules: list[Path] = field(default_factory=list)  # directories holding a go.mod
    work: Path | None = None
    pins: list[Path] = field(default_factory=list)  # .go-version / .tool-versions files
    unusable_work: Path | None = None  # a go.work name go ignores (a link to nothing, a loop)

    def all_files(self) -> list[Path]:
        """Every file whose content the checks (and migrate's backup) depend on."""
        files = [m / name for m in self.modules for name in ("go.mod", "go.sum", "vendor/modules.txt")]
        if self.work:
            files += [self.work, self.work.with_name("go.work.sum")]
        return [f for f in files + self.pins if f.is_file()]


def discover(root: Path) -> Repo:
    root = root.resolve()
    if not root.is_dir():
        raise ConfigError(f"{root}: not a directory")
    repo = Repo(root)
    found: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith((".", "_")) and d not in SKIP_DIRS)
        here = Path(dirpath)
        if "go.mod" in filenames:
            found.add(here)
        for pin in (".go-version", ".tool-versions"):
            if pin in filenames:
                repo.pins.append(here / pin)
        if "go.work" in filenames and here == root:
            # go uses a go.work only when it stats as a file: a dangling or looping link is
            # no go.work to go (it builds each module alone), so it is one to say so about
            if (here / "go.work").is_file():
                repo.work = here / "go.work"
            else:
                repo.unusable_work = here / "go.work"
    if repo.work is not None:
        found.update(_work_uses(repo.work))
    repo.modules = sorted(found)
    return repo


def _work_uses(work: Path) -> list[Path]:
    from gover.gomod.modfile import ModFileError
    from gover.gomod.workfile import parse_work

    try:
        wf = parse_work(str(work), work.read_bytes())
    except (ModFileError, OSError):
        return []  # reported by the checks
    dirs = [(work.parent / u.path).resolve() for u in wf.use]
    return [d for d in dirs if (d / "go.mod").is_file()]

