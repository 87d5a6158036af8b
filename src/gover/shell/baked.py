"""What ``gover rehash`` bakes into generated scripts: the sh templates, minified, and the
fast path's tables (shell/fast.sh) computed by the Python resolver.  The shims
(shims.py) and the front (front.py) are both built from these."""

from __future__ import annotations

import functools
import shlex
from collections.abc import Mapping
from pathlib import Path

from gover.golang import versions
from gover.resolve.select import BadValue, pick_spec


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


def spec_candidates(installed: list[str]) -> list[str]:
    """The spellings people give for the installed versions: exact, series, go-prefixed."""
    candidates: set[str] = set()
    for name in installed:
        v = name[2:]
        for f in _forms(v):
            candidates |= {f, "go" + f}
        p = versions.parse(v)
        if versions.is_stable(v) and p.patch:
            for series in (f"{p.major}.{p.minor}", p.major):
                candidates |= {series, series + ".x", "go" + series, "go" + series + ".x"}
    return sorted(candidates, key=lambda c: (versions.sort_key(c), c))


def spec_table(installed: list[str]) -> dict[str, list[str]]:
    """Installed name → the spec strings that select it, computed by the Python resolver."""
    table: dict[str, list[str]] = {}
    for c in spec_candidates(installed):
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


# Where the shims' stage 2 starts (see shell/shim.sh).
COMMON_SPLIT = "# --- module files"
FAST_SPLIT = "# --- stage 2 ---"


def split_at_line(text: str, marker: str) -> tuple[str, str]:
    i = text.index(marker)
    return text[:i], text[text.index("\n", i) + 1:]
