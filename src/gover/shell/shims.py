"""Generating ``$GOVER_HOME/shims``: one resolving shim per program, one link per toolchain.

- ``shims/go``, ``shims/gofmt`` …: one POSIX sh script per executable found in any
  installed ``GOROOT/bin`` (``go`` and ``gofmt`` always).  Each carries gover's
  resolver (``shell/*.sh``, comments stripped so ``sh`` parses less) and execs the
  chosen version's program directly: no Python, no subshell, no external command
  on the hot path.
- ``shims/go1.22.10`` …: a symlink straight to that version's ``bin/go``, so Go's
  own toolchain switching (``GOTOOLCHAIN=auto``/``path`` looks ``go1.X.Y`` up in
  PATH) finds installed toolchains instead of downloading them.

Rehashing holds ``locks/shims.lock``, writes only what changed (atomically), and
removes entries that no longer belong.  Installers hand the store
:func:`rehash_after_change` (``install.managed_store``), so it runs whenever the
installed set changes; the store itself knows nothing of shims.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path

from gover.errors import StoreError
from gover.fsutil import file_lock, rmtree, store_error, write_atomic
from gover.golang import versions
from gover.paths import Paths
from gover.record import field, record
from gover.resolve.select import BadValue, pick_spec, serve_toolchain
from gover.toolchain.store import Store

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")


# The sh resolver, in order (after common.sh): the version grammar and picking, then the rule.
RESOLVER = ("pick.sh", "resolve.sh")


@functools.cache
def template(name: str) -> str:
    # The templates sit beside this module (package data); read once per process.
    return (Path(__file__).parent / name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=64)
def minify(sh: str) -> str:
    """Drop comment lines, blank lines and indentation: dash parses every byte on every run.

    ``# shellcheck`` directives stay, so the generated scripts are checked with the
    same exceptions as the templates."""
    out = []
    for line in sh.splitlines():
        s = line.strip()
        if s and (not s.startswith("#") or s.startswith("# shellcheck ")):
            out.append(s)
    return "\n".join(out)


# --- the fast path's tables (see shell/fast.sh) -------------------------------------

_KINDS = {"": 0, "alpha": 1, "beta": 2, "rc": 3}


def fast_key(v: str) -> int | None:
    """An integer in Go's version order, for the 1.x versions fast.sh's ``_gover_key`` encodes."""
    p = versions.parse(versions.strip_go(v))
    if p.major != "1" or len(p.minor) > 4 or len(p.patch) > 3 or len(p.pre) > 3 \
            or p.kind not in _KINDS:
        return None
    kind = 9 if p.patch and not p.kind else _KINDS[p.kind]
    patch = int(p.patch) + 1 if p.patch else 0
    pre = int(p.pre) + 1 if p.pre else 0
    return int(p.minor) * 10**8 + patch * 10**4 + kind * 1000 + pre


def _forms(v: str) -> set[str]:
    """Spellings of one exact version, as ``compare`` equates them (1.20 == 1.20.0)."""
    forms = {v}
    if v.count(".") == 1 and versions.parse(v).patch == "0":
        forms.add(v + ".0")
    return forms


def spec_table(installed: list[str]) -> dict[str, list[str]]:
    """Installed name → the spec strings that select it, computed by the Python resolver."""
    candidates: set[str] = set()
    for name in installed:
        v = name[2:]
        for f in _forms(v):
            candidates |= {f, "go" + f}
        p = versions.parse(v)
        if versions.is_stable(v) and p.patch:
            for series in (f"{p.major}.{p.minor}", p.major):
                candidates |= {series, series + ".x", "go" + series, "go" + series + ".x"}
    table: dict[str, list[str]] = {}
    for c in sorted(candidates, key=lambda c: (versions.sort_key(c), c)):
        try:
            pick = pick_spec(c, installed)
        except BadValue:
            continue
        if pick.name and pick.name != "system":
            table.setdefault(pick.name, []).append(c)
    newest = pick_spec("latest", installed).name
    if newest:
        # pick_spec lower-cases these words; so do the patterns.
        table.setdefault(newest, []).extend(
            "".join(f"[{ch}{ch.upper()}]" for ch in word) for word in ("latest", "stable"))
    return table


def tc_table(installed: list[str]) -> list[tuple[str, str, int]]:
    """(toolchain value, installed name, key) for exact toolchain lines."""
    rows: list[tuple[str, str, int]] = []
    for name in installed:
        key = fast_key(name)
        if key is not None:
            rows.extend(("go" + f, name, key) for f in sorted(_forms(name[2:])))
    return rows


def keys_string(installed: list[str]) -> str:
    keyed = [(fast_key(n), n) for n in installed]
    if any(k is None for k, _ in keyed):
        return ""  # the fast path then leaves go lines to the full resolver
    return " ".join(f"{k}:{n}" for k, n in sorted(keyed, key=lambda kn: kn[0] or 0))


def info_table(installed: list[str], go_env: Mapping[str, str | None]) -> list[tuple[str, int, str]]:
    """(name, key, its go.env's GOTOOLCHAIN or "-" when it sets none) for every keyed version."""
    rows = []
    for name in installed:
        key = fast_key(name)
        if key is not None:
            value = go_env.get(name)
            rows.append((name, key, "-" if value is None else value))
    return rows


def fast_text(installed: list[str], go_env: Mapping[str, str | None] | None = None) -> str:
    """fast.sh with its tables; ``go_env`` maps a name to its go.env's GOTOOLCHAIN
    (absent: it sets none)."""
    return _fast_text(tuple(installed), tuple(sorted((go_env or {}).items())))


@functools.lru_cache(maxsize=8)
def _fast_text(names: tuple[str, ...], env_items: tuple[tuple[str, str | None], ...]) -> str:
    # Every shim of one rehash carries the same tables: computed once, not per program.
    installed, go_env = list(names), dict(env_items)
    spec = "\n".join(f"  {'|'.join(pats)}) _gv_name={name};;"
                     for name, pats in spec_table(installed).items())
    info = "\n".join(f"  {name}) _gv_dk={key} _gv_denv={shlex.quote(value)};;"
                     for name, key, value in info_table(installed, go_env))
    tc = "\n".join(f"  {value}) _gv_name={name} _gv_tk={key};;"
                   for value, name, key in tc_table(installed))
    text = template("fast.sh")
    return text.replace("@SPEC_TABLE@", spec).replace("@INFO_TABLE@", info).replace("@TC_TABLE@", tc) \
        .replace("@KEYS@", keys_string(installed))


def go_env_gotoolchain(paths: Paths, installed: list[str]) -> dict[str, str | None]:
    """Each installed version's GOROOT/go.env GOTOOLCHAIN (None: it sets none)."""
    from gover.golang.goenv import read_env_file

    out: dict[str, str | None] = {}
    for name in installed:
        entry = read_env_file(paths.version_dir(name) / "go.env").get("GOTOOLCHAIN")
        out[name] = entry[0] if entry else None
    return out


# Where the shims' stage 2 starts (see shell/shim.sh).
COMMON_SPLIT = "# --- module files"
FAST_SPLIT = "# --- stage 2 ---"


def _split_at_line(text: str, marker: str) -> tuple[str, str]:
    i = text.index(marker)
    return text[:i], text[text.index("\n", i) + 1:]


def shim_text(paths: Paths, program: str, installed: list[str], python: str | None = None,
              darwin: bool | None = None, go_env: Mapping[str, str | None] | None = None) -> str:
    darwin = sys.platform == "darwin" if darwin is None else darwin
    if go_env is None:
        go_env = go_env_gotoolchain(paths, installed)
    common1, common2 = _split_at_line(template("common.sh"), COMMON_SPLIT)
    fast1, fast2 = _split_at_line(fast_text(installed, go_env), FAST_SPLIT)
    subst = {
        "@HOME@": shlex.quote(str(paths.home)),
        "@PROG@": shlex.quote(program),
        "@PYTHON@": shlex.quote(python or sys.executable),
        "@DARWIN@": "1" if darwin else "0",
        "@CR@": "\r", "@VT@": "\v", "@FF@": "\f", "@BOM@": "\ufeff",
        "@COMMON1@": minify(common1), "@COMMON2@": minify(common2),
        "@FAST1@": minify(fast1), "@FAST2@": minify(fast2),
        "@RESOLVE@": "\n".join(minify(template(n)) for n in RESOLVER),
    }
    text = template("shim.sh")
    for k, v in subst.items():
        text = text.replace(k, v)
    return text


def is_toolchain_link_name(name: str) -> bool:
    return name.startswith("go1") and versions.from_toolchain(name) != ""


@record
class RehashResult:
    shims: list[str] = field(default_factory=list)  # programs with a resolving shim
    links: list[str] = field(default_factory=list)  # go1.X.Y links to installed toolchains
    servers: list[str] = field(default_factory=list)  # go1.X.Y scripts serving releases not installed
    written: list[str] = field(default_factory=list)  # entries created or changed
    removed: list[str] = field(default_factory=list)  # stale entries deleted
    dry_run: bool = False  # then written/removed are what would change

    def to_json(self) -> dict[str, object]:
        return {"dry_run": self.dry_run, "shims": self.shims, "links": self.links, "servers": self.servers,
                "written": self.written, "removed": self.removed}


# Every Go distribution has these.  Their shims exist even before anything is
# installed, so a pin on a fresh machine says "not installed; run: gover install …"
# (or installs it, with GOVER_AUTO_INSTALL=1) instead of silently running the system go.
ALWAYS = ("go", "gofmt")

SERVER = """#!/bin/sh
# gover: go asks for {want} when it switches toolchains; it is not installed, and
# {name} (the newest installed go{minor}.x) serves it.  Generated by `gover rehash`
# (do not edit).  go checks that a toolchain it switched to is the one it asked
# for; this one says which it is instead, which go accepts.
{target}exec {go} "$@"
"""
TARGET = """case ${{GOTOOLCHAIN_INTERNAL_SWITCH_VERSION-}} in
'') ;;
*) GOTOOLCHAIN_INTERNAL_SWITCH_VERSION={name}; export GOTOOLCHAIN_INTERNAL_SWITCH_VERSION;;
esac
"""


def server_names(installed: list[str]) -> dict[str, str]:
    """``go1.X.N`` → the installed release serving it, for every patch N below the newest
    installed release of each minor that is not installed itself (what Go's switch asks
    for when a go line or toolchain line names a patch gover lacks)."""
    newest: dict[tuple[int, int], versions.Version] = {}
    for name in installed:
        v = versions.parse(name[2:])
        if v.major and v.patch and not v.kind:
            key = versions.minor_of(name)
            if key not in newest or int(v.patch) > int(newest[key].patch):
                newest[key] = v
    out: dict[str, str] = {}
    for (_major, minor), v in sorted(newest.items()):
        for n in range(int(v.patch)):
            want = f"{v.major}.{v.minor}" if n == 0 and minor < 21 else f"{v.major}.{v.minor}.{n}"
            served = serve_toolchain(want, installed)
            if served and versions.compare(served[2:], want) != 0:
                out["go" + want] = served
    return out


def server_text(want: str, name: str, go: str) -> str:
    target = TARGET.format(name=name) if versions.compare(name[2:], "1.21") >= 0 else ""
    return SERVER.format(want=want, name=name, minor=versions.lang(name[2:]), target=target,
                         go=shlex.quote(go))


def wanted(paths: Paths) -> tuple[dict[str, str], dict[str, str]]:
    """(file name -> text, link name -> target) for the installed set: the resolving shims,
    the go1.X.Y scripts serving releases that are not installed, and a go1.X.Y link per
    installed release."""
    programs: set[str] = set(ALWAYS)
    links: dict[str, str] = {}
    store = Store(paths)
    names = store.names()
    for inst in store.installed():
        bindir = paths.version_dir(inst.name) / "bin"
        try:
            entries = os.listdir(bindir)
        except OSError:
            continue
        for e in entries:
            p = bindir / e
            if _SAFE_NAME.match(e) and not is_toolchain_link_name(e) and p.is_file() \
                    and os.access(p, os.X_OK):
                programs.add(e)
        if (bindir / "go").is_file():
            links[inst.name] = str(bindir / "go")
    go_env = go_env_gotoolchain(paths, names)
    files = {p: shim_text(paths, p, names, go_env=go_env) for p in sorted(programs)}
    for want, name in server_names([n for n in names if n in links]).items():
        files[want] = server_text(want, name, links[name])
    return files, dict(sorted(links.items(), key=lambda kv: versions.sort_key(kv[0])))


def rehash(paths: Paths, *, dry_run: bool = False) -> RehashResult:
    files, links = wanted(paths)
    res = RehashResult(shims=[n for n in files if not is_toolchain_link_name(n)], links=list(links),
                       servers=[n for n in files if is_toolchain_link_name(n)], dry_run=dry_run)
    d = paths.shims
    with file_lock(paths.locks / "shims.lock"):
        try:
            if not dry_run:
                d.mkdir(parents=True, exist_ok=True)
            existing = set(os.listdir(d))
        except FileNotFoundError:
            existing = set()
        except OSError as e:
            raise store_error(e, d) from e
        for name, text in files.items():
            if _current_text(d / name) != text:
                res.written.append(name)
                if not dry_run:
                    write_atomic(d / name, text, mode=0o755)
        for name, target in links.items():
            if _current_link(d / name) != target:
                res.written.append(name)
                if not dry_run:
                    _link_atomic(d / name, target)
        for name in sorted(existing - set(files) - set(links)):
            res.removed.append(name)
            if not dry_run:
                _remove(d / name)
    return res


def rehash_after_change(paths: Paths) -> None:
    """What installers run after the store changes: the shims follow ``versions/``."""
    try:
        rehash(paths)
    except StoreError as e:
        raise StoreError(f"{e.message} (the shims could not be updated)", hint="run: gover rehash") from e


def _current_text(p: Path) -> str | None:
    if p.is_symlink():
        return None
    try:
        return p.read_bytes().decode("utf-8")  # not read_text(): the shims carry a literal CR
    except (OSError, UnicodeDecodeError):
        return None


def _current_link(p: Path) -> str | None:
    try:
        return os.readlink(p)
    except OSError:
        return None


def _link_atomic(p: Path, target: str) -> None:
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(tmp):
            os.unlink(tmp)
        os.symlink(target, tmp)
        os.replace(tmp, p)
    except OSError as e:
        raise store_error(e, p) from e


def _remove(p: Path) -> None:
    try:
        if p.is_dir() and not p.is_symlink():
            rmtree(p)
        else:
            os.unlink(p)
    except FileNotFoundError:
        pass
    except OSError as e:
        raise store_error(e, p) from e
