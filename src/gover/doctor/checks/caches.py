"""GOCACHE and GOMODCACHE: relative, disabled, unwritable, or on a nearly full disk."""

from __future__ import annotations

import errno
import os
import stat

from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding
from gover.golang.goenv import Setting

IDS = ("gocache-off", "gocache-relative", "gocache-unwritable", "gomodcache-relative",
       "gomodcache-unwritable", "cache-disk-low")
ORDER = 80
LOW_DISK = 1 << 30  # warn below 1 GiB free


def run(ctx: DoctorContext) -> list[Finding]:
    out: list[Finding] = []
    gc = ctx.goenv.effective("GOCACHE")
    if gc.value == "off":
        out.append(Finding(
            "gocache-off", "error", "the build cache is disabled (GOCACHE=off)", [gc.describe()],
            "every build fails with: build cache is disabled by GOCACHE=off, but required as of "
            "Go 1.12", "unset GOCACHE (the default is your user cache dir + /go-build)"))
    elif gc.value and not os.path.isabs(gc.value):
        out.append(Finding(
            "gocache-relative", "error", "GOCACHE is a relative path", [gc.describe()],
            "every build fails with: build cache is required, but could not be located: GOCACHE "
            "is not an absolute path", "set GOCACHE to an absolute path, or unset it"))
    elif gc.value:
        out.extend(_gocache_opens(gc) or _writable(
            "gocache-unwritable", gc, "builds fail when go writes a cache entry"))
    mc = ctx.goenv.effective("GOMODCACHE")
    if mc.value and not os.path.isabs(mc.value):
        out.append(Finding(
            "gomodcache-relative", "error", "GOMODCACHE is a relative path", [mc.describe()],
            f"go fails when it needs a module: go: GOMODCACHE entry is relative; must be absolute "
            f"path: \"{mc.value}\".", "set GOMODCACHE to an absolute path, or unset it"))
    elif mc.value:
        out.extend(_writable("gomodcache-unwritable", mc,
                             "downloading any module fails when go creates its directories"))
    for s in (gc, mc):
        if s.value and os.path.isabs(s.value):
            out.extend(_disk(s))
    return out


def go_errno(code: int) -> str:
    """A syscall.Errno as Go spells it on Linux: the C library's text, lower-cased first
    letter ("no such file or directory")."""
    text = os.strerror(code)
    return text[:1].lower() + text[1:]


def go_mkdir_all(path: str, created: list[str]) -> str:
    """os.MkdirAll as Go runs it (parents first; an existing non-directory is ENOTDIR),
    really creating what is missing and appending it to ``created``; Go's error text
    ("mkdir /proc/nope: no such file or directory"), or "" when it worked."""
    try:
        st = os.stat(path)
    except OSError:
        pass
    else:
        return "" if stat.S_ISDIR(st.st_mode) else f"mkdir {path}: {go_errno(errno.ENOTDIR)}"
    i = len(path)
    while i > 0 and path[i - 1] == "/":
        i -= 1
    j = i
    while j > 0 and path[j - 1] != "/":
        j -= 1
    if j > 1:
        err = go_mkdir_all(path[:j - 1], created)
        if err:
            return err
    try:
        os.mkdir(path, 0o777)
    except OSError as e:
        if os.path.isdir(path) and not os.path.islink(path):
            return ""
        return f"mkdir {path}: {go_errno(e.errno or 0)}"
    created.append(path)
    return ""


def _gocache_opens(s: Setting) -> list[Finding]:
    """What cmd/go's initDefaultCache does with GOCACHE, for real: MkdirAll of the directory,
    then (cache.Open) of its 00 subdirectory, then a write.  Permission bits say nothing to
    root, and /proc or a read-only mount refuse whoever asks; everything created here is
    removed again."""
    created: list[str] = []
    probe = ""
    try:
        err = go_mkdir_all(s.value, created) or \
            go_mkdir_all(os.path.normpath(os.path.join(s.value, "00")), created)
        if err:
            quote = f"failed to initialize build cache at {s.value}: {err}"
            return [Finding(
                "gocache-unwritable", "error", "go cannot create the build cache (GOCACHE)",
                [s.describe(), f"creating it fails: {err}", *_file_parent(s.value)],
                f"every build fails at once with: {quote}",
                "point GOCACHE at a directory you can write (or unset it for the default)",
                quote=quote)]
        name = os.path.join(s.value, f".gover-doctor-{os.getpid()}")
        try:
            with open(name, "x", encoding="ascii") as f:
                probe = name  # ours from here on, even if the write below fails
                f.write("probe\n")
        except OSError as e:
            return [Finding(
                "gocache-unwritable", "error", "GOCACHE cannot be written",
                [s.describe(), f"writing a file there fails: {go_errno(e.errno or 0)}"],
                "builds fail when go writes a cache entry",
                "point GOCACHE at a directory you can write, or fix its permissions")]
        return []
    finally:
        if probe:
            os.unlink(probe)
        for d in reversed(created):
            try:
                os.rmdir(d)
            except OSError:
                pass  # something else (a go build) put a file there meanwhile: it is theirs now


def _file_parent(path: str) -> list[str]:
    base = _nearest_existing(path)
    return [f"{base} is a file, not a directory"] if not os.path.isdir(base) else []


def _nearest_existing(path: str) -> str:
    p = path
    while not os.path.exists(p):
        parent = os.path.dirname(p)
        if parent == p:
            break
        p = parent
    return p


def _writable(fid: str, s: Setting, effect: str) -> list[Finding]:
    base = _nearest_existing(s.value)
    problem = ""
    if not os.path.isdir(base):
        problem = f"{base} is a file, not a directory"
    elif not os.access(base, os.W_OK | os.X_OK):
        problem = f"{base} is not writable by you"
    if not problem:
        return []
    return [Finding(fid, "error", f"{s.key} cannot be written", [s.describe(), problem], effect,
                    f"point {s.key} at a directory you can write, or fix its permissions")]


def _free_bytes(path: str) -> int:
    """shutil.disk_usage(path).free, without importing shutil (and its bz2, lzma, zlib)."""
    if hasattr(os, "statvfs"):
        st = os.statvfs(path)
        return st.f_bavail * st.f_frsize
    import shutil

    return shutil.disk_usage(path).free


def _disk(s: Setting) -> list[Finding]:
    try:
        free = _free_bytes(_nearest_existing(s.value))
    except OSError:
        return []
    if free >= LOW_DISK:
        return []
    return [Finding(
        "cache-disk-low", "warning", f"little free disk space for {s.key}",
        [s.describe(), f"{free // (1 << 20)} MiB free on its filesystem"],
        "builds and downloads fail with \"no space left on device\" once it fills up",
        "free space, or trim the caches: gover cache prune --max-size 2GB")]
