"""go.work against the directories it names (``workspace``): a ``use`` directory that
does not exist or holds no go.mod, a directory listed twice, one module reached through
two paths (a symlink back into the workspace), and modules inside the workspace that it
does not list (every go command run there fails).  The go.work that applies is the one
Go finds: ``$GOWORK``, else the nearest upward from the checked directory.  A ``$GOWORK``
go refuses (relative, missing, not a file) is an error; a go.work go cannot stat (a
dangling or looping link) is ignored by go, and a warning here.

Quotes are what go prints when run at the workspace root (observed with go1.19.8,
1.21.13, 1.22.10, 1.23.9, 1.25.5; 1.20 is assumed to word them as 1.19 or 1.21).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from gover.gomod.modfile import ModFileError
from gover.gomod.workfile import WorkFile
from gover.project.checks.base import Checker, at_least

CODES = ("workspace",)


def run(c: Checker) -> None:
    gowork = c.opts.env.get("GOWORK", "")
    if gowork == "off":
        return  # go ignores every go.work
    if gowork not in ("", "auto"):
        if _bad_gowork(c, gowork):
            return
    elif c.repo.unusable_work is not None and c.work_path is None:
        _unusable(c, c.repo.unusable_work)
    if c.work_path is None or c.work is None:
        return  # none, or one go cannot parse (the parse check reports it)
    members = _uses(c, c.work_path, c.work)
    _outside(c, c.work_path, members)


def _bad_gowork(c: Checker, gowork: str) -> bool:
    """$GOWORK that every go command refuses: not absolute, or no readable file."""
    release = c.release(c.repo.root)
    if not os.path.isabs(gowork):
        quote = "go: invalid GOWORK: not an absolute path" if at_least(release, "1.21") else \
            "the path provided to GOWORK must be an absolute path" if release.startswith("1.19") else ""
        c.add("workspace", "error", Path(gowork), 0,
              f"GOWORK={gowork} is not an absolute path: every go command fails",
              "set GOWORK to the absolute path of a go.work, or unset it (GOWORK=off: no workspace)",
              quote=quote, go=release)
        return True
    try:
        st = os.stat(gowork)
        if stat.S_ISREG(st.st_mode):
            with open(gowork, "rb"):  # a regular file never blocks an open
                return False
        why = "is a directory" if stat.S_ISDIR(st.st_mode) else "is not a regular file"
    except OSError as e:
        why = f"cannot be read: {e.strerror or e}"
    c.add("workspace", "error", Path(gowork), 0,
          f"GOWORK={gowork} {why}: every go command here fails reading it",
          "point GOWORK at a go.work file, or unset it (GOWORK=off: no workspace)", go=release)
    return True


def _unusable(c: Checker, path: Path) -> None:
    try:
        os.stat(path)
        why = "is not a regular file"
    except OSError as e:
        why = f"cannot be read: {e.strerror or e}"
    c.add("workspace", "warning", path, 0,
          f"{c.rel(path)} {why}; go ignores it and builds each module on its own",
          f"remove it, or point it at a real go.work: ls -l {c.rel(path)}")


def applying_work(root: Path, in_repo: Path | None, env: Mapping[str, str]) -> Path | None:
    """The go.work go uses from ``root``: ``$GOWORK``, else the repository's, else the
    nearest one above (with ``GOWORK=off``, the repository's file is still checked)."""
    gowork = env.get("GOWORK", "")
    if gowork == "off":
        return in_repo
    if gowork not in ("", "auto"):  # go refuses a relative one (the workspace check says so)
        return Path(gowork) if os.path.isabs(gowork) else None
    if in_repo is not None:
        return in_repo
    for d in root.parents:
        if (d / "go.work").is_file():
            return d / "go.work"
    return None


def _uses(c: Checker, path: Path, work: WorkFile) -> set[Path]:
    """Check each ``use`` line; returns the directories (resolved) of the modules used."""
    release = c.release(path.parent)
    seen_dirs: dict[str, int] = {}
    seen_mods: dict[str, str] = {}
    members: set[Path] = set()
    # The module paths of go.mods gover check has already parsed: not read a second time.
    parsed = {os.path.normpath(m.dir): m.mod.module for m in c.modules if m.mod is not None}
    for u in work.use:
        line = u.line.start.line
        absdir = os.path.normpath(os.path.join(path.parent, u.path))
        rel = os.path.normpath(u.path)
        if absdir in seen_dirs:
            quote = (f"go: error loading go.work:\ngo.work:{line}: path {absdir} appears multiple times "
                     "in workspace") if at_least(release, "1.23") else \
                f"{'go: ' if at_least(release, '1.20') else ''}reading go.work: path {absdir} appears " \
                "multiple times in workspace"
            c.add("workspace", "error", path, line, f"use {u.path}: listed twice (first on line "
                  f"{seen_dirs[absdir]})", "delete one of the lines", quote=quote, go=release)
            continue
        seen_dirs[absdir] = line
        gomod = Path(absdir) / "go.mod"
        if not gomod.is_file():
            what = "does not exist" if not Path(absdir).exists() else "holds no go.mod"
            quote = (f"go: cannot load module {rel} listed in go.work file: open {rel}/go.mod: no such "
                     "file or directory") if at_least(release, "1.21") else \
                f"go: open {gomod}: no such file or directory"
            c.add("workspace", "error", path, line, f"use {u.path}: {absdir} {what}",
                  f"cd {path.parent} && go work edit -dropuse={u.path}   (or create the module there)",
                  quote=quote, go=release)
            continue
        members.add(c.real(Path(absdir)))
        mod_path = parsed[absdir] if absdir in parsed else _module_path(gomod)
        if mod_path and mod_path in seen_mods:
            c.add("workspace", "error", path, line,
                  f"use {u.path}: module {mod_path} is already in the workspace as {seen_mods[mod_path]}",
                  "list each module once (a symlink may point back into the workspace)",
                  quote=f"go: module {mod_path} appears multiple times in workspace"
                  if at_least(release, "1.21") else "", go=release)
        elif mod_path:
            seen_mods[mod_path] = u.path
    return members


def _module_path(gomod: Path) -> str:
    from gover.gomod.modfile import parse_mod

    try:
        return parse_mod(str(gomod), gomod.read_bytes(), strict=False).module or ""
    except (ModFileError, OSError):
        return ""


def _outside(c: Checker, path: Path, members: set[Path]) -> None:
    top = c.real(path.parent)
    root = c.real(c.repo.root)
    for m in c.modules:
        d = c.real(m.dir)
        if d in members or (d != top and top not in d.parents):
            continue
        here = d == root or d in root.parents
        release = c.release(m.dir)
        quote = ("current directory is contained in a module that is not one of the workspace modules "
                 "listed in go.work. You can add the module to the workspace using:\n\tgo work use .") \
            if at_least(release, "1.21") else \
            ("directory . is contained in a module that is not one of the workspace modules listed in "
             "go.work. You can add the module to the workspace using go work use .")
        c.add("workspace", "error" if here else "warning", m.dir / "go.mod", 0,
              f"module {os.path.relpath(d, top)} is inside the workspace of {c.rel(path)} but not "
              "listed in it: go commands run there fail",
              f"cd {path.parent} && go work use {os.path.relpath(d, top)}   (or run go there with "
              "GOWORK=off)", related=(path,), quote=quote, go=release)
