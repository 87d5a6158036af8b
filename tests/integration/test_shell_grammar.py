"""Go's version grammar and gover's choice rules in sh, against the Python.

Thousands of generated strings (valid, invalid, huge numbers, odd kinds) go
through each implementation in one shell process per check: validity, ordering,
spec selection, go-line minimums, and the shims' fast-path keys must all agree.
(The fish hook runs this same sh resolver, so there is no fish grammar to test.)
"""

from __future__ import annotations

import itertools
import random
import subprocess
from pathlib import Path

import pytest

from gover.golang import versions
from gover.resolve.select import BadValue, pick_go_line, pick_spec, serve_toolchain
from gover.shell import baked, shims
from tests.support.layouts import fake_toolchain

pytestmark = pytest.mark.integration

NUMS = ["0", "1", "2", "9", "10", "18", "20", "21", "22", "25", "01", "123", "99999999999999999999"]
KINDS = ["", "rc", "beta", "alpha", "x", "pre", "RC", "r-c"]
PRES = ["", "0", "1", "2", "10", "01"]


def version_strings(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = {"", "1", "1.", ".1", "1..2", "1.2.3.4", "go1.22", "1.22 ", " 1.22", "a", "1.22.x", "latest"}
    for _ in range(n):
        parts = [rng.choice(NUMS)]
        if rng.random() < 0.9:
            parts.append(rng.choice(NUMS))
            if rng.random() < 0.6:
                parts.append(rng.choice(NUMS))
        s = ".".join(parts)
        if rng.random() < 0.35:
            s += rng.choice(KINDS) + rng.choice(PRES)
        out.add(s)
    return sorted(out)


SH_HEAD = "_gv_az=abcdefghijklmnopqrstuvwxyz\n_gv_cr=$(printf '\\r')\n_gv_ws=$(printf ' \\t\\r\\v\\f')\n"


def sh(script: str, shell: str = "dash", cwd: Path | None = None) -> list[str]:
    p = subprocess.run([shell, "-c", script + "\n:"], capture_output=True, text=True, timeout=300, cwd=cwd)
    assert p.returncode == 0 and not p.stderr, p.stderr[-2000:]
    return p.stdout.split("\n")[:-1]


def quote_list(xs: list[str]) -> str:
    return " ".join("'" + x.replace("'", "'\\''") + "'" for x in xs)


@pytest.fixture(scope="module")
def values() -> list[str]:
    return version_strings(700)


def test_parse_and_compare_agree(values: list[str]) -> None:
    lib = SH_HEAD + shims.template("pick.sh")
    valid = [v for v in values if versions.is_valid(v)]
    sh_valid = sh(lib + f"for v in {quote_list(values)}; do _gover_parse \"$v\" && echo \"$v\"; done")
    assert sh_valid == valid

    rng = random.Random(3)
    pairs = [(a, b) for a, b in itertools.product(valid, valid) if rng.random() < 1200 / len(valid) ** 2]
    pairs += [(v, v) for v in valid[:50]]
    want = [str(versions.compare(a, b)) for a, b in pairs]
    flat = quote_list([x for ab in pairs for x in ab])
    assert sh(lib + f"set -- {flat}\n"
              'while [ $# -gt 0 ]; do _gover_cmp "$1" "$2"; echo $_gv_c; shift 2; done') == want


def test_fast_keys_order_like_go(values: list[str]) -> None:
    lib = shims.template("fast.sh").replace("@SPEC_TABLE@", "").replace("@TC_TABLE@", "") \
        .replace("@INFO_TABLE@", "")
    keys = sh(lib + f'for v in {quote_list(values)}; do if _gover_key "$v"; then echo "$_gv_key"; '
              "else echo -; fi; done")
    by_sh = dict(zip(values, keys, strict=True))
    for v, k in by_sh.items():
        if k != "-":
            # The shell only encodes go lines of the form 1.x…; where it does, it matches Python.
            assert baked.fast_key(v) == int(k), v
    keyed = [(v, baked.fast_key(v)) for v in values if versions.is_valid(v) and baked.fast_key(v) is not None]
    for (a, ka), (b, kb) in itertools.combinations(keyed[:300], 2):
        assert (ka > kb) - (ka < kb) == versions.compare(a, b), (a, b)  # type: ignore[operator]


INSTALLED_SETS = [
    ["go1.20", "go1.21.13", "go1.22.3", "go1.22.10", "go1.23rc1", "go1.23.9", "go1.25.5"],
    ["go1.19.8", "go1.21rc2", "go1.21.0", "go1.22beta1"],
    ["go1.9", "go1.10.8", "go1.100.1"],
    [],
]


def spec_outcome(value: str, installed: list[str]) -> str:
    try:
        p = pick_spec(value, installed)
    except BadValue:
        return "invalid"
    return p.name or f"missing|{p.missing}|{p.install}"


@pytest.mark.parametrize("installed", INSTALLED_SETS, ids=lambda s: ",".join(s) or "empty")
def test_spec_and_minimum_choices_agree(installed: list[str], values: list[str], tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "versions").mkdir(parents=True)
    for n in installed:
        fake_toolchain(home, n, ("go",))
    specs = sorted(set(values[::3]) | {"latest", "STABLE", "system", "1.x", "go1.22.x", "1.22.x.x", "go",
                                       "gogo1.22", "1.21", "1.9", "1.100", "2"})
    want = [spec_outcome(s, installed) for s in specs]
    lib = SH_HEAD + f"_gv_home='{home}'\n" + shims.template("pick.sh")
    got = sh(lib + f'for v in {quote_list(specs)}; do _gover_pick "$v"; case $? in '
             '0) echo "$_gv_name";; 1) echo "missing|$_gv_missing|$_gv_install";; '
             "*) echo invalid;; esac; done")
    assert got == want
    table = shims.fast_text(sorted(installed, key=versions.sort_key))
    fast = sh(SH_HEAD + table + f'for v in {quote_list(specs)}; do _gover_spec "$v" && echo "$_gv_name" '
              "|| echo -; done")
    for s, w, f in zip(specs, want, fast, strict=True):
        assert f == "-" or f == w, (s, f, w)  # the fast table answers only when it is sure

    golines = [v for v in values if versions.is_valid(v)][::2]
    want_min = [pick_go_line(g, installed).name or "-" for g in golines]
    assert sh(lib + f"for g in {quote_list(golines)}; do "
              '_gover_goline "$g" && echo "$_gv_name" || echo -; done') == want_min
    fast_min = sh(table + f'for g in {quote_list(golines)}; do if _gover_key "$g" && [ -n "$_gv_keys" ]; '
                  'then _gover_fmin "$_gv_key" && echo "$_gv_name" || echo -; else echo "?"; fi; done')
    for g, w, f in zip(golines, want_min, fast_min, strict=True):
        assert f == "?" or f == w, (g, f, w)

    # A toolchain request: that release, else the newest installed patch of its minor.
    want_serve = [serve_toolchain(g, installed) or "-" for g in golines]
    assert sh(lib + f"for g in {quote_list(golines)}; do "
              '_gover_serve "$g" && echo "$_gv_name" || echo -; done') == want_serve
    fast_serve = sh(table + f'for g in {quote_list(golines)}; do if _gover_tc "go$g"; then echo "$_gv_name"; '
                    'elif _gover_key "$g" && [ -n "$_gv_keys" ]; then _gover_fserve "$_gv_key" && '
                    'echo "$_gv_name" || echo -; else echo "?"; fi; done')
    for g, w, f in zip(golines, want_serve, fast_serve, strict=True):
        assert f == "?" or f == w, (g, f, w)
