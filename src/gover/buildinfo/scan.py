"""Which files to read and what to report, exactly as ``go version -m FILE|DIR`` decides.

Named files are always reported (a Go binary, or an error); directories are
walked in lexical order without following symlinked directories, symlinks to
regular files are read, and files that are not Go binaries are skipped
silently unless ``verbose`` (``go version -v``) asks for the errors of files
that look like executables.
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from gover.buildinfo import NotGoBinary, read_file
from gover.buildinfo.goio import os_strerror
from gover.buildinfo.modinfo import BuildInfo


@dataclass
class Entry:
    file: str
    info: BuildInfo | None = None
    error: str = ""  # the line to print on stderr, when ``report`` says so
    report: bool = False  # whether go would print the error
    named: bool = False  # named on the command line (not found by a walk)

    @property
    def ok(self) -> bool:
        return self.info is not None


def scan(args: list[str], *, verbose: bool = False) -> Iterator[Entry]:
    for arg in args:
        try:
            st = os.stat(arg)
        except OSError as e:
            yield Entry(arg, error=f"stat {arg}: {os_strerror(e)}", report=True, named=True)
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(arg, verbose)
        else:
            yield _scan_file(arg, st, must_print=True, named=True)


def _walk(root: str, verbose: bool) -> Iterator[Entry]:
    try:
        st = os.lstat(root)
    except OSError:
        return
    yield from _walk_entry(root, st.st_mode, verbose)


def _walk_entry(path: str, mode: int, verbose: bool) -> Iterator[Entry]:
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
        try:
            st = os.lstat(path)
        except OSError as e:
            if verbose:
                yield Entry(path, error=f"{path}: lstat {path}: {os_strerror(e)}", report=True)
            return
        entry = _scan_file(path, st, must_print=verbose)
        if entry.ok or entry.report:
            yield entry
        return
    if not stat.S_ISDIR(mode):
        return
    try:
        with os.scandir(path) as it:
            children = sorted(((d.name, _dirent_mode(d)) for d in it), key=lambda c: os.fsencode(c[0]))
    except OSError:
        return  # go's walk callback ignores unreadable directories
    for name, child_mode in children:
        yield from _walk_entry(go_join(path, name), child_mode, verbose)


def _dirent_mode(d: os.DirEntry[str]) -> int:
    if d.is_symlink():
        return stat.S_IFLNK
    if d.is_dir(follow_symlinks=False):
        return stat.S_IFDIR
    if d.is_file(follow_symlinks=False):
        return stat.S_IFREG
    return 0


def go_join(a: str, b: str) -> str:
    """filepath.Join: join, then Clean (which, unlike normpath, folds a leading //)."""
    if os.sep != "/":
        return os.path.normpath(os.path.join(a, b))
    p = posixpath.normpath(a + "/" + b)
    return p[1:] if p.startswith("//") and not p.startswith("///") else p


def _go_ext(path: str) -> str:
    """filepath.Ext: from the last dot of the last element (".so" counts, unlike splitext)."""
    for i in range(len(path) - 1, -1, -1):
        if path[i] == "/":
            break
        if path[i] == ".":
            return path[i:]
    return ""


def is_candidate(file: str, st: os.stat_result) -> bool:
    """isGoBinaryCandidate: an executable regular file, or a .so/.exe/.dll name."""
    if stat.S_ISREG(st.st_mode) and st.st_mode & 0o111:
        return True
    name = file.lower()
    return _go_ext(name) in (".so", ".exe", ".dll") or ".so." in name


def _scan_file(file: str, st: os.stat_result, *, must_print: bool, named: bool = False) -> Entry:
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(file)
            regular = stat.S_ISREG(st.st_mode)
        except OSError:
            regular = False
        if not regular:
            return Entry(file, error=f"{file}: symlink", report=must_print, named=named)
    try:
        return Entry(file, info=read_file(file), named=named)
    except NotGoBinary as e:
        if e.open_failed:
            # go prints only the file name here; say why.
            return Entry(file, error=f"{file}: {e.message}", report=must_print, named=named)
        report = must_print and (named or is_candidate(file, st))
        return Entry(file, error=f"{file}: {e.message}", report=report, named=named)
