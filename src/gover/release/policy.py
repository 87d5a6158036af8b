"""The release policy: which checks apply to which target, from a TOML file and flags.

``.gover/release.toml`` (found from the working directory upwards, or named with
``--policy``) holds the same switches as the command line, at the top level for
every binary and under ``[target."OS/ARCH"]`` for one target::

    targets = ["linux/amd64", "darwin/arm64"]   # default: the [target.*] tables
    static = true
    trimpath = true
    clean_vcs = true
    no_replace = true
    supported_go = true
    min_go = "1.22"
    vulns = true                                 # or "optional"

    [target."darwin/arm64"]
    static = false

Later wins: built-in defaults < top level < the binary's target table < flags.
Every value remembers where it came from (``--static``, ``release.toml:3``) so a
violation can name the rule as well as the fact.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gover.errors import ConfigError, UsageError
from gover.golang import versions
from gover.release.distlist import SOURCE_RELEASE, TARGETS

POLICY_FILE = Path(".gover") / "release.toml"
BOOL_KEYS = ("static", "trimpath", "clean_vcs", "no_replace", "supported_go", "allow_instrumented")
KEYS = ("targets", *BOOL_KEYS, "min_go", "vulns")
VULN_MODES = ("off", "required", "optional")
DEFAULTS: dict[str, Any] = {**dict.fromkeys(BOOL_KEYS, False), "targets": (), "min_go": "",
                            "vulns": "off"}


@dataclass(frozen=True)
class Rule:
    value: Any
    origin: str  # "default", "--static", "/repo/.gover/release.toml:3"


@dataclass
class Switches:
    """The checks that apply to one binary."""

    rules: dict[str, Rule]

    def __getitem__(self, key: str) -> Any:
        return self.rules[key].value

    def origin(self, key: str) -> str:
        return self.rules[key].origin


@dataclass
class Policy:
    path: str | None = None
    base: dict[str, Rule] = field(default_factory=dict)
    per_target: dict[str, dict[str, Rule]] = field(default_factory=dict)

    def for_target(self, target: str, flags: Mapping[str, Rule]) -> Switches:
        rules = {k: Rule(v, "default") for k, v in DEFAULTS.items()}
        rules.update(self.base)
        if "targets" not in self.base and self.per_target:
            rules["targets"] = Rule(tuple(self.per_target), f"the [target.*] tables of {self.path}")
        rules.update(self.per_target.get(target, {}))
        rules.update(flags)
        return Switches(rules)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "targets": sorted(self.per_target)}


def check_target(text: str, what: str = "--target") -> str:
    """A GOOS/GOARCH pair Go builds for; anything else is an error listing the valid ones."""
    import difflib

    t = text.strip()
    if t in TARGETS:
        return t
    close = difflib.get_close_matches(t, TARGETS, n=3)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise UsageError(f"unknown {what} {text!r}: not a GOOS/GOARCH pair Go builds for",
                     f"{hint}valid (go tool dist list, {SOURCE_RELEASE}): {', '.join(TARGETS)}")


def check_min_go(text: str, what: str = "--min-go") -> str:
    v = versions.strip_go(text.strip())
    if not versions.is_valid(v):
        raise UsageError(f"invalid {what} {text!r}: expected a Go version such as 1.22 or 1.22.3")
    return v


def find(start: Path) -> Path | None:
    """The nearest ``.gover/release.toml`` at or above ``start``."""
    for d in (start, *start.parents):
        p = d / POLICY_FILE
        if p.is_file():
            return p
    return None


def load(path: Path) -> Policy:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    from gover.fsutil import UnreadableFile, read_regular

    try:
        raw = read_regular(path, "a policy file (gover-release.toml)", 16 << 20)
    except UnreadableFile as e:
        raise ConfigError(f"cannot read policy file {e.path}: {e.reason}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(f"cannot read policy file {path}: {e}") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = re.search(r"\(at line (\d+), column \d+\)$", msg)
        where = f"{path}:{m.group(1)}" if m else str(path)
        raise ConfigError(f"{where}: invalid TOML: {msg[:m.start()].strip() if m else msg}") from None
    loc = _Locator(text)
    policy = Policy(str(path))
    for key, value in doc.items():
        if key == "target":
            if not isinstance(value, dict):
                _bad(path, loc, (), key, 'expected tables like [target."linux/amd64"]')
            for target, table in value.items():
                if target not in TARGETS:
                    import difflib

                    close = difflib.get_close_matches(target, TARGETS, n=1)
                    _bad(path, loc, ("target",), target, f"unknown target {target!r}"
                         + (f" (did you mean {close[0]}?)" if close else "")
                         + f"; valid (go tool dist list, {SOURCE_RELEASE}): {', '.join(TARGETS)}")
                if not isinstance(table, dict):
                    _bad(path, loc, ("target",), target, "expected a table of switches")
                policy.per_target[target] = {
                    _norm(k): _rule(path, loc, ("target", target), k, v, in_target=True)
                    for k, v in table.items()}
        else:
            policy.base[_norm(key)] = _rule(path, loc, (), key, value, in_target=False)
    return policy


def _norm(key: str) -> str:
    return key.replace("-", "_")


def _rule(path: Path, loc: _Locator, table: tuple[str, ...], key: str, value: Any, *,
          in_target: bool) -> Rule:
    k = _norm(key)
    allowed = [x for x in KEYS if not (in_target and x == "targets")]
    if k not in allowed:
        _bad(path, loc, table, key, f"unknown key; expected one of {', '.join(allowed)} "
             + ("or [target.\"OS/ARCH\"] tables" if not in_target else ""))
    where = f"{path}:{loc.line(table, key)}"
    if k in BOOL_KEYS:
        if not isinstance(value, bool):
            _bad(path, loc, table, key, f"expected true or false, got {_show(value)}")
        return Rule(value, where)
    if k == "min_go":
        if not isinstance(value, str) or not versions.is_valid(versions.strip_go(value)):
            _bad(path, loc, table, key, f"expected a Go version such as \"1.22\", got {_show(value)}")
        return Rule(versions.strip_go(value), where)
    if k == "vulns":
        if value is True or value is False:
            return Rule("required" if value else "off", where)
        if value not in VULN_MODES:
            _bad(path, loc, table, key, f'expected true, false or "optional", got {_show(value)}')
        return Rule(value, where)
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        _bad(path, loc, table, key, f'expected a list like ["linux/amd64"], got {_show(value)}')
    for t in value:
        if t not in TARGETS:
            _bad(path, loc, table, key, f"unknown target {t!r}; valid (go tool dist list, "
                 f"{SOURCE_RELEASE}): {', '.join(TARGETS)}")
    return Rule(tuple(value), where)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{type(value).__name__} {value!r}" if isinstance(value, dict | list) else repr(value)


def _bad(path: Path, loc: _Locator, table: tuple[str, ...], key: str, why: str) -> None:
    dotted = ".".join((*table, key))
    raise ConfigError(f"{path}:{loc.line(table, key)}: key {dotted!r}: {why}")


_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r'^\s*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)\s*=')
_PART = re.compile(r'\s*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)\s*(?:\.|$)')


class _Locator:
    """Line numbers of keys (tomllib gives values, not positions)."""

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[tuple[str, ...], str], int] = {}
        self.tables: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        for n, line in enumerate(text.splitlines(), start=1):
            h = _HEADER.match(line)
            if h:
                table = tuple(_unquote(p) for p in _PART.findall(h.group(1)))
                self.tables.setdefault(table, n)
                continue
            k = _KEY.match(line)
            if k:
                self.keys.setdefault((table, _unquote(k.group(1))), n)

    def line(self, table: tuple[str, ...], key: str) -> int:
        if (table, key) in self.keys:
            return self.keys[(table, key)]
        sub = (*table, key)
        if sub in self.tables:
            return self.tables[sub]
        return self.tables.get(table, 1)


def _unquote(part: str) -> str:
    return part[1:-1] if part[:1] in "\"'" else part
