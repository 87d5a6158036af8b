"""GOCACHE and GOMODCACHE: relative, disabled, unwritable, or on a nearly full disk."""

from __future__ import annotations

import os
import shutil

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
        out.extend(_writable("gocache-unwritable", gc, "builds fail with: failed to initialize "
                             f"build cache at {gc.value}: ..."))
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


def _disk(s: Setting) -> list[Finding]:
    try:
        free = shutil.disk_usage(_nearest_existing(s.value)).free
    except OSError:
        return []
    if free >= LOW_DISK:
        return []
    return [Finding(
        "cache-disk-low", "warning", f"little free disk space for {s.key}",
        [s.describe(), f"{free // (1 << 20)} MiB free on its filesystem"],
        "builds and downloads fail with \"no space left on device\" once it fills up",
        "free space, or trim the caches: gover cache prune --max-size 2GB")]
