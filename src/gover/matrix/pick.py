"""Which Go versions a matrix runs: explicit specs, the supported releases, the go line.

Pure functions over version names (``go1.22.10``): the caller supplies the installed
names, the module's go line and a way to list the remote releases, and gets back a
Plan: versions to run, versions to install first, and notes for the user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from gover.errors import NotFoundError, NotInstalledError, UsageError
from gover.golang import versions
from gover.matrix.module import GoLine
from gover.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from gover.toolchain.releaseindex import ReleaseIndex

# Go's release policy: each major release is supported until there are two newer ones.
SUPPORTED_MINORS = 2


@record
class Plan:
    run: dict[str, list[str]] = field(default_factory=dict)  # installed name -> why chosen
    install: dict[str, list[str]] = field(default_factory=dict)  # spec to install -> why
    notes: list[str] = field(default_factory=list)

    def add_run(self, name: str, why: str) -> None:
        self.run.setdefault(name, []).append(why)

    def add_install(self, spec: str, why: str) -> None:
        self.install.setdefault(spec, []).append(why)

    def names(self) -> list[str]:
        return sorted(self.run, key=versions.sort_key)


def is_release(name: str) -> bool:
    """A stable release (go1.22.10, go1.20), not a language version (go1.21) or an RC."""
    v = versions.parse(versions.strip_go(name))
    return v.patch != "" and v.kind == ""


def newest_per_minor(names: Iterable[str]) -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], str] = {}
    for n in names:
        if not is_release(n):
            continue
        m = versions.minor_of(n)
        if m not in out or versions.sort_key(n) > versions.sort_key(out[m]):
            out[m] = n
    return out


def supported(names: Iterable[str], count: int = SUPPORTED_MINORS) -> list[str]:
    """The newest patch of each of the ``count`` newest minors, oldest first."""
    per = newest_per_minor(names)
    return [per[m] for m in sorted(per)[-count:]]


def at_least(go: str, names: Iterable[str]) -> list[str]:
    """The newest patch of every minor that satisfies a go line, oldest first.

    A patch older than the go line is skipped (``go 1.22.5`` rules out go1.22.3),
    since with GOTOOLCHAIN=local that toolchain refuses the module outright.
    """
    ok = [n for n in names if versions.compare(versions.strip_go(n), go) >= 0]
    per = newest_per_minor(ok)
    return [per[m] for m in sorted(per)]


def split_specs(values: Iterable[str]) -> list[str]:
    """``--versions 1.21,1.22 --versions 1.23`` → ["1.21", "1.22", "1.23"] (checked)."""
    specs = [s.strip() for v in values for s in v.split(",") if s.strip()]
    for s in specs:
        versions.parse_spec(s)  # raises UsageError naming the bad one
    return specs


def plan(*, installed: list[str], specs: list[str], want_supported: bool, from_go_mod: bool,
         go_line: GoLine | None, install: bool, remote: Callable[[], ReleaseIndex]) -> Plan:
    """Choose the versions; raise NotInstalledError listing every missing one at once."""
    p = Plan()
    missing: list[tuple[str, str]] = []
    if not (specs or want_supported or from_go_mod):
        if go_line is None:
            raise UsageError("choose versions with --versions, --supported or --from-go-mod "
                             "(outside a module there is no go line to start from)")
        from_go_mod = True
        p.notes.append(f"no versions given: using every installed minor from {go_line.describe()}")

    for s in specs:
        spec = versions.parse_spec(s)
        found = spec.select(installed)
        if found:
            p.add_run(found, s)
        elif install:
            p.add_install(s, s)
        else:
            missing.append((s, s))

    if want_supported:
        _supported(p, installed, install, remote, missing)

    if from_go_mod:
        if go_line is None:
            raise UsageError("--from-go-mod: no go.mod or go.work here or in any parent directory")
        chosen = at_least(go_line.version, installed)
        if not chosen:
            missing.append((versions.lang(go_line.version), f"{go_line.file.name}: go {go_line.version}"))
        for n in chosen:
            p.add_run(n, f"{go_line.file.name}: go {go_line.version}")

    if missing:
        raise _not_installed(missing, installed)
    if not p.run and not p.install:  # e.g. an index that lists no stable release
        raise NotFoundError("no Go version to run: the release index lists no stable release",
                            hint="use --versions, or check GOVER_DL_URL")
    if go_line is not None:
        for n in p.names():
            if versions.compare(versions.strip_go(n), go_line.version) < 0:
                p.notes.append(f"{n} is older than {go_line.describe()}: go commands there will "
                               f"fail with GOTOOLCHAIN=local (go.mod requires go >= ...)")
    return p


def _supported(p: Plan, installed: list[str], install: bool, remote: Callable[[], ReleaseIndex],
               missing: list[tuple[str, str]]) -> None:
    index = remote()
    if index.from_installed:
        p.notes.append(f"{index.unreachable}; --supported picks from the installed versions instead")
        chosen = supported(installed)
        if not chosen:
            missing.append(("latest", "--supported"))
        for n in chosen:
            p.add_run(n, "supported")
        return
    if index.stale_reason:  # a fresh cache is said by the caller, before any error
        p.notes.append(index.cache_note())
    local = newest_per_minor(installed)
    for newest in supported(index.releases):
        if newest in installed:
            p.add_run(newest, "supported")
        elif install:
            p.add_install(versions.strip_go(newest), "supported")
        elif (have := local.get(versions.minor_of(newest))) is not None:
            p.add_run(have, "supported")
            p.notes.append(f"{newest} is the newest go{versions.lang(newest[2:])}; testing the "
                           f"installed {have} (add --install to test {newest})")
        else:
            missing.append((versions.strip_go(newest), "--supported"))


def _not_installed(missing: list[tuple[str, str]], installed: list[str]) -> NotInstalledError:
    what = ", ".join(s if s == why else f"{s} ({why})" for s, why in missing)
    have = ", ".join(installed) or "none"
    return NotInstalledError(f"not installed: {what} (installed: {have})",
                             hint="run: gover install " + " ".join(s for s, _ in missing)
                             + ", or add --install")
